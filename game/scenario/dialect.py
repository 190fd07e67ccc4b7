"""One YAML dialect: what a YAML 1.2 reader makes of a plain value, and the message when 1.1 reads it otherwise.

Editors read YAML 1.2 (the JSON-compatible core schema); PyYAML and older tools read YAML 1.1. The
loader refuses a plain value on which they disagree, so a scenario means the same to the
validator, an editor and a designer's own script.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_NULL_12 = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL_12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_12 = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_12 = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def core_12(text: str) -> Any:
    """What a YAML 1.2 reader (an editor, the JSON-compatible core schema) makes of a plain scalar."""
    if _NULL_12.match(text):
        return None
    if text in _BOOL_12:
        return _BOOL_12[text]
    if _INT_12.match(text):
        return int(text)
    if re.match(r"^0o[0-7]+$", text):
        return int(text[2:], 8)
    if re.match(r"^0x[0-9a-fA-F]+$", text):
        return int(text[2:], 16)
    if _FLOAT_12.match(text):
        return float(text)
    if re.match(r"^[-+]?(\.inf|\.Inf|\.INF)$", text):
        return float("-inf") if text.startswith("-") else float("inf")
    if text in (".nan", ".NaN", ".NAN"):
        return float("nan")
    return text


def same_value(a: Any, b: Any) -> bool:
    """The same value of the same type (nan equals nan here)."""
    return type(a) is type(b) and (a == b or repr(a) == repr(b))


def _reading(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return f"the boolean {str(v).lower()}"
    if isinstance(v, dt.date):
        return "a date"
    if isinstance(v, int | float):
        return f"the number {v}"
    return "text"


def dialect_message(text: str, v11: Any, v12: Any) -> str:
    """Why a plain value is refused: YAML 1.1 readers (PyYAML, older editors) and 1.2 readers disagree on it.

    A scenario means one thing to every reader, so the validator, an editor and a designer's own
    script must agree; the fix is always to write the value in the form both read the same way.
    """
    both = f"'{text}' is {_reading(v11)} to a YAML 1.1 reader (PyYAML) but {_reading(v12)} to a YAML 1.2 reader " \
           "(editors)"
    if isinstance(v11, bool):
        return f"{both}: write {str(v11).lower()}, or put it in quotes if you mean the text"
    if isinstance(v11, dt.date):
        return f"{both}: put dates in quotes, e.g. '{text}'"
    if isinstance(v12, float) and isinstance(v11, str):
        return f"{both}: write the number with a decimal point and a signed exponent (e.g. 1.0e+3), or quote it"
    if isinstance(v11, int) and isinstance(v12, int):
        return f"{both}: write {v12} or {v11}, whichever you mean, without the leading 0"
    if isinstance(v11, int):
        return f"{both}: write {v11}, or put it in quotes if you mean the text"
    return f"{both}: write {v12}, or put it in quotes if you mean the text"
