"""Order building: what a click (or Enter) on a cell, or an order key, asks the engine to do.

The answers come from the engine's ``unit_options`` (what the selected unit may do now, and why
not); nothing here re-derives a rule. A ``Plan`` is data: the screen carries it out (play the
action, open the attack preview, select a unit) or shows the refusal where the player is looking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine.geometry import within
from game.engine.observation import Observation, UnitView
from game.narrate import Narrator

if TYPE_CHECKING:
    from game.engine.options import UnitOptions

Cell = tuple[int, int]
Options = Callable[[str], "UnitOptions"]

SELECT = "select"  # unit: the unit to select (None: clear the selection)
PLAY = "play"  # action: play it now
PREVIEW = "preview"  # action: an Attack to show the odds of first
REFUSE = "refuse"  # reason: why not, shown at ``cell``
APPROACH = "approach"  # action: a Move next to the enemy ``unit``, whose attack preview opens after it


@dataclass(frozen=True)
class Plan:
    """What a click means: one of the kinds above, with its detail."""

    kind: str
    unit: str | None = None
    action: A.Action | None = None
    reason: str = ""
    cell: Cell | None = None


def in_words(obs: Observation, text: str) -> str:
    """An engine reason with unit ids and cells replaced by the names and places the side knows."""
    return Narrator(obs.game, obs.side, obs).names.words_for_ids(text)


def node_at(obs: Observation, cell: Cell) -> str | None:
    """The open tunnel entrance the side knows at ``cell``, if any."""
    for nid in sorted(obs.known_nodes):
        if tuple(obs.game.nodes[nid].at) == cell and nid not in obs.collapsed:
            return nid
    return None


def plan_click(obs: Observation, selected: UnitView | None, cell: Cell, options: Options,
               my_turn: bool, stack: bool = False) -> Plan:
    """A click on ``cell`` with ``selected`` (an own unit, or None) selected.

    Enemy: preview the attack (or say why not). Underground: travel to the entrance clicked. Own
    unit: select it (``stack``: move onto its cell instead). Elsewhere: move there, or say why not
    and keep the selection, so a refused move never silently drops what the player was doing.
    """
    here = [u for u in obs.units.values() if u.cell == cell]
    own_here = sorted((u for u in here if u.side == obs.side), key=lambda u: (u.underground, u.id))
    enemy_here = [u for u in here if u.side != obs.side and not u.underground]
    if selected is None or not my_turn:
        pick = own_here[0] if own_here else enemy_here[0] if enemy_here else None
        return Plan(SELECT, unit=pick.id if pick else None)
    opts = options(selected.id)
    if enemy_here:
        target = enemy_here[0]
        if target.id in opts.targets:
            return Plan(PREVIEW, action=A.Attack(selected.id, target.id), cell=cell)
        near = approach_cell(obs, selected, target, opts) if opts.allowed("attack") or not selected.attacked else None
        if near is not None:
            return Plan(APPROACH, unit=target.id, action=A.Move(selected.id, *near), cell=cell)
        why = opts.not_targets.get(target.id) or opts.why_not("attack") or "it cannot attack now"
        return Plan(REFUSE, reason=f"{selected.name} cannot attack {target.name}: {in_words(obs, why)}.", cell=cell)
    if selected.underground:
        node = node_at(obs, cell)
        if node is not None and node != selected.node:
            if node in opts.tunnel_nodes:
                return Plan(PLAY, action=A.Tunnel(selected.id, node), cell=cell)
            return Plan(REFUSE, reason=f"{selected.name} cannot reach that tunnel entrance this turn.", cell=cell)
    if cell == selected.cell:
        others = [u for u in own_here if u.id != selected.id]
        return Plan(SELECT, unit=others[0].id if others else selected.id)
    if own_here and not stack:
        return Plan(SELECT, unit=own_here[0].id)
    if opts.reach is not None and opts.reach.can_reach(*cell):
        return Plan(PLAY, action=A.Move(selected.id, *cell), cell=cell)
    move_why = opts.why_not("move")
    reason = in_words(obs, move_why) if move_why is not None else "that cell is out of its reach this turn"
    return Plan(REFUSE, reason=f"{selected.name} cannot move there: {reason}.", cell=cell)


def approach_cell(obs: Observation, selected: UnitView, target: UnitView, opts: UnitOptions) -> Cell | None:
    """The cheapest cell the unit can reach this turn from which the target is in its range (the
    better cover on a tie), or None: where a click on an enemy out of range moves it first."""
    if opts.reach is None:
        return None
    rng = obs.game.scenario.unit_types[selected.type].range
    sc = obs.game.scenario
    cands = [c for c in opts.reach.cells() if within(c, target.cell, rng)]
    if not cands:
        return None
    return min(cands, key=lambda c: (opts.reach.distance(*c), -sc.terrain_at(c).defence, c))  # type: ignore[union-attr]


def order_action(kind: str, opts: UnitOptions, obs: Observation, cursor: Cell | None = None) -> A.Action | None:
    """The action of an order button or key for the unit (None when the engine says it may not).

    Demolish picks the entrance under the cursor when there is a choice.
    """
    acts = opts.actions(kind)
    if not acts:
        return None
    if kind == "demolish" and cursor is not None:
        for a in acts:
            if isinstance(a, A.Demolish) and tuple(obs.game.nodes[a.node].at) == cursor:
                return a
    return acts[0]


def refusal(kind: str, opts: UnitOptions, obs: Observation, unit_name: str) -> str:
    """Why an order is not open to the unit, in words for the player."""
    why = opts.why_not(kind)
    return f"{unit_name}: {in_words(obs, why)}." if why else f"{unit_name} cannot do that now."


def ready_units(obs: Observation, options: Options) -> list[UnitView]:
    """Own units that can still do something this turn (Tab cycles through them; 'spent' are not)."""
    return [u for u in sorted(obs.own(), key=lambda u: u.id) if options(u.id).can_act]
