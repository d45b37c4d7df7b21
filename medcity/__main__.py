from medcity.cli.app import main

main()
