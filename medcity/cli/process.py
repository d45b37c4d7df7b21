"""What only the `medcity` process does, never a library user's: its garbage-collector
settings, its streams (closed, a pipe whose reader may leave, a full disk), Ctrl-C at any
moment, and ending without teardown."""

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from medcity.errors import ExitCode, OutputError


class ReaderGone(Exception):
    """stdout's reader has gone (`| head`): it read all it wanted, so the command succeeds."""


def run(main: Callable[[], object]) -> NoReturn:
    """The `medcity` program, `main` (which imports the commands): Ctrl-C at any moment,
    imports included, ends in 130.

    medcity.__main__ ends the process on Ctrl-C until here; from here on an interrupt raises
    KeyboardInterrupt again, so that what a command was writing is cleaned up on its way out.
    """
    try:
        signal.signal(signal.SIGINT, _interrupt)
        sys.unraisablehook = _unraisable
        _stand_in_streams()
        main()
    except KeyboardInterrupt:
        pass
    exit_now(ExitCode.INTERRUPTED)


_interrupted = [False]


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C: remembered, then raised. Python swallows an exception raised inside a callback
    it calls for itself (an import's module-lock callback, say); the exit code still says 130."""
    _interrupted[0] = True
    raise KeyboardInterrupt


def _unraisable(info: Any) -> None:
    if isinstance(info.exc_value, KeyboardInterrupt):
        return  # Ctrl-C landed in a callback: exit_now ends in 130, with no traceback
    sys.__unraisablehook__(info)


def start() -> None:
    # A medcity process is short-lived and builds many long-lived objects; collecting cycles
    # among them only costs time. Library users of medcity.load() keep their own settings.
    gc.disable()
    _stand_in_streams()


class _Output:
    """stdout as the program writes it: a reader that has gone raises ReaderGone, any other
    failure to write (a full disk, an I/O error) an OutputError, wherever the write is made
    (the help included). Everything else is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with _output_errors():
            written: int = self._stream.write(text)
        return written

    def flush(self) -> None:
        with _output_errors():
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _stand_in_streams() -> None:
    """A closed stdout or stderr (`>&-`) becomes /dev/null, so writing to it is no error, and
    no file medcity opens later can take its place; stdout is wrapped in `_Output`."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            # The lowest free descriptor: 1 or 2 itself when it was closed.
            stand_in = open(os.open(os.devnull, os.O_WRONLY), "w", encoding="utf-8")  # noqa: SIM115
            setattr(sys, name, stand_in)
    if not isinstance(sys.stdout, _Output):
        sys.stdout = _Output(sys.stdout)


def write(text: str) -> None:
    """Write to stdout; a reader that stops early raises ReaderGone after silencing stdout."""
    with _output_errors():
        sys.stdout.write(text)
        sys.stdout.flush()


@contextlib.contextmanager
def _output_errors() -> Iterator[None]:
    """A reader that has gone is ReaderGone; any other failure to write (a full disk) is an
    OutputError. Either way stdout is silenced, so the flush at exit cannot fail again."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        raise ReaderGone from None
    except OSError as exc:
        _silence_stdout()
        raise OutputError(f"cannot write output: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def exit_now(code: object) -> NoReturn:
    """Flush the output and end the process without tearing down its objects.

    Freeing every record of a large dataset one by one only to exit costs time that grows
    with the data (docs/performance.md); mypy's `hard_exit` skips the same work. Nothing of
    medcity's runs at exit, so flushing the two streams is all a normal exit would still do.
    """
    if _interrupted[0]:
        code = ExitCode.INTERRUPTED  # even where the KeyboardInterrupt itself was swallowed
    elif code is None:
        code = ExitCode.OK
    elif not isinstance(code, int):  # sys.exit("message"), as Python prints it
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        sys.stdout.flush()
    except (ReaderGone, BrokenPipeError, ValueError):
        pass  # a reader that has gone (`| head`) read all it wanted; see write
    except (OutputError, OSError) as exc:
        if code == ExitCode.OK:
            message = exc.message if isinstance(exc, OutputError) else f"{exc}"
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"medcity: error: {message}\n")
            code = ExitCode.OUTPUT
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(int(code))
