"""The briefing before a side's first move, the objectives panel (key O), and the attack preview's
breakdown of the odds into their modifiers.

The words come from ``game.control.objectives`` (scenario data and the side's own observation)
and the modifiers from the engine's ``Odds.factors``: these cards only lay them out.
"""

from __future__ import annotations

from game.control.objectives import Line, briefing_lines, progress_lines
from game.engine.combat import Prediction
from game.engine.game import Game
from game.engine.observation import Observation
from game.ui.dialogs import Dialog
from game.ui.widgets import esc, tone


def _html(lines: list[Line]) -> str:
    return "<br>".join(f"<b>{tone(t, 'title')}</b>" if k == "title" else tone(t, k) for t, k in lines)


def briefing_card(game: Game, side: str) -> Dialog:
    """Shown once, before the side's first move (each hotseat player gets their own)."""
    name = game.scenario.sides[side].name
    return Dialog(f"Briefing: {name}", _html(briefing_lines(game, side)), [("ok", "To my first move")],
                  tag="briefing", cancel="ok", width=760, height=520)


def objectives_card(obs: Observation) -> Dialog:
    """The objectives panel: points now, each objective's live share, how the game is won and lost."""
    return Dialog("Objectives", _html(progress_lines(obs)), [("ok", "Close")], tag="objectives", cancel="ok",
                  width=760, height=440)


def modifiers_html(p: Prediction) -> str:
    """The odds broken down as the engine computed them: each modifier's effect on the chance to hit."""
    factors = p.odds.factors
    if not factors:
        return ""
    rows = [tone("What changes the odds (chance to hit the enemy, per attacking step)", "title")]
    for f in factors:
        if abs(f.effect - 1.0) < 1e-9:
            eff, name = "no change", "dim"
        else:
            eff = f"×{f.effect:.2f}".rstrip("0").rstrip(".")
            name = "good" if f.effect > 1 else "bad"
        rows.append(f"{tone(f.name.capitalize(), name)}: {esc(f.note)} — <b>{esc(eff)}</b>")
    rows.append(tone(f"Chance to hit per step: {p.odds.p_hit_defender:.0%}"
                     + (f"; their return fire per step: {p.odds.p_hit_attacker:.0%}" if p.odds.p_hit_attacker else
                        "; no return fire"), "dim"))
    return "<br>".join(rows)
