"""`python -m medcity`, and the `medcity` console script (`medcity.__main__:run`).

Ctrl-C ends medcity with 130 from its first moment: until `run` takes over, an interrupt ends
the process at once, as there is nothing yet to undo. Only the medcity program imports this
module; a library user of medcity keeps Python's own handling of Ctrl-C, and of garbage.
"""

import gc
import os
import signal

signal.signal(signal.SIGINT, lambda *_: os._exit(130))
# No cycle collection in the medcity process (see process.start), from before its imports on:
# they make thousands of long-lived objects, and collecting among them only costs time.
gc.disable()

from medcity.cli import process  # noqa: E402  (after the handler: an import can be interrupted)

__all__ = ["run"]


def _main() -> None:
    from medcity.cli.app import main  # the commands, imported under process.run's Ctrl-C

    main()


def run() -> None:
    process.run(_main)


if __name__ == "__main__":
    run()
