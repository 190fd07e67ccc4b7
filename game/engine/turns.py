"""The turn sequence: set-up, each side's turn, the end of a turn, arrivals, control and scoring."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.engine import fog, triggers
from game.engine.effects import fall_back, found, nodes_next_to, set_posture
from game.engine.emit import NOBODY, Emitter
from game.engine.events import Event
from game.engine.movement import MP_SCALE
from game.engine.scoring import award
from game.engine.state import ACTIVE, ALERT, STOOD_DOWN, WAITING, State, Unit
from game.engine.tally import casualties_people, zone_share
from game.engine.tally import zone_shares as tally_zone_shares
from game.scenario.model import parse_date

if TYPE_CHECKING:
    from game.engine.game import Game


def setup(game: Game, state: State) -> list[Event]:
    """Set a new game going: starting control and sightings, opening triggers, the first side's turn."""
    em = Emitter(game, state)
    sc = game.scenario
    em.emit("game_start", scenario=sc.id, title=sc.title, seed=state.seed, sides=list(game.sides),
            turns=sc.calendar.turns)
    em.emit("phase", phase=state.phase, name=game.phase_names[state.phase], previous=None)
    for u in state.units.values():  # starting positions count as held ground
        if u.on_surface:
            state.control[u.y, u.x] = game.side_index[u.side]
    _spread_control(game, state)
    for side in game.sides:
        fog.refresh(game, state, side, None)
        k = state.knowledge[side]
        for t in state.units.values():
            if t.id in k.seen_units:
                em.emit("sighted", seen_by={side}, side=side, unit=t.id, unit_side=t.side, cell=[t.x, t.y],
                        unit_type=t.type)
    update_control_events(game, state, em)  # the starting shares, as events like any later change
    triggers.process(game, state, em)
    _start_turn(game, state, em)
    triggers.process(game, state, em)
    return em.events


def _start_turn(game: Game, state: State, em: Emitter) -> None:
    night, turn = game.night, state.turn  # by turn number, from the calendar once per Game
    em.emit("turn_start", night=night[turn] if 0 <= turn < len(night) else game.scenario.calendar.is_night(turn))
    for side in game.sides:
        fog.refresh(game, state, side, em)
    _start_side_turn(game, state, em)


def _start_side_turn(game: Game, state: State, em: Emitter) -> None:
    side = game.sides[state.side_index]
    r = game.rules
    arrivals(game, state, side, em)
    # the cells within 2 steps of an enemy on the surface, as bits (see ``_near``), gathered once:
    # only this side's units move (fall back) in the loop
    width, foes = game.width, 0
    for e in fog.other_units(game, state, side):
        if e.status == ACTIVE and not e.underground:
            foes |= _near(game, e.y * width + e.x, 2)
    rally = game.scenario.sides[side].rally_zone
    for u in [u for u in fog.side_units(game, state, side) if u.status == ACTIVE]:
        ut = game.scenario.unit_types[u.type]
        mp = int(ut.move * MP_SCALE) // (2 if u.suppressed else 1)
        if u.mp != mp:  # (an assignment drops what is kept with the unit, its views: only if it changes)
            u.mp = mp
        if u.moved:
            u.moved = False
        if u.attacked:
            u.attacked = False
        if u.acted:
            u.acted = False
        if u.surprised_turn and u.posture == STOOD_DOWN:
            set_posture(game, state, u, ALERT, "reacting to the attack", em)
        fatigue = (min(r.fatigue_max, u.fatigue + r.fatigue_per_turn) if u.posture == ALERT and not u.underground
                   else max(0, u.fatigue - r.rest_recovery))
        if fatigue != u.fatigue:
            u.fatigue = fatigue
        if u.broken:
            if rally is None or game.zone_masks[rally][u.y, u.x]:
                u.morale = min(ut.morale, u.morale + 15)
                if u.morale >= r.rally_at:
                    u.broken = False
                    em.emit("unit_rallied", seen_by={side}, side=side, unit=u.id, cell=list(u.cell))
            else:
                fall_back(game, state, u, em)
                u.mp = 0
        elif not foes >> (u.y * width + u.x) & 1 and u.morale != min(ut.morale, u.morale + 5):  # no enemy within 2 steps
            u.morale = min(ut.morale, u.morale + 5)
        _passive_watch(game, state, u, em)
    fog.refresh(game, state, side, em)
    em.emit("side_turn_start", side=side)


def _passive_watch(game: Game, state: State, u: Unit, em: Emitter) -> None:
    if u.underground or u.posture != ALERT:
        return
    known = state.knowledge[u.side].known_nodes
    for nid in nodes_next_to(game, u.cell):  # in the game's node order: the dice are drawn as they were
        if nid in known or nid in state.collapsed:
            continue
        if state.rng.random() < game.rules.watch_chance:
            found(game, state, u.side, nid, f"noticed by {u.id}", em)


def end_side_turn(game: Game, state: State, em: Emitter) -> None:
    """End the side's part of the turn: control spreads, and the next side (or the next turn) starts."""
    side = game.sides[state.side_index]
    for u in fog.side_units(game, state, side):
        if u.suppressed:  # (an assignment drops what is kept with the unit: only if it changes)
            u.suppressed = False
        if u.surprised_turn and u.surprised_turn < state.turn:
            u.surprised_turn = 0
    _spread_control(game, state, side)
    update_control_events(game, state, em)
    em.emit("side_turn_end", side=side)
    if state.side_index + 1 < len(game.sides):
        state.side_index += 1
        _start_side_turn(game, state, em)
        return
    _end_turn(game, state, em)


def _end_turn(game: Game, state: State, em: Emitter) -> None:
    for side, v in game.scenario.victory.items():
        for o in v.objectives:
            if o.when == "each_turn" and share(game, state, side, o.zone) >= o.hold:
                award(state, side, o.points, f"held {game.scenario.zones[o.zone].name}")
    em.emit("turn_end")
    triggers.process(game, state, em)
    if state.over:
        return
    if state.turn >= game.scenario.calendar.turns:
        finish(game, state, em, "the last turn has been played")
        return
    state.turn += 1
    state.side_index = 0
    _start_turn(game, state, em)


# --- arrivals -------------------------------------------------------------------------------

def arrival_turn(game: Game, u_id: str) -> int | None:
    """The turn a reinforcement arrives (None if it comes only when a trigger calls it); asked for
    every waiting unit at every side's turn, so kept per Game."""
    if u_id in game.arrival_turns:
        return game.arrival_turns[u_id]
    t = game.arrival_turns[u_id] = _arrival_turn(game, u_id)
    return t


def _arrival_turn(game: Game, u_id: str) -> int | None:
    spec = next(s for s in game.scenario.units if s.id == u_id)
    a = spec.arrives
    if a is None or a.on_trigger:
        return None
    if a.turn is not None:
        return a.turn
    return game.scenario.calendar.first_turn_on_or_after(parse_date(a.date or ""))


def arrivals(game: Game, state: State, side: str, em: Emitter, only: list[str] | None = None) -> None:
    """Bring on ``side``'s reinforcements due now (or just the units in ``only``, for a trigger)."""
    for u in fog.side_units(game, state, side):
        if u.status != WAITING:
            continue
        if only is None:
            t = arrival_turn(game, u.id)
            if t is None or t > state.turn:
                continue
        elif u.id not in only:
            continue
        place(game, state, u, em)


def place(game: Game, state: State, u: Unit, em: Emitter) -> bool:
    """Put an arriving unit on the map (or in its tunnel); False if there is no room for it yet."""
    spec = next(s for s in game.scenario.units if s.id == u.id)
    a = spec.arrives
    assert a is not None
    if a.tunnel:
        node = a.tunnel
        if node in state.collapsed:
            open_nodes = sorted(n for n in game.links[node] if n not in state.collapsed)
            if not open_nodes:
                return False
            node = open_nodes[0]
        u.x, u.y = game.nodes[node].at
        u.underground, u.node = True, node
        u.status = ACTIVE
        u.mp = int(game.scenario.unit_types[u.type].move * MP_SCALE)
        em.emit("arrived", seen_by={u.side}, side=u.side, unit=u.id, node=node, cell=[u.x, u.y])
        return True
    mask = game.zone_masks[a.zone or ""]
    ys, xs = np.nonzero(mask & game.standable)
    for x, y in sorted(zip(xs.tolist(), ys.tolist(), strict=True), key=lambda c: (c[1], c[0])):
        if any(e.on_surface and e.cell == (x, y) and e.side != u.side for e in state.units.values()):
            continue
        if sum(1 for o in state.units.values() if o.on_surface and o.cell == (x, y)) >= game.rules.stack_limit:
            continue
        u.x, u.y = x, y
        u.status = ACTIVE
        u.mp = int(game.scenario.unit_types[u.type].move * MP_SCALE)
        layers = fog.others_layers(game, state, u.side)  # for both questions: who sees it, who spots it
        em.emit("arrived", seen_by=fog.witnesses(game, state, u, layers), side=u.side, unit=u.id,
                zone=a.zone, cell=[x, y])
        fog.spot(game, state, u, em, layers)
        return True
    return False


# --- control --------------------------------------------------------------------------------

def _spread_control(game: Game, state: State, only: str | None = None) -> None:
    """Units hold their cells, and the cells around them that no other side contests.

    Worked out on bitsets (Python ints, bit ``y * width + x`` for a cell; see ``fog.bits_of``): the
    cells of this side's units and of every other side's (contested as one), and the blocks around
    them, ORed unit by unit and unpacked once. It runs at the end of every side's turn."""
    width = game.width
    for s in game.sides if only is None else [only]:
        own = others = near_own = near_others = 0
        for u in state.units.values():
            if u.status == ACTIVE and not u.underground and not u.broken:  # on the surface, not broken
                cell = u.y * width + u.x
                if u.side == s:
                    own |= 1 << cell
                    near_own |= _near(game, cell)
                else:
                    others |= 1 << cell
                    near_others |= _near(game, cell)
        held = (own & ~others) | (near_own & ~near_others & game.standable_bits)
        state.control[fog.unpack(game, held).reshape(game.height, game.width)] = game.side_index[s]


def _near(game: Game, cell: int, reach: int = 1) -> int:
    """The cells within ``reach`` steps (1 or 2) of flat cell ``cell``, itself included (clipped at the
    map's edges), as bits: what a unit there holds if no other side contests it (1), where an enemy
    there keeps a unit from resting (2). From the map's size alone: kept per Game."""
    kept = game.near_bits[reach - 1]
    bits = kept[cell]
    if bits is None:
        y, x = divmod(cell, game.width)
        block = np.zeros((game.height, game.width), bool)
        block[max(0, y - reach):y + reach + 1, max(0, x - reach):x + reach + 1] = True
        bits = kept[cell] = fog.bits_of(block)
    return bits


def share(game: Game, state: State, side: str, zone: str) -> float:
    """The true share of ``zone`` that ``side`` holds (see ``tally.zone_share``, the one formula)."""
    return zone_share(game, state.control, zone, side)


def zone_shares(game: Game, state: State) -> dict[str, dict[str, float]]:
    """Every zone's true share per side, rounded (see ``tally.zone_shares``)."""
    return tally_zone_shares(game, state.control)


def update_control_events(game: Game, state: State, em: Emitter) -> None:
    """Report changed zone shares, and score what they decide: first holders, lost declarations."""
    before = state.zone_shares
    now = zone_shares(game, state)
    for z, shares in now.items():
        if before.get(z) != shares:
            em.emit("control", seen_by=NOBODY, zone=z, shares=shares)
    state.zone_shares = now
    for side, dec in game.scenario.declarations.items():
        if side in state.declared and side not in state.penalised and dec.lost_below is not None \
                and now[dec.zone][side] < dec.lost_below:
            state.penalised.add(side)
            award(state, side, -dec.penalty, "declared victory, then lost the city")
            em.emit("declaration_undone", side=side, zone=dec.zone, control=now[dec.zone][side], points=-dec.penalty)
    for side, v in game.scenario.victory.items():
        for o in v.objectives:
            key = f"{o.zone}:first"
            if o.when == "first" and key not in state.claims and now[o.zone][side] >= o.hold:
                state.claims[key] = side
                award(state, side, o.points, f"first to hold {game.scenario.zones[o.zone].name}")
                em.emit("objective_reached", side=side, zone=o.zone, points=o.points)


# --- the end ---------------------------------------------------------------------------------

def finish(game: Game, state: State, em: Emitter, reason: str) -> None:
    """End the game: end-of-game objectives, each side's result and the winner, and the final checksum."""
    sc = game.scenario
    for side, v in sc.victory.items():
        for o in v.objectives:
            if o.when == "end" and share(game, state, side, o.zone) >= o.hold:
                award(state, side, o.points, f"holds {sc.zones[o.zone].name} at the end")
    results = {}
    for side, v in sc.victory.items():
        p = state.points.get(side, 0.0)
        results[side] = "win" if p >= v.win_at else "loss" if p < v.lose_below else "draw"
    ranked = sorted(game.sides, key=lambda s: state.points.get(s, 0.0), reverse=True)
    top = ranked[0]
    winner = top if len(ranked) == 1 or state.points[top] > state.points[ranked[1]] else None
    state.over = True
    people = casualties_people(game, state)
    state.outcome = {"winner": winner, "results": results, "points": dict(state.points), "reason": reason,
                     "losses": dict(state.losses), "casualties_people": people}
    em.emit("game_over", winner=winner, results=results, points=dict(state.points), reason=reason,
            losses=dict(state.losses), casualties_people=people, state_hash=state.hash())
