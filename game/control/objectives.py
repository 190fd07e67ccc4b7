"""What a side is playing for, in plain words: the briefing before its first move and the live
objectives panel.

Built from the scenario's victory, declaration and side data and from one side's observation
(its own points, the control it last saw), with shares from the engine's one tally formula, so
the panel never shows a figure the side could not know and never disagrees with the score.
Pygame-free: the desktop screens and any other front end draw these lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.game import Game
from game.engine.observation import Observation
from game.engine.tally import zone_share

Line = tuple[str, str]  # text, tone ("title", "info", "good", "warn", "bad", "dim")

WHEN = {
    "end": "held when the game ends",
    "each_turn": "for every turn it is held",
    "first": "once, for the first side to hold it",
}


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective and how the side stands on it now (as far as it can see)."""

    name: str
    zone: str
    points: float
    hold: float  # the share of the zone's cells that counts as holding it
    when: str
    share: float  # what the side holds now, by its own observation

    @property
    def met(self) -> bool:
        """Whether the side holds enough of the zone now."""
        return self.share >= self.hold

    def text(self) -> str:
        """'Hold Abu Kamal: 30 points, held when the game ends (60% of it); now 12%'."""
        return (f"{self.name}: {self.points:g} points, {WHEN.get(self.when, self.when)} "
                f"({self.hold:.0%} of it); now {self.share:.0%}")


def objective_rows(obs: Observation, side: str | None = None) -> list[ObjectiveRow]:
    """The side's objectives with its share of each zone from its own observation."""
    game = obs.game
    side = side or obs.side
    v = game.scenario.victory.get(side or "")
    if v is None or side is None:
        return []
    zones = game.scenario.zones
    return [ObjectiveRow(o.name or f"Hold {zones[o.zone].name}", o.zone, o.points, o.hold, o.when,
                         zone_share(game, obs.control, o.zone, side)) for o in v.objectives]


def _points(p: float) -> str:
    return f"{p:g} point" + ("" if abs(p) == 1 else "s")


def _signed(p: float) -> str:
    return ("+" if p > 0 else "") + _points(p)


def scoring_lines(game: Game, side: str) -> list[Line]:
    """How the side wins and loses, and what else scores, from the scenario's victory data."""
    v = game.scenario.victory.get(side)
    if v is None:
        return [("This side has no objectives in this scenario.", "dim")]
    out: list[Line] = [(f"Win with at least {_points(v.win_at)} when the game ends; below "
                        f"{_points(v.lose_below)} it is a loss; in between, a draw.", "info")]
    if v.enemy_step:
        out.append((f"Each enemy strength step destroyed: {_signed(v.enemy_step)}.", "info"))
    if v.own_step:
        out.append((f"Each own strength step lost: {_signed(v.own_step)}.", "info"))
    dec = game.scenario.declarations.get(side)
    if dec is not None:
        zone = game.scenario.zones[dec.zone].name
        text = (f"You may declare victory in {zone} once you hold {dec.min_control:.0%} of it"
                + (" and see no enemy there" if dec.clear_of_enemies else "") + f" (key V): {dec.points:+g} points")
        if dec.penalty:
            text += f", but {-dec.penalty:+g} if your hold later falls below {dec.lost_below or 0:.0%}"
        out.append((text + ".", "info"))
    return out


def progress_lines(obs: Observation) -> list[Line]:
    """The objectives panel: points now, each objective with its live share, and how the game is scored."""
    game = obs.game
    side = obs.side
    if side is None:
        return [("No side chosen.", "dim")]
    sc = game.scenario
    v = sc.victory.get(side)
    pts = obs.points.get(side, 0.0)
    out: list[Line] = [(f"{sc.sides[side].name}: {pts:.1f} points now (turn {obs.turn} of {sc.calendar.turns})",
                        "title")]
    if v is not None:
        standing = "win" if pts >= v.win_at else "loss" if pts < v.lose_below else "draw"
        result = (obs.outcome or {}).get("results", {}).get(side) if obs.over else None
        if result:
            out.append((f"The game is over: a {result} (win at {v.win_at:g}, loss below {v.lose_below:g}).",
                        "title"))
        else:
            out.append((f"If the game ended now on these points: a {standing} "
                        f"(win at {v.win_at:g}, loss below {v.lose_below:g}).", "dim"))
    rows = objective_rows(obs)
    if rows:
        out.append(("", "dim"))
        out.append(("Objectives", "title"))
    for r in rows:
        out.append(("Held: " + r.text() if r.met else "Not yet: " + r.text(), "good" if r.met else "warn"))
    out.append(("", "dim"))
    out += scoring_lines(game, side)
    if side in obs.declared:
        out.append((f"You declared victory on turn {obs.declared[side]}.", "dim"))
    out.append(("Shares are what your side last saw of each place.", "dim"))
    return out


def briefing_lines(game: Game, side: str) -> list[Line]:
    """Before the first move: the situation, the what-if, the objectives with points, how to win and lose."""
    sc = game.scenario
    s = sc.sides[side]
    out: list[Line] = []
    if sc.extends:
        out += [("This is a what-if", "title"), (" ".join(sc.summary.split()), "info"), ("", "dim")]
    else:
        out += [(sc.title, "title"), (" ".join(sc.summary.split()), "info"), ("", "dim")]
    out.append((f"You play {s.name}", "title"))
    if s.description:
        out.append((s.description, "info"))
    allies = [sc.sides[a].name for a in s.allies if a in sc.sides]
    enemies = [sc.sides[o].name for o in sc.turn_order if o != side and o not in s.allies]
    if enemies:
        out.append(("Against: " + ", ".join(enemies) + (" · allied with " + ", ".join(allies) if allies else ""),
                    "info"))
    v = sc.victory.get(side)
    if v is not None and v.objectives:
        out += [("", "dim"), ("Objectives", "title")]
        for o in v.objectives:
            name = o.name or f"Hold {sc.zones[o.zone].name}"
            out.append((f"· {name}: {_points(o.points)}, {WHEN.get(o.when, o.when)} ({o.hold:.0%} of "
                        f"{sc.zones[o.zone].name})", "warn"))
    out += [("", "dim"), ("How the game is won and lost", "title")]
    out += scoring_lines(game, side)
    out.append((f"The game lasts {sc.calendar.turns} turns of {sc.calendar.turn_hours} hours.", "dim"))
    out.append(("O shows the objectives and your progress at any time; L explains the map.", "dim"))
    return out
