"""A turn's goals are read-only: the goal fields look up a read-only mask by the array itself,
without a digest of its content, so a goal changed after it was planned would read a stale field."""

from __future__ import annotations

from game.ai.driver import play_side_turn
from game.ai.planner import AIPolicy
from game.engine.game import Game
from game.scenario.validate import load_scenario


def test_the_goals_a_turn_plans_cannot_be_changed() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    players = {s: AIPolicy(s, 3, 0) for s in game.sides}
    seen = set()
    for _ in range(4 * len(game.sides)):
        side = game.current_side(state)
        assert side is not None
        play_side_turn(game, state, players[side])
        plan = players[side].plan
        assert plan is not None
        for name, goal in plan.tasks.values():
            if name == "city":
                assert not goal.flags.writeable
                seen.add(plan.role)
        if plan.claim is not None:
            assert not plan.claim.flags.writeable
            seen.add(plan.role)
    assert seen == {"attacker", "hider"}
