"""Combat: odds from attack, defence, terrain, posture, fatigue and surprise; losses are binomial.

``predict`` and ``resolve`` share one ``Odds`` computation, so the preview a player or the AI
sees is exactly the distribution the dice are drawn from.
"""

from __future__ import annotations

import functools
import math
import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.geometry import within
from game.engine.records import filled
from game.engine.state import STOOD_DOWN

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.observation import UnitView
    from game.scenario.model import UnitType

MIN_P, MAX_P = 0.03, 0.9

# Everything ``odds`` and ``predict`` read of the attacker's and the defender's views (besides the
# turn and the fatigue passed in): two pairs of views that agree on these get the same preview,
# whatever else differs (movement points spent, orders given, morale). Keep in step with ``odds``.
ATTACKER_READS = operator.attrgetter("type", "strength", "suppressed", "emerged_turn", "x", "y")
DEFENDER_READS = operator.attrgetter("type", "strength", "suppressed", "surprised_turn", "x", "y", "posture", "broken")


@dataclass(frozen=True)
class Odds:
    """The chances one attack is resolved with; computed once and shared by the dice and the preview."""

    attacker_steps: int
    defender_steps: int
    p_hit_defender: float  # per attacking step
    p_hit_attacker: float  # per defending step (return fire)
    intercept: float  # chance a suicide attack is stopped before it strikes
    suicide: bool
    surprise: bool
    ambush: bool
    terrain_defence: float
    factors: tuple[Factor, ...] = ()  # what moved the chance of hitting the defender, in order


@dataclass(frozen=True)
class Factor:
    """One modifier of an attack's odds, as the preview breaks them down (Unity of Command style).

    ``effect`` multiplies the attacker's chance of hitting the defender (before the chance is held
    between its floor and ceiling): 0.5 halves it, 2.0 doubles it, 1.0 is listed but changes nothing
    (night, which shortens sight but not the odds). Front ends show these; they never recompute them.
    """

    name: str  # "terrain", "posture", "surprise", "fatigue", "night", "ambush", "suppressed", "broken", ...
    effect: float
    note: str  # plain words for a player


@dataclass(frozen=True)
class Prediction:
    """What an attack is expected to do, with its spread: shown before the player commits."""

    defender_loss_mean: float
    defender_loss_sd: float
    attacker_loss_mean: float
    attacker_loss_sd: float
    p_defender_destroyed: float
    p_defender_breaks: float
    intercept: float
    surprise: bool
    ambush: bool
    suicide: bool
    odds: Odds

    def summary(self) -> str:
        """The preview in one line of plain words, for logs and tests."""
        parts = [f"enemy loses {self.defender_loss_mean:.1f} ± {self.defender_loss_sd:.1f}",
                 f"we lose {self.attacker_loss_mean:.1f} ± {self.attacker_loss_sd:.1f}",
                 f"destroyed {self.p_defender_destroyed:.0%}", f"breaks {self.p_defender_breaks:.0%}"]
        if self.suicide:
            parts.append(f"stopped before it strikes {self.intercept:.0%}")
        if self.surprise:
            parts.append("defender surprised")
        if self.ambush:
            parts.append("ambush")
        return ", ".join(parts)


def _clamp(p: float) -> float:
    return max(MIN_P, min(MAX_P, p))


def odds(game: Game, a: UnitView, d: UnitView, turn: int, a_fatigue: int = 0, d_fatigue: int = 0) -> Odds:
    """The odds of ``a`` attacking ``d``: attack, defence, terrain, posture, surprise, fatigue, ambush."""
    r = game.rules
    at = game.scenario.unit_types[a.type]
    dt = game.scenario.unit_types[d.type]
    suicide = "suicide" in at.abilities
    terrain = float(game.defence[d.y, d.x])
    if "armour" in at.abilities and game.urban[d.y, d.x] > 0:
        terrain = 1.0 + (terrain - 1.0) * 0.5
    if suicide:
        terrain = 1.0  # a suicide attacker is hard to stop: cover does not help once it arrives
    surprise = d.posture == STOOD_DOWN or d.surprised_turn == turn
    ambush = a.emerged_turn == turn
    f: list[Factor] = [_factor("terrain", 1.0 / terrain, _terrain_note(game, d, at, suicide))]
    att = at.attack * (1 - r.fatigue_penalty * a_fatigue)
    if a_fatigue:
        f.append(_factor("fatigue", 1 - r.fatigue_penalty * a_fatigue, f"attacker tired (fatigue {a_fatigue})"))
    if a.suppressed:
        att *= 0.5
        f.append(_factor("suppressed", 0.5, "attacker suppressed by fire"))
    if ambush:
        att *= r.ambush_attack
        f.append(_factor("ambush", r.ambush_attack, "ambush: the attacker came out of a tunnel this turn"))
    dfn = dt.defence * terrain * (1 - r.fatigue_penalty * d_fatigue)
    if d_fatigue:
        f.append(_factor("fatigue", 1 / (1 - r.fatigue_penalty * d_fatigue), f"defender tired (fatigue {d_fatigue})"))
    if surprise:
        dfn *= r.surprise_defence
        if d.posture == STOOD_DOWN:
            f.append(_factor("posture", 1 / r.surprise_defence, "defender stood down: caught unready"))
        else:
            f.append(_factor("surprise", 1 / r.surprise_defence, "defender already surprised this turn"))
    if d.broken:
        dfn *= 0.7
        f.append(_factor("broken", 1 / 0.7, "defender broken"))
    if turn < len(game.night) and game.night[turn]:
        f.append(_factor("night", 1.0, "night: sight is shorter, the odds are not"))
    p_def = _clamp(r.hit_chance * att / max(dfn, 0.1))
    ret = dt.attack * (1 - r.fatigue_penalty * d_fatigue) * (r.surprise_defence if surprise else 1.0)
    if d.broken or d.suppressed:
        ret *= 0.5
    a_def = at.defence * float(game.defence[a.y, a.x])
    in_reach = within((a.x, a.y), (d.x, d.y), dt.range)  # fire from beyond its range goes unanswered
    p_att = 0.0 if suicide or not in_reach else _clamp(r.hit_chance * ret / max(a_def, 0.1)) * 0.6
    intercept = 0.0
    if suicide:
        intercept = r.suicide_intercept_stood_down if surprise else r.suicide_intercept_alert
    return filled(Odds, {"attacker_steps": a.strength, "defender_steps": d.strength, "p_hit_defender": p_def,
                        "p_hit_attacker": p_att, "intercept": intercept, "suicide": suicide, "surprise": surprise,
                        "ambush": ambush, "terrain_defence": terrain, "factors": tuple(f)})


@functools.lru_cache(maxsize=1024, typed=True)
def _factor(name: str, effect: float, note: str) -> Factor:
    """One shared ``Factor`` for each distinct modifier: they are frozen values, a game has a few
    dozen distinct ones, and every attack and every preview lists them again."""
    return Factor(name, effect, note)


def _terrain_note(game: Game, d: UnitView, at: UnitType, suicide: bool) -> str:
    name = game.scenario.terrain_at(d.cell).name.lower()
    if suicide:
        return f"{name}: no help against a suicide attack"
    if "armour" in at.abilities and game.urban[d.y, d.x] > 0:
        return f"{name}: half its cover against armour"
    return name


def _binom(n: int, p: float) -> list[float]:
    q = 1 - p
    return [math.comb(n, k) * p**k * q ** (n - k) for k in range(n + 1)]


def predict(game: Game, a: UnitView, d: UnitView, turn: int, a_fatigue: int = 0, d_fatigue: int = 0,
            d_morale: int | None = None) -> Prediction:
    """The expected result of an attack with its spread, from the same odds the dice use.

    ``d_morale`` is the defender's morale when known (god view); a side previewing an attack
    on an enemy uses the unit type's starting morale, as it cannot see the real one.
    """
    o = odds(game, a, d, turn, a_fatigue, d_fatigue)
    r = game.rules
    hit = 1.0 - o.intercept
    steps = o.defender_steps
    losses = [0.0] * (steps + 1)
    for k, p in enumerate(_binom(o.attacker_steps, o.p_hit_defender)):
        losses[k if k < steps else steps] += p * hit
    losses[0] += 1.0 - hit
    mean = sum(k * p for k, p in enumerate(losses))
    sd = math.sqrt(max(0.0, sum(k * k * p for k, p in enumerate(losses)) - mean * mean))
    morale = d_morale if d_morale is not None else game.scenario.unit_types[d.type].morale
    # the defender breaks on losing k steps (some, not all) when its morale falls under the bar
    per_step, shock, bar = r.morale_per_step, (r.surprise_morale if o.surprise else 0), r.break_below
    breaks = 0.0
    for k in range(1, steps):
        if morale - k * per_step - shock < bar:
            breaks += losses[k]
    if o.suicide:
        a_mean, a_sd = float(o.attacker_steps), 0.0
    else:
        n = o.defender_steps
        a_mean = min(n * o.p_hit_attacker, o.attacker_steps)
        a_sd = math.sqrt(n * o.p_hit_attacker * (1 - o.p_hit_attacker))
    return filled(Prediction, {"defender_loss_mean": mean, "defender_loss_sd": sd, "attacker_loss_mean": a_mean,
                              "attacker_loss_sd": a_sd, "p_defender_destroyed": losses[o.defender_steps],
                              "p_defender_breaks": breaks, "intercept": o.intercept, "surprise": o.surprise,
                              "ambush": o.ambush, "suicide": o.suicide, "odds": o})
