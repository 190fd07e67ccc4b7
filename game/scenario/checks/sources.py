"""Sources: every [S..] marker a text cites is defined, and a narration lists the markers its text cites."""

from __future__ import annotations

import re

from game.scenario.checks.doc import Doc, as_dict, as_list, leaves
from game.scenario.errors import did_you_mean

MARKER = re.compile(r"\[(S\d+)\]")


def check_source_lists(doc: Doc) -> None:
    """The sources listed by narrations and phases exist."""
    sources = doc.section("sources")
    for nid, n in doc.section("narration").items():
        for j, s in enumerate(as_list(as_dict(n).get("sources"))):
            if isinstance(s, str) and s not in sources:
                doc.err(("narration", nid, "sources", j), f"source {s} is not in this scenario's sources list")
    for i, p in doc.records("phases"):
        for j, s in enumerate(as_list(p.get("sources"))):
            if isinstance(s, str) and s not in sources:
                doc.err(("phases", i, "sources", j), f"source {s} is not in this scenario's sources list")


def check_markers(doc: Doc) -> None:
    """Every [S..] written in a text is defined in 'sources', and a narration lists the ones its text cites."""
    sources = doc.section("sources")

    for path, x in leaves(doc.d):
        if isinstance(x, str) and path[:1] != ("sources",):
            for marker in dict.fromkeys(MARKER.findall(x)):
                if marker not in sources:
                    doc.err(path, f"the text cites [{marker}], which is not in this scenario's sources list"
                            f"{did_you_mean(marker, sources)}")
    for nid, n in doc.section("narration").items():
        text, listed = as_dict(n).get("text"), as_list(as_dict(n).get("sources"))
        if isinstance(text, str):
            missing = [s for s in dict.fromkeys(MARKER.findall(text)) if s in sources and s not in listed]
            if missing:
                doc.err(("narration", nid, "sources") if "sources" in as_dict(n) else ("narration", nid),
                        f"the text cites {', '.join(f'[{s}]' for s in missing)}; add "
                        f"{'it' if len(missing) == 1 else 'them'} to this narration's sources list")
