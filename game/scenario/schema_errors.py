"""Schema errors in a designer's words: each jsonschema error becomes one located, plain sentence.

jsonschema reports what failed in its own terms ("'x' is not one of [...]", a oneOf with nine
sub-errors); a designer needs what was expected, what was found and where, with a suggestion
when a word is close to a known one. Errors that say the same thing twice are merged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from game.scenario.errors import Diagnostic, did_you_mean, format_path
from game.scenario.schema import scenario_schema
from game.scenario.yamlload import key_mark_at, mark_at

_VALIDATOR = jsonschema.Draft202012Validator(scenario_schema())
# Missing keys the semantic checks report with more to say (a what-if's misspelt id, the old 'on').
_SAID_BY_CHECKS = {(("units",), "type"), (("units",), "faction"), (("triggers",), "when"), (("triggers",), "do")}
YAML11_HINT = " (YAML reads bare yes/no/on/off as true/false and 1.10 as the number 1.1: put the value in quotes)"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 60 else "a long text"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "null": "null"}


def schema_errors(data: Any) -> Iterator[Diagnostic]:
    """Every schema error in ``data``, translated and located."""
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    # A misspelt required key shows up twice (unknown 'turn_hour', missing 'turn_hours'); say it once.
    misspelt: set[tuple[tuple[Any, ...], str]] = set()
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list(err.schema.get("properties", {}))
            for key in err.instance:
                if key not in allowed and (close := did_you_mean(key, allowed)):
                    misspelt.add((tuple(err.absolute_path), close.split("'")[1]))
    # A value of the wrong type also fails its enum or pattern: the type error says it better.
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for err in errors:
        if err.validator in ("enum", "const", "pattern") and tuple(err.absolute_path) in mistyped:
            continue
        yield from _translate(data, err, misspelt)


def _translate(data: Any, err: jsonschema.ValidationError,
               misspelt: set[tuple[tuple[Any, ...], str]] | None = None) -> Iterator[Diagnostic]:
    path = tuple(err.absolute_path)
    where = mark_at(data, path)
    shown = format_path(path)
    v = err.instance
    kind = err.validator
    if kind == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        for key in [k for k in v if k not in allowed] if isinstance(v, dict) else []:
            if key == "on" and len(path) == 2 and path[0] == "triggers":
                continue  # the old name of 'when': the trigger checks say what to change
            msg = f"unknown key '{key}'{did_you_mean(key, allowed)}; expected one of: {', '.join(allowed)}"
            if path[-2:-1] == ("do",):
                msg = f"unknown effect '{key}'{did_you_mean(key, allowed)}; effects are: {', '.join(allowed)}"
            yield Diagnostic(key_mark_at(data, (*path, key)), format_path((*path, key)), msg)
        return
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        if (path, missing) in (misspelt or set()) or (path[:1], missing) in _SAID_BY_CHECKS and len(path) == 2:
            return
        about = err.schema.get("properties", {}).get(missing, {}).get("description", "")
        yield Diagnostic(where, shown, f"missing key '{missing}'{': ' + about if about else ''}")
        return
    if kind == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        words = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in want)
        hint = YAML11_HINT if isinstance(v, bool | float) and "string" in want else ""
        if v is None and "string" in want:
            hint = " (if you wrote a value starting with '#', YAML read it as a comment: put it in quotes)"
        yield Diagnostic(where, shown, f"expected {words}, found {_describe(v)}{hint}")
        return
    if kind in ("enum", "const"):
        options = err.validator_value if kind == "enum" else [err.validator_value]
        hint = YAML11_HINT if isinstance(v, bool) else ""
        yield Diagnostic(where, shown, f"expected one of {', '.join(map(str, options))}; found {_describe(v)}"
                         f"{did_you_mean(v, [str(o) for o in options])}{hint}")
        return
    if kind == "pattern":
        if err.validator_value == scenario_schema()["properties"]["id"]["pattern"]:
            yield Diagnostic(where, shown, f"'{v}' is not a valid id: use lower-case letters, digits and '_', "
                             "starting with a letter")
        elif "S" in err.validator_value and "\\d" in err.validator_value:
            yield Diagnostic(where, shown, f"'{v}' is not a source marker; write S followed by its number, e.g. S28")
        elif "#" in err.validator_value:
            yield Diagnostic(where, shown, f"'{v}' is not a colour; write #rrggbb, e.g. #3a6ea5")
        else:
            yield Diagnostic(where, shown, f"'{v}' is not a date; write 2017-11-09 or 2017-11-09T18:00")
        return
    if kind == "propertyNames":
        for sub in err.context:
            bad = sub.instance
            yield Diagnostic(key_mark_at(data, (*path, bad)), format_path((*path, bad)),
                             f"'{bad}' is not a valid id here: use lower-case letters, digits and '_' "
                             "(source markers: S and a number)")
        return
    if kind in ("minProperties", "maxProperties") and err.schema.get("maxProperties") == 1:
        yield Diagnostic(where, shown, "an effect is a mapping with exactly one key (the verb), found "
                         f"{'keys ' + ', '.join(map(str, v)) if v else 'none'}")
        return
    if kind == "oneOf" and all(isinstance(b, dict) and set(b) == {"required"} for b in err.validator_value):
        return  # "exactly one of these keys": the semantic checks say which were found
    if kind == "maxLength" and err.validator_value == 1:
        yield Diagnostic(where, shown, f"expected one character, found '{v}' ({len(v)} characters)")
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum"):
        rel = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than"}[kind]
        yield Diagnostic(where, shown, f"expected {rel} {err.validator_value}, found {v}")
        return
    if kind in ("minItems", "maxItems") and isinstance(v, list) and err.schema.get("minItems") == err.schema.get("maxItems"):
        yield Diagnostic(where, shown, f"expected a list of {err.schema['minItems']} numbers, found {len(v)}")
        return
    yield Diagnostic(where, shown, err.message)
