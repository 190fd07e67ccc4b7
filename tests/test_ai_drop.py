"""``tactics.drop`` takes a unit's view out of a list the way ``list.remove`` does, matched by
identity instead of by ``==`` (which compares every field of two views)."""

from __future__ import annotations

import pytest

from game.ai import tactics as T
from game.engine.game import Game
from game.scenario.validate import load_scenario


def test_drop_removes_what_remove_would() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    obs = game.observe(state, game.sides[0])
    own = obs.own()
    assert len(own) >= 3
    for u in (own[0], own[len(own) // 2], own[-1]):
        a, b = list(own), list(own)
        a.remove(u)
        T.drop(b, u)
        assert [o.id for o in a] == [o.id for o in b]


def test_drop_refuses_a_unit_not_in_the_list() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    own = game.observe(state, game.sides[0]).own()
    with pytest.raises(ValueError):
        T.drop(own[1:], own[0])
