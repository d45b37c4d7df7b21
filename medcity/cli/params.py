"""Plain command-line values taken without pydantic, so that a warm run never imports it.

Recent Typer releases coerce every parameter's value through a pydantic `TypeAdapter` built on
first use: a run that parses any parameter imports pydantic (and scans the installed packages
for its plugins), which costs more than a warm medcity command needs for everything else. For
the plain values medcity's parameters take (text, a whole number written in digits, a list of
text, one of an enum's values written exactly), `PlainValue` gives what Typer's adapter gives;
for anything else (a bad value, a value to normalise, bytes) it hands over to Typer's own, so
messages and edge cases stay Typer's. `install` does nothing with a Typer that has no such
coercion. tests/test_cache.py checks every parameter against Typer's adapter.
"""

from enum import Enum
from typing import Any, get_args, get_origin


class PlainValue:
    """Coerces one parameter's value like Typer's runtime parameter, for plain values."""

    def __init__(self, param: Any) -> None:
        self._param = param
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        self._annotation = descriptor.annotation
        self._typer: Any = None
        self._plain = info.parser is None and getattr(info, "min", None) is None
        self._plain = self._plain and getattr(info, "max", None) is None
        self._choices: dict[str, Enum] = {}
        if isinstance(self._annotation, type) and issubclass(self._annotation, Enum):
            members = list(self._annotation)
            folded = {str(m.value).casefold() for m in members}
            if len(folded) == len(members):  # no two members that only case tells apart
                self._choices = {str(m.value): m for m in members}

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multiple = param.multiple or param.nargs == -1
        if value is None:
            return () if multiple else None
        found, plain = self._take(value, ctx)
        if found:
            return plain
        if self._typer is None:
            param._runtime_param = None  # Typer builds its own on request ...
            try:
                self._typer = param.get_runtime_param()
            finally:
                param._runtime_param = self  # ... and this one stays in front of it
        return self._typer.coerce(value, param=param, ctx=ctx)

    def _take(self, value: Any, ctx: Any) -> tuple[bool, Any]:
        """(True, the value Typer would give) for a plain value, else (False, None)."""
        annotation = self._annotation
        if not self._plain:
            return False, None
        if annotation is str and type(value) is str:
            return True, value
        if annotation is int:
            if type(value) is int:
                return True, value
            if type(value) is str and value.isascii() and value.isdigit():
                return True, int(value)
            return False, None
        if annotation is bool and type(value) is bool:
            return True, value
        if self._choices:
            if isinstance(value, Enum) and value in self._choices.values():
                return True, value
            if type(value) is str and getattr(ctx, "token_normalize_func", None) is None:
                member = self._choices.get(value)
                if member is not None:
                    return True, member
            return False, None
        listed = get_origin(annotation) is list and get_args(annotation) == (str,)
        if listed and isinstance(value, list | tuple) and all(type(v) is str for v in value):
            return True, list(value)
        return False, None


def install(command: Any) -> None:
    """Put `PlainValue` in front of Typer's coercion for every parameter of `command` and of
    its subcommands, the help options Click makes per run included; nothing happens with a
    Typer that coerces otherwise."""
    for each in [command, *getattr(command, "commands", {}).values()]:
        get_params = getattr(each, "get_params", None)
        if get_params is None or getattr(get_params, "plain_values", False):
            continue

        def plain_params(ctx: Any, get_params: Any = get_params) -> Any:
            params = get_params(ctx)
            for param in params:
                if getattr(param, "is_flag", False) and param.metavar is None:
                    param.metavar = ""  # a flag takes no value: --help shows no <bool>
                if not hasattr(param, "type_descriptor") or not hasattr(param, "get_runtime_param"):
                    continue
                if getattr(param, "_runtime_param", "absent") is None:
                    param._runtime_param = PlainValue(param)
            return params

        plain_params.plain_values = True  # type: ignore[attr-defined]
        each.get_params = plain_params
