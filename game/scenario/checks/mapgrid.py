"""The map: the rows form a rectangle of legend characters, within the size the engine can hold.

Messages name the real mistake rather than its consequences: rows written without a ``|`` block
(YAML folds them into one line), trailing spaces (invisible, yet cells), a character missing
from the legend (with its exact column in the file).
"""

from __future__ import annotations

from game.scenario.checks.doc import Doc, as_dict
from game.scenario.errors import Mark
from game.scenario.yamlload import mark_at

# Each cell costs the engine a few dozen bytes per layer and per side (terrain, sight, control,
# reach maps); 160,000 cells (400 x 400) keeps a game well under a gigabyte.
MAX_CELLS = 160_000
MAX_SIDE = 1000


def check_terrain_chars(doc: Doc) -> None:
    """Each terrain character draws one terrain."""
    seen: dict[str, str] = {}
    for tid, t in doc.section("terrain").items():
        if isinstance(t, dict) and isinstance(t.get("char"), str):
            if t["char"] in seen:
                doc.err(("terrain", tid, "char"), f"the character '{t['char']}' already draws terrain '{seen[t['char']]}'")
            seen[t["char"]] = tid


def _indent(doc: Doc) -> int:
    """Columns of indentation before the map rows (a | block), so a bad character's column is exact."""
    return max(0, getattr(as_dict(doc.d.get("map")), "indents", {}).get("rows", 0))


def check_grid(doc: Doc) -> None:
    """Rows of equal width, every character in the legend; sets ``doc.grid`` when the map is usable."""
    lines = doc.rows
    if lines is None:
        return
    mp = as_dict(doc.d.get("map"))
    block = "rows" in getattr(mp, "indents", {})
    first = mark_at(doc.d, ("map", "rows"))
    file = first.file if first else "<scenario>"
    base = first.line + 1 if first else 0
    chars = {t.get("char") for t in doc.section("terrain").values() if isinstance(t, dict)}
    if len(lines) == 1 and " " in lines[0].strip() and not block:
        doc.err(("map", "rows"), "the map rows were read as one line: write 'rows: |' and the rows below it, "
                "indented, so each line stays a row (without '|', YAML joins the lines with spaces)")
        return
    widest = max(len(ln) for ln in lines)
    if len(lines) * widest > MAX_CELLS or len(lines) > MAX_SIDE or widest > MAX_SIDE:
        doc.err(("map", "rows"), f"the map is {widest} x {len(lines)} cells; the engine "
                f"holds at most {MAX_CELLS:,} cells (for example 400 x 400), and at most {MAX_SIDE} on a side")
        return
    trailing = [i for i, ln in enumerate(lines) if ln != ln.rstrip(" ")]
    for i in trailing:
        n = len(lines[i]) - len(lines[i].rstrip(" "))
        doc.err_at(Mark(file, base + i if base else 0, len(lines[i].rstrip(" ")) + 1 + _indent(doc)), f"map.rows[{i}]",
                   f"map row {i} ends with {n} space{'s' if n != 1 else ''}, which would count as cells; remove "
                   "the trailing spaces")
    stripped = [ln.rstrip(" ") for ln in lines]
    width = len(stripped[0])
    ok = width > 0 and not trailing
    for i, line in enumerate(stripped):
        line_no = base + i if base else 0
        if len(line) != width:
            doc.err_at(Mark(file, line_no, 1), f"map.rows[{i}]", f"map row {i} has {len(line)} cells; the first row "
                       f"has {width}")
            ok = False
        for j, ch in enumerate(line):
            if ch not in chars:
                doc.err_at(Mark(file, line_no, j + 1 + _indent(doc)), f"map.rows[{i}]",
                           f"'{ch}' at cell [{j}, {i}] is not in the terrain legend; characters in use: "
                           f"{' '.join(sorted(c for c in chars if isinstance(c, str)))}")
                ok = False
    doc.grid = lines if ok else None
