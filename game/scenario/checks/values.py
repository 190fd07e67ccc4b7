"""Checks on every value of the document: finite numbers only, and 'remove' only where it means something."""

from __future__ import annotations

import math

from game.scenario.checks.doc import Doc, as_list, leaves


def check_finite(doc: Doc) -> None:
    """.nan and .inf (and 1.0e+999) are refused: the engine would compare, add and save them silently wrong."""
    for path, x in leaves(doc.d):
        if isinstance(x, float) and not math.isfinite(x):
            doc.err(path, f"{x} is not a finite number; write an ordinary number")


def check_leftover_removals(doc: Doc) -> None:
    """'remove' (or ~) only makes sense in a what-if; in a scenario that extends nothing it removes nothing."""
    for key in ("units", "triggers", "phases"):
        for i, item in enumerate(as_list(doc.d.get(key))):
            if isinstance(item, dict) and item.get("remove") is True:
                doc.err((key, i, "remove"), "'remove: true' drops an entry of the scenario a what-if extends; this "
                        "file extends nothing: delete the entry instead")
