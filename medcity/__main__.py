from medcity.cli import main

main()
