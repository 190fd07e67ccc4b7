"""The building blocks of the scenario schema: ids, cells, dates, shares, and the helpers that make records.

Patterns carry an ``errorMessage`` (read by the YAML language server and VS Code) so an editor
shows "write 2017-11-09 or 2017-11-09T18:00" rather than the regular expression; the validator
ignores the keyword and words its own messages.
"""

from __future__ import annotations

from typing import Any

ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$",
      "errorMessage": "An id: lower-case letters, digits and '_', starting with a letter.",
      "description": "An identifier: lower-case letters, digits and '_', starting with a letter."}
CELL = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2,
        "description": "A map cell as [x, y]: column and row counted from 0 at the top-left."}
RECT = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 4, "maxItems": 4,
        "description": "A rectangle of cells [x0, y0, x1, y1], corners included."}
SHARE = {"type": "number", "minimum": 0, "maximum": 1}
TEXT = {"type": "string", "minLength": 1}
ASSUMPTION = {"type": "string", "pattern": "^Model assumption: .+",
              "errorMessage": "Start with 'Model assumption: '.",
              "description": "What the model invents where the sources are silent; shown to players and teachers. "
                             "Starts with 'Model assumption: '."}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$",
        "errorMessage": "A date: write \"2017-11-09\" (in quotes) or 2017-11-09T18:00.",
        "description": "A date (\"2017-11-09\", in quotes) or date and time (2017-11-09T18:00)."}
COLOR = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$", "errorMessage": "A colour: write \"#rrggbb\" (in quotes).",
         "description": "A colour as #rrggbb."}
ID_LIST = {"type": "array", "items": ID, "uniqueItems": True}
MARKER = {"type": "string", "pattern": r"^S\d+$", "errorMessage": "A source marker: S and a number, e.g. S28."}


def obj(props: dict[str, Any], required: list[str] | None = None, description: str = "") -> dict[str, Any]:
    """A record: these keys and no others, some required."""
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    if description:
        out["description"] = description
    return out


def described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """``schema`` with a description (shown on hover and in the generated reference)."""
    return {**schema, "description": description}


def one_of_keys(*keys: str) -> dict[str, Any]:
    """Exactly one of these keys must be present: the editor underlines none or two.

    Written as ``oneOf`` branches that only require a key, so the what-if schema (which drops
    every ``required``) can recognise and drop the whole rule.
    """
    return {"oneOf": [{"required": [k]} for k in keys]}
