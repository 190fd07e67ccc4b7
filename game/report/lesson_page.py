"""The lesson's own page beside its reports: the lines it holds, the odds runs and decision windows,
and the teacher's notes and "pause and ask" questions in the order of the game, each with its
turn and date, so a teacher can print one sheet to lead the class with.

It is a small static HTML page (no scripts, no network) written atomically like every report file.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from game.jsondoc import write_atomic
from game.lesson import HISTORY, Lesson, turn_at
from game.narrate.grammar import when_label
from game.narrate.names import Names
from game.sim.odds import parse_odds

_STYLE = """body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
li{margin:.3em 0}.ask{font-weight:bold}.when{color:#555}.partial{color:#8a4b00}
@media print{a{color:inherit;text-decoration:none}}"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def lesson_page(lesson: Lesson, lesson_file: str, reports: dict[str, str]) -> str:
    """The page as HTML; ``reports`` maps a line's name to the report file written for it."""
    h = lesson.history
    game = h.game
    title = lesson.title or h.scenario.title

    def when(line: str, at: int) -> str:
        turn = turn_at(lesson.line(line), at)
        return f"turn {turn}, {when_label(*game.date_of(turn).split(' '))}"

    def line_name(line: str) -> str:
        return "the historical line" if line == HISTORY else f"the branch “{line}”"

    def link(line: str, text: str) -> str:
        return f'<a href="{_e(reports[line])}">{_e(text)}</a>' if line in reports else _e(text)

    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>",
             f"<style>{_STYLE}</style></head><body>",
             f"<h1>{_e(title)}</h1>",
             f"<p>Lesson file {_e(lesson_file)}: scenario {_e(h.scenario.title)}, seed {h.seed}.</p>",
             "<h2>Lines</h2><ul>"]
    names = Names(h.scenario, None)
    played = ", ".join(f"{_e(names.side(s))}: {_e(p)}" for s, p in lesson.policies.items())
    parts.append(f"<li>{link(HISTORY, 'Historical line')}: {len(h.actions)} actions ({played}).</li>")
    for b in lesson.branches:
        who = ", ".join(f"{_e(names.side(s))}: {_e(p)}" for s, p in b.controllers.items())
        parts.append(f"<li>{link(b.name, 'Branch “' + b.name + '”')}: from {_e(when(HISTORY, b.at))} "
                     f"({who}); {len(b.own_actions)} actions of its own.</li>")
    parts.append("</ul>")
    if lesson.odds or lesson.windows:
        parts.append("<h2>Odds runs and decision windows</h2><ul>")
        for r in lesson.odds:
            partial = " <span class='partial'>(cancelled: partial result)</span>" if r.partial else ""
            parts.append(f"<li>Odds “{_e(r.name)}” from {_e(when(r.line, r.at))} on {_e(line_name(r.line))}"
                         f"{partial}. {_e(odds_sentence(r.result, names))}</li>")
        for r in lesson.windows:
            parts.append(f"<li>Decision window “{_e(r.name)}” from {_e(when(r.line, r.at))} on "
                         f"{_e(line_name(r.line))}.</li>")
        parts.append("</ul>")
    order = {HISTORY: 0, **{b.name: i + 1 for i, b in enumerate(lesson.branches)}}
    notes = sorted(lesson.notes, key=lambda n: (order.get(n.line, 99), n.at))
    parts.append("<h2>Notes and questions</h2>")
    if not notes:
        parts.append("<p>This lesson has no notes or questions yet.</p>")
    else:
        parts.append("<ul>")
        for n in notes:
            label = "<span class='ask'>Pause and ask:</span> " if n.ask else ""
            parts.append(f"<li><span class='when'>{_e(when(n.line, n.at))}, {_e(line_name(n.line))}</span><br>"
                         f"{label}{_e(n.text)}</li>")
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def odds_sentence(result: dict[str, Any], names: Names) -> str:
    """The odds in one sentence a class can read: for each player, who won how many of its games."""
    said = []
    for p in parse_odds(result).policies:
        wins = sorted(p.outcomes.items(), key=lambda kv: -kv[1])
        told = ", ".join(f"no single winner in {n}" if w == "none" else f"{names.side(w)} won {n}"
                         for w, n in wins if n)
        said.append(f"With {p.name} ({p.runs} games): {told or 'no results'}.")
    return " ".join(said)


def write_lesson_page(lesson: Lesson, out_dir: Path, lesson_file: str, reports: dict[str, str]) -> Path:
    return write_atomic(out_dir / "lesson.html", lesson_page(lesson, lesson_file, reports))
