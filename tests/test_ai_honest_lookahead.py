"""The level-2 look-ahead samples tunnels only from what its side knows."""

from __future__ import annotations

import dataclasses

from game.ai.planner import AIPolicy
from game.engine import fog
from game.engine.game import Game
from game.engine.sample import believed_game, believed_nodes
from game.engine.state import WAITING
from game.scenario.model import TunnelNode
from game.scenario.validate import load_scenario

MOVED = "n_southwest"  # an entrance no government unit starts next to, and no unit starts under


def _scenario(moved: bool):
    sc = load_scenario("abu_kamal_2017")
    if not moved:
        return sc
    nodes = dict(sc.tunnels.nodes)
    nodes[MOVED] = TunnelNode(id=MOVED, at=(23, 34), name=nodes[MOVED].name)
    return dataclasses.replace(sc, tunnels=dataclasses.replace(sc.tunnels, nodes=nodes))


def _government_at_the_city(moved: bool) -> tuple[Game, AIPolicy]:
    """The government's turn with its units closed up on the city (so the look-ahead weighs pressing
    the attack against holding steady), played by a level-2 policy."""
    game = Game(_scenario(moved))
    state, _ = game.start(4)
    cells = [(25, 33), (26, 33), (27, 33), (28, 33), (29, 34), (30, 34), (31, 34), (32, 34)]
    gov = [u for u in state.units.values() if u.side == "government" and u.status == "active"]
    for u, (x, y) in zip(gov, cells, strict=False):
        u.x, u.y = x, y
    for u in state.units.values():
        if u.side == "sdf":
            u.status = WAITING
    for side in game.sides:
        fog.refresh(game, state, side, None)
    state.cache.clear()
    pol = AIPolicy("government", 4, 2)
    pol.choose(game.observe(state, "government"))
    return game, pol


def test_the_sampled_network_holds_only_the_entrances_the_side_knows() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(1)
    obs = game.observe(state, "government")
    known = believed_nodes(obs)
    world = believed_game(game, known)
    assert set(world.nodes) == set(known) and MOVED not in world.nodes
    assert believed_game(game, believed_nodes(game.observe(state, "isis"))) is game  # ISIS knows its tunnels


def test_moving_an_entrance_the_government_has_not_found_does_not_change_its_level_2_decision_inputs() -> None:
    _, a = _government_at_the_city(moved=False)
    _, b = _government_at_the_city(moved=True)
    assert a.last_lookahead is not None and a.last_lookahead["samples"] >= 1, "the look-ahead ran"
    assert a.last_lookahead == b.last_lookahead
