"""The attack order: fire on an enemy the side sees, within the attacker's range.

Losses on both sides are binomial draws from the same odds the preview shows; heavy losses
break a unit's morale, and fighting next to a tunnel entrance may give it away.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine import fog, observation
from game.engine.combat import odds
from game.engine.effects import brk, found, lose, nodes_next_to
from game.engine.geometry import Cell, adjacent, within
from game.engine.orders.base import Order
from game.engine.state import ACTIVE, ALERT

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game
    from game.engine.observation import Observation, UnitView
    from game.engine.state import State, Unit


class AttackOrder(Order):
    """Attack a seen enemy within range; attacking ends the unit's turn."""

    name = "attack"
    action = A.Attack

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if u.attacked or u.acted:
            return f"{u.id} has already attacked or acted this turn"
        if u.underground:
            return f"{u.id} must emerge before it can attack"
        if u.broken:
            return f"{u.id} is broken and cannot attack"
        if game.scenario.unit_types[u.type].attack <= 0:
            return f"{u.id} cannot attack"
        return None

    def refuse(self, game: Game, obs: Observation, u: UnitView, action: A.Action) -> str | None:
        assert isinstance(action, A.Attack)
        t = obs.units.get(action.target)
        if t is None or t.side == obs.side:
            return f"no enemy unit '{action.target}' in sight"
        if game.scenario.allied(obs.side, t.side):
            return f"{action.target} is an ally"
        if not within(u.cell, t.cell, game.scenario.unit_types[u.type].range):
            return f"{action.target} is out of range of {u.id}"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Attack(u.id, e.id) for e in obs.enemies()]

    def nothing_to_do(self, game: Game, obs: Observation, u: UnitView) -> str:
        if not obs.enemies():
            return f"{u.id} sees no enemy to attack"
        return f"no enemy in sight is within range of {u.id}"

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        assert isinstance(action, A.Attack)
        attack(game, state, u, state.units[action.target], em)


def attack(game: Game, state: State, a: Unit, d: Unit, em: Emitter) -> None:
    """Resolve ``a``'s attack on ``d``: losses, surprise, morale and breaking, then fresh fog for both."""
    r = game.rules
    av, dv = observation.view_of(a, True), observation.view_of(d, True)
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
    # The fight is shown to the sides that see both units; a defender that cannot see its attacker
    # (guns firing from cover) is told only that it came under fire.
    # Every side's spot layer, looked up once: nothing a sight depends on changes before a unit falls
    layers = {s: fog.spot_layer(game, state, s) for s in game.sides}
    watch_a = fog.witnesses(game, state, a, {s: m for s, m in layers.items() if s != a.side})
    watch_d = fog.witnesses(game, state, d, {s: m for s, m in layers.items() if s != d.side})
    zone = [z for z, m in game.zone_masks.items() if m[d.y, d.x]]
    em.emit("combat", seen_by={a.side} | (watch_a & watch_d), side=a.side, attacker=a.id, defender=d.id,
            defender_side=d.side, cell=list(d.cell), attacker_cell=list(a.cell), zones=zone, attacker_losses=a_loss,
            defender_losses=d_loss, surprise=o.surprise, ambush=o.ambush, suicide=o.suicide, intercepted=intercepted)
    if d.side not in watch_a:
        em.emit("under_fire", seen_by={d.side}, side=d.side, unit=d.id, cell=list(d.cell), losses=d_loss,
                surprise=o.surprise)
    lose(game, state, d, d_loss, by=a, em=em, layers=layers)
    kept = layers if d.status == ACTIVE else None  # a defender destroyed no longer sees for its side
    if o.suicide:
        lose(game, state, a, a_loss, by=d, em=em, spent=True, layers=kept)
    else:
        lose(game, state, a, a_loss, by=d, em=em, layers=kept)
    if d.status == ACTIVE:
        shaken(game, state, d, d_loss, a, em, extra_morale=r.surprise_morale if o.surprise and not intercepted else 0)
    if a.status == ACTIVE and a_loss:
        shaken(game, state, a, a_loss, d, em, suppress=False)  # the attacker chose the fight: not pinned down
    _combat_reveals(game, state, a, d, cells, em)
    for side in dict.fromkeys((a.side, d.side)):  # attacker's side first: a fixed order of events
        fog.refresh(game, state, side, em)


def _combat_reveals(game: Game, state: State, a: Unit, d: Unit, cells: list[Cell], em: Emitter) -> None:
    """Fighting next to a tunnel node may give its entrance away. The nodes next to either cell are
    kept per Game and cell (``effects.nodes_next_to``); they are tried in the game's node order, so
    the dice are drawn as a scan of every node draws them."""
    near = set(nodes_next_to(game, cells[0])).union(nodes_next_to(game, cells[1]))
    if not near:
        return
    for nid in game.nodes:
        if nid not in near or nid in state.collapsed:
            continue
        for side in (a.side, d.side):
            if nid not in state.knowledge[side].known_nodes and state.rng.random() < game.rules.combat_find_chance:
                found(game, state, side, nid, "combat nearby", em)


def shaken(game: Game, state: State, u: Unit, steps: int, cause: Unit, em: Emitter, extra_morale: int = 0,
           suppress: bool = True) -> None:
    """What losses do to a unit still in the field: morale falls with every step lost (and by
    ``extra_morale``, e.g. surprise), a unit that lost strength is pinned down for its next turn
    (``suppress``), and morale under the bar breaks it. Combat and fire at an exit share it."""
    r = game.rules
    u.morale = max(0, u.morale - steps * r.morale_per_step - extra_morale)
    if steps and suppress:
        u.suppressed = True
    if u.morale < r.break_below and not u.broken:
        brk(game, state, u, em, cause=cause)


def fires_at_exit(game: Game, g: Unit | UnitView, side: str, cell: Cell) -> bool:
    """Whether ``g`` would fire on a unit of ``side`` coming out at ``cell``: an alert, unbroken
    enemy on the surface next to the exit that can attack (a suicide attacker waits for its target).
    Works on a unit or on a side's view of one, so the order's warning and the rule agree."""
    ut = game.scenario.unit_types[g.type]
    return (g.side != side and not game.scenario.allied(g.side, side) and not g.underground and not g.broken
            and g.posture == ALERT and adjacent(g.cell, cell) and ut.attack > 0 and "suicide" not in ut.abilities)


def exit_fire(game: Game, state: State, u: Unit, node: str, em: Emitter) -> None:
    """Alert units next to a tunnel exit fire on a unit as it comes out, before it can act: a
    watching garrison meets fighters from below at the exit, a resting one does not (``rules:
    exit_fire`` scales the guards' usual odds; 0 turns the rule off). The unit fired on does not
    fire back (it is still climbing out); its losses shake it as a defender's do (``shaken``)."""
    scale = game.rules.exit_fire
    if scale <= 0:
        return
    guards = sorted((g for g in state.units.values() if g.status == ACTIVE and fires_at_exit(game, g, u.side, u.cell)),
                    key=lambda g: g.id)
    for g in guards:
        if u.status != ACTIVE:
            return
        o = odds(game, observation.view_of(g, True), observation.view_of(u, True), state.turn, g.fatigue, u.fatigue)
        p = min(1.0, o.p_hit_defender * scale)
        loss = min(u.strength, int(state.rng.binomial(g.strength, p)))
        watch_g, watch_u = fog.witnesses(game, state, g), fog.witnesses(game, state, u)
        em.emit("exit_fire", seen_by={g.side, u.side} | (watch_g & watch_u), side=g.side, unit=g.id, target=u.id,
                target_side=u.side, node=node, cell=list(u.cell), losses=loss)
        lose(game, state, u, loss, by=g, em=em)
        if u.status == ACTIVE and loss:
            shaken(game, state, u, loss, g, em)
    fog.refresh(game, state, u.side, em)
