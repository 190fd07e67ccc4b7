"""The one tally of a game: points, losses, kills, and who holds how much of each zone.

Every front end (status bar, report, educator's odds) and the simulation runner read the score
from here, so a zone share or a zone's holder is computed by one formula everywhere. The share
functions take a control layer, not a state, so they work on ``State.control`` (the truth) and
on ``Observation.control`` (what a side last saw) alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from game.engine.state import WAITING

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.state import State


def _counts(game: Game, control: np.ndarray, zone: str) -> tuple[np.ndarray, int]:
    """Cells of ``zone`` held by each side (index i + 1 for side i; index 0 counts unheld cells)."""
    idx = game.zone_index[zone]
    counts = np.bincount(control.ravel()[idx] + 1, minlength=len(game.sides) + 1)
    return counts, len(idx)


_INT8 = np.dtype(np.int8)  # control layers' type (numpy's one instance of it; another int8 only takes the long way)


def zone_share(game: Game, control: np.ndarray, zone: str, side: str) -> float:
    """The fraction of ``zone``'s cells that ``side`` holds in ``control`` (0.0 for an empty zone)."""
    idx = game.zone_index[zone]  # one side's cells only: AI decisions ask this thousands of times a game
    total = len(idx)
    if not total:
        return 0.0
    cells = control.take(idx)  # the zone's cells, flat
    if cells.dtype is _INT8:  # a control layer (State, Knowledge): a side's cells are its index's byte
        return float(cells.tobytes().count(game.side_bytes[side])) / total  # no numpy pass but the take
    return float(np.count_nonzero(cells == game.side_index[side])) / total


def zone_shares(game: Game, control: np.ndarray) -> dict[str, dict[str, float]]:
    """Every zone's share per side, rounded to 0.001: the figures control events and reports carry.

    The same counts as ``_counts``, for all zones in one ``bincount`` (it runs after every side's turn).
    Nearly half the side turns end with the control layer as the last one left it (the side took
    no ground), so the last answer is kept on the Game with the layer's bytes, its only input, and
    given again for the same bytes: the shares are values nobody changes (states and events share them).
    Otherwise most zones still have the counts they had, and their shares are given again too."""
    key = control.tobytes()
    last = game.last_shares  # read once: games in threads may replace it meanwhile
    if last is not None and last[0] == key:
        return last[1]
    rows_of, cells = game.zone_cells
    n = len(game.sides) + 1
    table = np.bincount(rows_of + control.ravel()[cells], minlength=len(game.zone_index) * n).reshape(-1, n)
    rows = table.tolist()  # Python ints: cheaper
    out: dict[str, dict[str, float]] = {}
    sides = list(enumerate(game.sides, 1))
    rounded = _rounded_shares(game)
    before, was = (last[2], last[1]) if last is not None else (rows, None)
    for counts, old, (z, shares) in zip(rows, before, rounded.items(), strict=True):
        out[z] = was[z] if was is not None and counts == old else {s: shares[counts[i]] for i, s in sides}
    game.last_shares = (key, out, rows)
    return out


def _rounded_shares(game: Game) -> dict[str, list[float]]:
    """For each zone, ``round(n / cells, 3)`` for every count n of its cells (0.0 for an empty zone):
    the rounded shares ``zone_shares`` reports, looked up instead of divided and rounded for every
    zone and side after every side's turn. From the zones alone, so kept per Game (made whole
    before it is kept: games played in threads share the Game)."""
    table = game.rounded_shares
    if table is None:
        table = {z: [round(n / len(idx) if len(idx) else 0.0, 3) for n in range(len(idx) + 1)]
                 for z, idx in game.zone_index.items()}
        game.rounded_shares = table
    return table


def zone_holder(game: Game, control: np.ndarray, zone: str) -> str | None:
    """The side that holds more of ``zone`` than any other side, or None if nobody or a tie.

    A zone is "held" by the side with the largest share, however small, as long as no other side
    holds as much: the rule the report, the odds and the simulation summaries all use.
    """
    counts, _ = _counts(game, control, zone)
    held = counts[1:]
    if not held.any():
        return None
    best = int(held.max())
    top = [s for i, s in enumerate(game.sides) if int(held[i]) == best]
    return top[0] if len(top) == 1 else None


@dataclass(frozen=True)
class Tally:
    """Where a game stands: the score sheet a front end shows and a simulation records."""

    turn: int
    over: bool
    points: dict[str, float]
    losses: dict[str, int]  # strength steps lost, per faction
    kills: dict[str, int]  # enemy strength steps destroyed, per faction
    casualties: dict[str, int]  # strength steps lost, per side (the factions of a side summed)
    shares: dict[str, dict[str, float]]  # zone -> side -> share of its cells
    holders: dict[str, str | None]  # zone -> the side holding most of it (None: nobody, or a tie)
    ledger: tuple[dict[str, Any], ...] = field(default_factory=tuple)  # every award, in order
    outcome: dict[str, Any] | None = None

    def share(self, zone: str, side: str) -> float:
        """The share of ``zone`` that ``side`` holds (0.0 for an unknown zone or side)."""
        return self.shares.get(zone, {}).get(side, 0.0)


def tally(game: Game, state: State) -> Tally:
    """The true tally of ``state`` (god view: for reports, educators and simulations)."""
    casualties = {s: 0 for s in game.sides}
    for fid, n in state.losses.items():
        casualties[game.scenario.factions[fid].side] = casualties.get(game.scenario.factions[fid].side, 0) + n
    return Tally(turn=state.turn, over=state.over, points=dict(state.points), losses=dict(state.losses),
                 kills=dict(state.kills), casualties=casualties, shares=zone_shares(game, state.control),
                 holders={z: zone_holder(game, state.control, z) for z in game.zone_index},
                 ledger=tuple(dict(e) for e in state.ledger),
                 outcome=dict(state.outcome) if state.outcome is not None else None)


def casualties_people(game: Game, state: State) -> dict[str, int]:
    """People killed per side, by the scenario's people per strength step (empty when it gives none).

    A unit's lost steps are its starting strength less what it has left (units still waiting have
    lost nothing; a unit withdrawn to other fronts keeps what it had), so the figure needs no
    bookkeeping of its own and agrees with the losses in steps."""
    cas = game.scenario.casualties
    if cas is None:
        return {}
    start = {spec.id: spec.strength or game.scenario.unit_types[spec.type].strength for spec in game.scenario.units}
    people = {s: 0.0 for s in game.sides}
    for u in state.units.values():
        if u.status != WAITING:
            people[u.side] += cas.people(u.type, max(0, start[u.id] - u.strength))
    return {s: int(round(p)) for s, p in people.items()}

