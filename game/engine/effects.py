"""State changes that more than one rule causes: losses, breaking and falling back, finding a
tunnel entrance, posture changes and contact at arm's length.

Orders, the turn sequence and scenario triggers all call these, so a unit breaks, falls back
or finds an entrance by the same rule whatever caused it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.engine import fog
from game.engine.geometry import Cell, adjacent
from game.engine.movement import MP_SCALE
from game.engine.retreat import retreat_path
from game.engine.scoring import score_losses
from game.engine.state import ALERT, DESTROYED, SPENT, State, Unit

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game


def enemy_at(state: State, side: str, cell: Cell) -> Unit | None:
    """The enemy of ``side`` standing on ``cell`` (on the surface), whether ``side`` sees it or not."""
    for e in state.units.values():
        if e.side != side and e.on_surface and e.cell == cell:
            return e
    return None


def enemy_adjacent(state: State, u: Unit, cell: Cell) -> bool:
    """Whether an enemy of ``u`` stands on the surface next to ``cell`` (it contests the ground)."""
    return any(e.side != u.side and e.on_surface and adjacent(e.cell, cell) for e in state.units.values())


def force_sight(game: Game, state: State, side: str, e: Unit, em: Emitter) -> None:
    """Contact at arm's length: the enemy is seen whatever the cover."""
    k = state.knowledge[side]
    visible = k.visible.copy()  # the side's layer is shared (the sight cache, observations): never written
    visible[e.y, e.x] = True
    visible.setflags(write=False)
    k.visible = visible
    fog.remember(state, side, e)
    if e.id not in k.seen_units:
        k.seen_units.add(e.id)
        em.emit("sighted", seen_by={side}, side=side, unit=e.id, unit_side=e.side, cell=[e.x, e.y], unit_type=e.type)


def lose(game: Game, state: State, u: Unit, steps: int, by: Unit, em: Emitter, spent: bool = False,
         reason: str = "combat", layers: dict[str, np.ndarray] | None = None) -> None:
    """``u`` loses ``steps`` of strength to ``by`` (all of it if ``spent``: a suicide attacker is used up).

    ``layers``: every side's ``fog.spot_layer`` as the state stands, when the caller holds them
    (a combat looks them up once for both of its units)."""
    if steps <= 0 and not spent:
        return
    # Who is told: the sides that see the unit as it falls (a unit underground: its own side only),
    # and who did it only if every one of them sees that unit too.
    if layers is None:
        seen = fog.witnesses(game, state, u)
        named = all(fog.knows(game, state, s, by) for s in seen)
    else:  # fog.knows(), with the layer at hand
        seen = fog.witnesses(game, state, u, {s: m for s, m in layers.items() if s != u.side})
        named = all(s == by.side or fog.detects(game, state, s, by, layers[s]) for s in seen)
    steps = min(steps, u.strength)
    u.strength -= steps
    state.losses[u.faction] = state.losses.get(u.faction, 0) + steps
    state.kills[by.faction] = state.kills.get(by.faction, 0) + (0 if spent else steps)
    score_losses(game, state, u.side, by.side, steps, spent)
    if spent or u.strength <= 0:
        fog.forget(state, seen, u.id)  # seen leaving the map: no last-known marker stays behind
    if spent:
        u.status = SPENT
        u.strength = 0
        em.emit("unit_destroyed", seen_by=seen, side=u.side, unit=u.id, cell=list(u.cell), reason="suicide attack")
    elif u.strength <= 0:
        u.status = DESTROYED
        extra = {"by": by.id} if named else {}
        em.emit("unit_destroyed", seen_by=seen, side=u.side, unit=u.id, cell=list(u.cell), reason=reason, **extra)


def brk(game: Game, state: State, u: Unit, em: Emitter, cause: Unit) -> None:
    """A unit whose morale gives way breaks and falls back toward its side's rally zone."""
    u.broken = True
    u.posture = ALERT
    seen = fog.witnesses(game, state, u)
    named = all(fog.knows(game, state, s, cause) for s in seen)
    em.emit("unit_broke", seen_by=seen, side=u.side, unit=u.id, cell=list(u.cell), cause=cause.id if named else None)
    fall_back(game, state, u, em)


def fall_back(game: Game, state: State, u: Unit, em: Emitter) -> None:
    """A broken unit retreats toward its rally zone as far as one turn's movement takes it.

    Enemies on the surface block the way and are never fallen back onto (never two sides on one
    cell). It passes through a full friendly cell but does not stop on one.
    """
    rally = game.scenario.sides[u.side].rally_zone
    if rally is None or game.zone_masks[rally][u.y, u.x]:
        return
    blocked = {e.cell for e in state.units.values() if e.side != u.side and e.on_surface}
    budget = int(game.scenario.unit_types[u.type].move * MP_SCALE)
    path = retreat_path(game, rally, blocked, u.x, u.y, budget)
    start = u.cell
    # only ``u`` moves: every other side's spot layer stays as it is, so it is looked up once for
    # who sees it leave, who sees it move and who sees it arrive
    layers = fog.others_layers(game, state, u.side)
    watched = fog.witnesses(game, state, u, layers)
    for here in path:  # it passes through a full friendly cell but does not stop on one
        crowd = sum(1 for o in state.units.values() if o.on_surface and o.cell == here and o.side == u.side)
        if crowd < game.rules.stack_limit:
            u.x, u.y = here
    if u.cell != start:
        taken = [c for c in path if c != start]
        emit_move(game, state, u, start, taken, watched, em, layers=layers, stopped=None, retreat=True)
        fog.spot(game, state, u, em, layers)


def emit_move(game: Game, state: State, u: Unit, start: Cell, taken: list[Cell], watched: set[str], em: Emitter,
              *, layers: dict[str, np.ndarray] | None = None, **data: object) -> None:
    """Tell who saw ``u`` move from ``start`` along ``taken``; ``watched`` are the sides that saw it at the start.

    The whole move (from, to, path) is shown to the mover's side and to the sides that saw the
    unit at every cell of it. A side that lost sight of it on the way is told that it lost sight
    of an enemy unit, and the last cell where it saw it, but not which unit nor where it went; if
    it sees the unit again where the move ends, it is told of a sighting there. A side that sees
    the unit only at the end learns of it by a sighting too. ``layers``: the other sides' spot
    layers (``fog.others_layers``) when the caller holds them.
    """
    cells = [start, *taken]
    # each other side's spot layer, once (who sees it now, who saw all of it, where sight was lost);
    # the mover's own side always sees its move whatever its layer says
    if layers is None:
        layers = fog.others_layers(game, state, u.side)
    now = fog.witnesses(game, state, u, layers)
    whole = {s for s in (watched & now) - {u.side} if all(layers[s][y, x] for x, y in cells)}
    em.emit("move", seen_by={u.side} | whole, side=u.side, unit=u.id, frm=list(start), to=[u.x, u.y],
            path=[list(c) for c in taken], **data)
    for side in sorted(watched - whole - {u.side}):
        layer = layers[side]
        last = start
        for c in cells:
            if not layer[c[1], c[0]]:
                break
            last = c
        em.emit("lost_sight", seen_by={side}, side=side, unit_side=u.side, unit_type=u.type, cell=list(last))
        if side in now:
            em.emit("sighted", seen_by={side}, side=side, unit=u.id, unit_side=u.side, cell=[u.x, u.y],
                    unit_type=u.type)


def nodes_next_to(game: Game, cell: Cell) -> tuple[str, ...]:
    """The tunnel nodes adjacent to ``cell`` (or on it), in the game's node order: every alert unit
    looks for them at the start of every turn, and a fight looks around both its cells, so they are
    kept per Game and cell."""
    hit = game.nodes_near.get(cell)
    if hit is None:
        hit = game.nodes_near[cell] = tuple(nid for nid, node in game.nodes.items() if adjacent(node.at, cell))
    return hit


def found(game: Game, state: State, side: str, nid: str, how: str, em: Emitter) -> None:
    """``side`` now knows tunnel node ``nid``; ``how`` says how it was found."""
    state.knowledge[side].known_nodes.add(nid)
    em.emit("tunnel_found", seen_by={side}, side=side, node=nid, cell=list(game.nodes[nid].at), how=how)


def watch_exits(game: Game, state: State, u: Unit, em: Emitter) -> None:
    """Standing on a tunnel node, an alert unit may notice it."""
    nid = game.node_at.get(u.cell)
    if (nid and nid not in state.knowledge[u.side].known_nodes and nid not in state.collapsed
            and u.posture == ALERT and state.rng.random() < game.rules.watch_chance * 3):
        found(game, state, u.side, nid, f"{u.id} stood on it", em)


def set_posture(game: Game, state: State, u: Unit, value: str, reason: str, em: Emitter) -> None:
    """Put ``u`` on alert or stand it down; a stood-down unit watches less, so its side's sight shrinks."""
    u.posture = value
    em.emit("posture", seen_by=fog.witnesses(game, state, u), side=u.side, unit=u.id, posture=value, reason=reason)
    fog.refresh(game, state, u.side, em)  # standing down halves its sight; going on alert restores it

