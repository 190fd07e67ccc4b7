"""Carrying out legal actions. Every state change of the game happens in this module or in
``turns`` and ``triggers``, which it calls; all chance comes from ``state.rng``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.engine import actions as A
from game.engine import fog, triggers, turns
from game.engine.combat import odds
from game.engine.emit import Emitter
from game.engine.events import Event
from game.engine.movement import MP_SCALE, retreat_map
from game.engine.state import ACTIVE, ALERT, DESTROYED, SPENT, STOOD_DOWN, WITHDRAWN, State, Unit

if TYPE_CHECKING:
    from game.engine.game import Game


def carry_out(game: Game, state: State, action: A.Action) -> list[Event]:
    em = Emitter(game, state)  # the reach maps cached by the legality check are still valid here
    side = game.sides[state.side_index]
    state.actions_taken += 1
    if isinstance(action, A.EndTurn):
        turns.end_side_turn(game, state, em)
    elif isinstance(action, A.Declare):
        declare(game, state, side, em)
    else:
        u = state.units[action.unit]  # type: ignore[attr-defined]
        handler = _HANDLERS[type(action)]
        handler(game, state, u, action, em)
    triggers.process(game, state, em)
    state.cache.clear()  # derived data (reach maps) is stale once anything has changed
    return em.events


# --- movement ------------------------------------------------------------------------------

def move(game: Game, state: State, u: Unit, action: A.Move, em: Emitter) -> None:
    obs = game.observe(state, u.side)
    reach = obs.reach(u.id)
    path = reach.path(action.x, action.y)
    known_enemies = {e.id for e in obs.enemies()}
    start = u.cell
    stopped = None
    taken = []
    for cell in path:
        blocker = _enemy_at(state, u.side, cell)
        if blocker is not None:  # an enemy we could not see stands in the way
            stopped = "contact"
            fog.spot(game, state, blocker, em)
            _force_sight(game, state, u.side, blocker, em)
            break
        u.x, u.y = cell
        taken.append(cell)
        if state.control[cell[1], cell[0]] != game.side_index[u.side] and not _enemy_adjacent(state, u, cell):
            state.control[cell[1], cell[0]] = game.side_index[u.side]
        fog.unit_fov(game, u.x, u.y, fog.sight_of(game, state, u), state.knowledge[u.side].visible)
        new = [e for e in state.units.values() if e.side != u.side and e.on_surface and e.id not in known_enemies
               and max(abs(e.x - u.x), abs(e.y - u.y)) <= 1]
        if new and game.rules.zoc:
            for e in new:
                _force_sight(game, state, u.side, e, em)
            if cell != path[-1]:
                stopped = "contact"
            break
    spent = reach.distance(u.x, u.y) if u.cell != start else 0
    u.mp = max(0, u.mp - spent) if stopped is None else 0
    u.moved = True
    seen = fog.seen_by(game, state, [start, u.cell], {u.side})
    em.emit("move", seen_by=seen, side=u.side, unit=u.id, frm=list(start), to=[u.x, u.y],
            path=[list(c) for c in taken], stopped=stopped)
    fog.refresh(game, state, u.side, em)
    fog.spot(game, state, u, em)
    _watch_exits(game, state, u, em)


def _enemy_at(state: State, side: str, cell: tuple[int, int]) -> Unit | None:
    for e in state.units.values():
        if e.side != side and e.on_surface and e.cell == cell:
            return e
    return None


def _enemy_adjacent(state: State, u: Unit, cell: tuple[int, int]) -> bool:
    return any(e.side != u.side and e.on_surface and max(abs(e.x - cell[0]), abs(e.y - cell[1])) <= 1
               for e in state.units.values())


def _force_sight(game: Game, state: State, side: str, e: Unit, em: Emitter) -> None:
    """Contact at arm's length: the enemy is seen whatever the cover."""
    k = state.knowledge[side]
    k.visible[e.y, e.x] = True
    fog._remember(state, side, e)
    if e.id not in k.seen_units:
        k.seen_units.add(e.id)
        em.emit("sighted", seen_by={side}, side=side, unit=e.id, unit_side=e.side, cell=[e.x, e.y], unit_type=e.type)


# --- combat --------------------------------------------------------------------------------

def attack(game: Game, state: State, a: Unit, action: A.Attack, em: Emitter) -> None:
    d = state.units[action.target]
    r = game.rules
    av, dv = fog.view_of(a, True), fog.view_of(d, True)
    o = odds(game, av, dv, state.turn, a.fatigue, d.fatigue)
    rng = state.rng
    intercepted = bool(o.suicide and rng.random() < o.intercept)
    d_loss = 0 if intercepted else min(d.strength, int(rng.binomial(a.strength, o.p_hit_defender)))
    a_loss = a.strength if o.suicide else min(a.strength, int(rng.binomial(d.strength, o.p_hit_attacker)))
    a.attacked = True
    a.mp = 0
    if o.surprise:
        d.surprised_turn = state.turn
    cells = [a.cell, d.cell]
    seen = fog.seen_by(game, state, cells, {a.side, d.side})
    zone = [z for z, m in game.zone_masks.items() if m[d.y, d.x]]
    em.emit("combat", seen_by=seen, side=a.side, attacker=a.id, defender=d.id, defender_side=d.side,
            cell=list(d.cell), attacker_cell=list(a.cell), zones=zone, attacker_losses=a_loss, defender_losses=d_loss,
            surprise=o.surprise, ambush=o.ambush, suicide=o.suicide, intercepted=intercepted)
    _lose(game, state, d, d_loss, by=a, em=em)
    if o.suicide:
        _lose(game, state, a, a_loss, by=d, em=em, spent=True)
    else:
        _lose(game, state, a, a_loss, by=d, em=em)
    morale_hit = d_loss * r.morale_per_step + (r.surprise_morale if o.surprise and not intercepted else 0)
    if d.status == ACTIVE:
        d.morale = max(0, d.morale - morale_hit)
        if d_loss:
            d.suppressed = True
        if d.morale < r.break_below and not d.broken:
            brk(game, state, d, em, cause=a.id)
    if a.status == ACTIVE and a_loss:
        a.morale = max(0, a.morale - a_loss * r.morale_per_step)
        if a.morale < r.break_below and not a.broken:
            brk(game, state, a, em, cause=d.id)
    _combat_reveals(game, state, a, d, cells, em)
    for side in {a.side, d.side}:
        fog.refresh(game, state, side, em)


def _lose(game: Game, state: State, u: Unit, steps: int, by: Unit, em: Emitter, spent: bool = False) -> None:
    if steps <= 0 and not spent:
        return
    steps = min(steps, u.strength)
    u.strength -= steps
    state.losses[u.faction] = state.losses.get(u.faction, 0) + steps
    state.kills[by.faction] = state.kills.get(by.faction, 0) + (0 if spent else steps)
    turns.score_losses(game, state, u.side, by.side, steps, spent)
    if spent:
        u.status = SPENT
        u.strength = 0
        em.emit("unit_destroyed", seen_by=fog.seen_by(game, state, [u.cell], {u.side, by.side}), side=u.side,
                unit=u.id, cell=list(u.cell), reason="suicide attack")
    elif u.strength <= 0:
        u.status = DESTROYED
        em.emit("unit_destroyed", seen_by=fog.seen_by(game, state, [u.cell], {u.side, by.side}), side=u.side,
                unit=u.id, cell=list(u.cell), reason="combat", by=by.id)


def brk(game: Game, state: State, u: Unit, em: Emitter, cause: str) -> None:
    """A unit whose morale gives way breaks and falls back toward its side's rally zone."""
    u.broken = True
    u.posture = ALERT
    em.emit("unit_broke", seen_by=fog.seen_by(game, state, [u.cell], {u.side}), side=u.side, unit=u.id,
            cell=list(u.cell), cause=cause)
    fall_back(game, state, u, em)


def fall_back(game: Game, state: State, u: Unit, em: Emitter) -> None:
    rally = game.scenario.sides[u.side].rally_zone
    if rally is None or game.zone_masks[rally][u.y, u.x]:
        return
    blocked = np.zeros((game.height, game.width), bool)
    for e in state.units.values():
        if e.side != u.side and e.on_surface:
            blocked[e.y, e.x] = True
    dist = retreat_map(game, game.zone_masks[rally], blocked)
    budget = int(game.scenario.unit_types[u.type].move * MP_SCALE)
    start, here = u.cell, u.cell
    path = []
    spent = 0
    while dist[here[1], here[0]] > 0:
        options = []
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                nx, ny = here[0] + dx, here[1] + dy
                if (dx or dy) and 0 <= nx < game.width and 0 <= ny < game.height and dist[ny, nx] < dist[here[1], here[0]]:
                    step = int(game.move_cost10[ny, nx]) * (2 if dx == 0 or dy == 0 else 3)
                    options.append((int(dist[ny, nx]), step, nx, ny))
        if not options:
            break
        _, step, nx, ny = min(options)
        if spent + step > budget:
            break
        crowd = sum(1 for o in state.units.values() if o.on_surface and o.cell == (nx, ny) and o.side == u.side)
        spent += step
        here = (nx, ny)
        path.append(here)
        if crowd < game.rules.stack_limit:
            u.x, u.y = here
    if u.cell != start:
        em.emit("move", seen_by=fog.seen_by(game, state, [start, u.cell], {u.side}), side=u.side, unit=u.id,
                frm=list(start), to=[u.x, u.y], path=[list(c) for c in path if c != start], stopped=None, retreat=True)
        fog.spot(game, state, u, em)


def _combat_reveals(game: Game, state: State, a: Unit, d: Unit, cells: list[tuple[int, int]], em: Emitter) -> None:
    """Fighting next to a tunnel node may give its entrance away."""
    for nid, node in game.nodes.items():
        if nid in state.collapsed:
            continue
        if any(max(abs(node.at[0] - x), abs(node.at[1] - y)) <= 1 for x, y in cells):
            for side in (a.side, d.side):
                if nid not in state.knowledge[side].known_nodes and state.rng.random() < game.rules.combat_find_chance:
                    found(game, state, side, nid, "combat nearby", em)


def found(game: Game, state: State, side: str, nid: str, how: str, em: Emitter) -> None:
    state.knowledge[side].known_nodes.add(nid)
    em.emit("tunnel_found", seen_by={side}, side=side, node=nid, cell=list(game.nodes[nid].at), how=how)


# --- tunnels -------------------------------------------------------------------------------

def search(game: Game, state: State, u: Unit, action: A.Search, em: Emitter) -> None:
    ut = game.scenario.unit_types[u.type]
    r = game.rules
    chance = r.engineer_search_chance if "engineer" in ut.abilities else r.search_chance
    if game.scenario.calendar.is_night(state.turn):
        chance *= 0.5
    hits = []
    for nid, node in game.nodes.items():
        if nid in state.knowledge[u.side].known_nodes or nid in state.collapsed:
            continue
        if max(abs(node.at[0] - u.x), abs(node.at[1] - u.y)) <= r.search_radius and state.rng.random() < chance:
            hits.append(nid)
    u.acted = True
    u.mp = 0
    em.emit("search", seen_by={u.side}, side=u.side, unit=u.id, cell=list(u.cell), found=hits)
    for nid in hits:
        found(game, state, u.side, nid, f"search by {u.id}", em)


def _watch_exits(game: Game, state: State, u: Unit, em: Emitter) -> None:
    """Standing on a tunnel node, an alert unit may notice it."""
    nid = game.node_at.get(u.cell)
    if (nid and nid not in state.knowledge[u.side].known_nodes and nid not in state.collapsed
            and u.posture == ALERT and state.rng.random() < game.rules.watch_chance * 3):
        found(game, state, u.side, nid, f"{u.id} stood on it", em)


def demolish(game: Game, state: State, u: Unit, action: A.Demolish, em: Emitter) -> None:
    nid = action.node
    state.collapsed.add(nid)
    u.acted = True
    u.mp = 0
    at = game.nodes[nid].at
    below = [v for v in state.units.values() if v.status == ACTIVE and v.underground and v.node == nid]
    before = {v.id: v.strength for v in below}
    exits = sorted(n for n in game.links[nid] if n not in state.collapsed)
    for v in below:
        _lose(game, state, v, 1, by=u, em=em)
        if v.status != ACTIVE:
            continue
        if exits:
            v.node = exits[0]
            v.x, v.y = game.nodes[exits[0]].at
        else:
            _lose(game, state, v, v.strength, by=u, em=em)
    losses = {vid: n - state.units[vid].strength for vid, n in before.items()}
    em.emit("tunnel_demolished", seen_by=fog.seen_by(game, state, [at], {u.side}), side=u.side, unit=u.id,
            node=nid, cell=list(at), losses_below=losses)


def dive(game: Game, state: State, u: Unit, action: A.Dive, em: Emitter) -> None:
    nid = game.node_at[u.cell]
    seen = fog.seen_by(game, state, [u.cell], {u.side})
    u.underground = True
    u.node = nid
    u.mp = max(0, u.mp - game._dive_cost(u.type))
    em.emit("dive", seen_by=seen, side=u.side, unit=u.id, node=nid, cell=list(u.cell))
    for side in seen - {u.side}:
        if nid not in state.knowledge[side].known_nodes:
            found(game, state, side, nid, f"saw {u.id} go underground", em)
    fog.spot(game, state, u, em)
    fog.refresh(game, state, u.side, em)


def tunnel(game: Game, state: State, u: Unit, action: A.Tunnel, em: Emitter) -> None:
    obs = game.observe(state, u.side)
    route = game.tunnel_route(obs, obs.units[u.id], action.node) or []
    per_link = int(game.scenario.unit_types[u.type].move * MP_SCALE) // game.rules.tunnel_moves
    u.mp = max(0, u.mp - per_link * (len(route) - 1))
    u.node = action.node
    u.x, u.y = game.nodes[action.node].at
    u.moved = True
    em.emit("tunnel_move", seen_by={u.side}, side=u.side, unit=u.id, route=route)
    fog.refresh(game, state, u.side, em)


def emerge(game: Game, state: State, u: Unit, action: A.Emerge, em: Emitter) -> None:
    blocker = _enemy_at(state, u.side, u.cell)
    if blocker is not None:  # the observation showed the exit free, but a hidden enemy holds it
        _force_sight(game, state, u.side, blocker, em)
        u.mp = 0
        em.emit("emerge_blocked", seen_by={u.side}, side=u.side, unit=u.id, node=u.node, cell=list(u.cell))
        return
    nid = u.node
    u.underground = False
    u.node = None
    u.emerged_turn = state.turn
    seen = fog.seen_by(game, state, [u.cell], {u.side})
    em.emit("emerge", seen_by=seen, side=u.side, unit=u.id, node=nid, cell=list(u.cell))
    for side in seen - {u.side}:
        if nid not in state.knowledge[side].known_nodes:
            found(game, state, side, nid, f"saw {u.id} come out", em)
    fog.refresh(game, state, u.side, em)
    fog.spot(game, state, u, em)


# --- orders --------------------------------------------------------------------------------

def posture(game: Game, state: State, u: Unit, action: A.Posture, em: Emitter) -> None:
    set_posture(game, state, u, action.posture, "order", em)


def set_posture(game: Game, state: State, u: Unit, value: str, reason: str, em: Emitter) -> None:
    u.posture = value
    em.emit("posture", seen_by=fog.seen_by(game, state, [u.cell], {u.side}), side=u.side, unit=u.id,
            posture=value, reason=reason)
    if value == STOOD_DOWN:
        fog.refresh(game, state, u.side, em)


def withdraw(game: Game, state: State, u: Unit, action: A.Withdraw, em: Emitter) -> None:
    dec = game.scenario.declarations[u.side]
    pts = dec.withdraw_points * u.strength
    seen = fog.seen_by(game, state, [u.cell], {u.side})
    u.status = WITHDRAWN
    turns.award(state, u.side, pts, f"{u.name} redeployed to other fronts")
    em.emit("withdrawn", seen_by=seen, side=u.side, unit=u.id, cell=list(u.cell), strength=u.strength, points=pts)
    fog.refresh(game, state, u.side, em)


def declare(game: Game, state: State, side: str, em: Emitter) -> None:
    dec = game.scenario.declarations[side]
    state.declared[side] = state.turn
    share = turns.share(game, state, side, dec.zone)
    turns.award(state, side, dec.points, "declaration of victory")
    em.emit("victory_declared", side=side, zone=dec.zone, control=round(share, 3), points=dec.points)


_HANDLERS = {A.Move: move, A.Attack: attack, A.Search: search, A.Demolish: demolish, A.Posture: posture,
             A.Dive: dive, A.Tunnel: tunnel, A.Emerge: emerge, A.Withdraw: withdraw}
