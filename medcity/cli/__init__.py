"""The `medcity` command: thin Typer commands that parse, query and render, and its exit codes."""

from medcity.cli.app import main

__all__ = ["main"]
