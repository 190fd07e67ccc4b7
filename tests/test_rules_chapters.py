"""docs/rules.md, chapter by chapter, for the chapters no other rule test covers directly:
fatigue, rallying, control, objectives, results and the declaration's penalty.

Each test sets up the smallest position that shows its sentence of the rulebook and fails if the
engine stops doing what the sentence says.
"""

import pytest
from tiny import tiny

from game.engine import actions as A
from game.engine.combat import odds
from game.engine.errors import IllegalAction
from game.engine.observation import view_of
from game.engine.state import STOOD_DOWN
from game.engine.tally import zone_shares


def next_turn(game, state):
    """Every side ends its turn once: back to the first side's next turn."""
    for _ in game.sides:
        game.apply(state, A.EndTurn())


# --- Posture, alertness and fatigue ------------------------------------------------------------

def test_an_alert_unit_gains_one_point_of_fatigue_a_turn_up_to_six():
    game, state = tiny("......", ["a inf blue 0,0", "r inf red 5,0"], calendar={
        "start": "2017-11-06T06:00", "turn_hours": 12, "turns": 10})
    seen = [state.units["a"].fatigue]
    for _ in range(7):
        next_turn(game, state)
        seen.append(state.units["a"].fatigue)
    assert seen == [1, 2, 3, 4, 5, 6, 6, 6]


def test_a_stood_down_unit_sheds_two_points_of_fatigue_a_turn():
    game, state = tiny("......", ["a inf blue 0,0", "r inf red 5,0"])
    state.units["a"].fatigue = 5
    game.apply(state, A.Posture("a", STOOD_DOWN))
    seen = []
    for _ in range(3):
        next_turn(game, state)
        seen.append(state.units["a"].fatigue)
    assert seen == [3, 1, 0]


def test_each_point_of_fatigue_costs_five_percent_of_attack_and_of_defence():
    game, state = tiny("..", ["a inf blue 0,0", "r inf red 1,0"])
    a, r = view_of(state.units["a"], True), view_of(state.units["r"], True)
    fresh = odds(game, a, r, state.turn)
    tired_attacker = odds(game, a, r, state.turn, a_fatigue=4)
    tired_defender = odds(game, a, r, state.turn, d_fatigue=4)
    assert fresh.p_hit_defender == pytest.approx(0.3)  # 0.3 x attack 3 / defence 3 on open ground
    assert tired_attacker.p_hit_defender == pytest.approx(0.3 * (1 - 4 * 0.05))
    assert tired_defender.p_hit_defender == pytest.approx(0.3 / (1 - 4 * 0.05))


# --- Morale, breaking and rallying -------------------------------------------------------------

def test_a_broken_unit_in_its_rally_zone_recovers_15_morale_a_turn_and_rallies_at_50():
    game, state = tiny("......", ["a inf blue 0,0", "r inf red 5,0"])  # the rally zone is column 0
    a = state.units["a"]
    a.broken, a.morale = True, 22
    next_turn(game, state)
    assert (a.morale, a.broken) == (37, True)
    rallied = []
    for _ in game.sides:
        rallied += [e for e in game.apply(state, A.EndTurn()) if e.kind == "unit_rallied"]
    assert (a.morale, a.broken) == (52, False)
    assert [e.get("unit") for e in rallied] == ["a"]


def test_a_broken_unit_away_from_its_rally_zone_falls_back_toward_it_at_the_start_of_its_turn():
    game, state = tiny("..........", ["a inf blue 8,0", "r inf red 9,0"])
    state.units["a"].broken = True
    next_turn(game, state)
    a = state.units["a"]
    assert a.x < 8 and a.mp == 0
    assert a.morale == 70, "a broken unit out of its rally zone recovers nothing"


def test_a_broken_unit_cannot_attack():
    game, state = tiny("..", ["a inf blue 0,0", "r inf red 1,0"])
    state.units["a"].broken = True
    with pytest.raises(IllegalAction, match="broken"):
        game.apply(state, A.Attack("a", "r"))


def test_an_unbroken_unit_away_from_the_enemy_recovers_5_morale_a_turn_and_one_near_it_does_not():
    game, state = tiny("..........", ["far inf blue 0,0", "near inf blue 7,0", "r inf red 9,0"])
    state.units["far"].morale = state.units["near"].morale = 40
    next_turn(game, state)
    assert state.units["far"].morale == 45
    assert state.units["near"].morale == 40  # an enemy two cells off


def test_an_enemy_two_steps_off_on_a_diagonal_or_at_the_maps_edge_also_keeps_a_unit_from_resting():
    game, state = tiny("""
        .......
        .......
        .......
        .......
        .......""", ["diag inf blue 2,2", "edge inf blue 0,2", "far inf blue 4,1", "r inf red 0,0",
                     "s inf red 6,4"])
    for u in ("diag", "edge", "far"):
        state.units[u].morale = 40
    next_turn(game, state)
    assert state.units["far"].morale == 45  # three steps from both enemies
    assert state.units["diag"].morale == 40  # two steps on the diagonal
    assert state.units["edge"].morale == 40  # two steps along the map's edge, from the corner


# --- Control ------------------------------------------------------------------------------------

def test_a_unit_controls_its_cell_and_every_cell_around_it_no_other_side_is_next_to():
    game, state = tiny(".......\n.......\n.......", ["a inf blue 1,1", "r inf red 5,1"])
    blue, red = game.side_index["blue"], game.side_index["red"]
    assert (state.control[0:3, 0:3] == blue).all()
    assert (state.control[0:3, 4:7] == red).all()
    assert (state.control[:, 3] == -1).all()


def test_the_ground_a_unit_holds_stops_at_the_maps_edge():
    # a unit on the east edge holds nothing on the west edge (the rows do not run on into each other)
    game, state = tiny("......\n......\n......", ["a inf blue 5,1", "r inf red 0,0"])
    blue = game.side_index["blue"]
    assert (state.control[0:3, 4:6] == blue).all()
    assert not (state.control[:, 0:3] == blue).any()


def test_a_cell_next_to_units_of_two_sides_is_taken_by_neither_but_a_unit_always_holds_its_own():
    game, state = tiny(".......\n.......\n.......", ["a inf blue 1,1", "r inf red 5,1"])
    game.apply(state, A.Move("a", 4, 1))  # next to the red unit
    game.apply(state, A.EndTurn())
    blue = game.side_index["blue"]
    assert state.control[1, 4] == blue, "the unit's own cell"
    assert state.control[0, 4] != blue and state.control[2, 4] != blue, "cells next to the red unit are contested"
    assert state.control[0, 3] == blue and state.control[2, 3] == blue


def test_moving_through_cells_takes_control_of_them():
    game, state = tiny("..........", ["a inf blue 0,0", "r inf red 9,0"])
    assert state.control[0, 4] == -1
    game.apply(state, A.Move("a", 5, 0))
    assert (state.control[0, 0:6] == game.side_index["blue"]).all()


def test_broken_units_and_units_underground_control_nothing():
    tunnels = {"nodes": {"n1": {"at": [5, 1]}, "n2": {"at": [8, 1]}}, "links": [["n1", "n2"]], "known_to": {"red": "all"}}
    game, state = tiny("..........\n..........\n..........", ["a inf blue 1,1", "c cell red tunnel:n1",
                                                                 "r inf red 9,2"], tunnels=tunnels)
    red = game.side_index["red"]
    assert state.control[1, 5] != red and state.control[0, 4] != red  # nothing around the unit below
    state.units["a"].broken = True
    state.control[:, :] = -1
    game.apply(state, A.EndTurn())
    assert not (state.control == game.side_index["blue"]).any()


def test_control_of_a_zone_is_the_share_of_its_cells_a_side_controls():
    game, state = tiny("..........", ["a inf blue 0,0", "r inf red 9,0"])
    shares = state.zone_shares["all"]
    assert shares == {"blue": 0.2, "red": 0.2}  # two cells of ten each


def test_zone_shares_follow_the_control_layer_even_when_it_changes_in_place():
    # the shares are kept by the layer's contents (a side turn often leaves it as it was), never by the array
    game, state = tiny("..........", ["a inf blue 0,0", "r inf red 9,0"])
    assert zone_shares(game, state.control)["all"] == {"blue": 0.2, "red": 0.2}
    state.control[0, 4] = game.side_index["red"]
    assert zone_shares(game, state.control)["all"] == {"blue": 0.2, "red": 0.3}
    state.control[0, 4] = -1
    assert zone_shares(game, state.control)["all"] == {"blue": 0.2, "red": 0.2}


# --- Points and results -------------------------------------------------------------------------

def _victory(blue_objectives, win_at=5, lose_below=1):
    return {"blue": {"objectives": blue_objectives, "win_at": win_at, "lose_below": lose_below},
            "red": {"objectives": [], "win_at": 5, "lose_below": 1}}


def test_an_each_turn_objective_scores_at_the_end_of_every_turn_it_is_held():
    game, state = tiny(".....", ["a inf blue 0,0", "r inf red 4,0"],
                       victory=_victory([{"zone": "left", "points": 2, "when": "each_turn"}]))
    for turn in range(1, 4):
        next_turn(game, state)
        assert state.points["blue"] == 2 * turn


def test_a_first_objective_scores_once_for_the_first_side_to_hold_it():
    game, state = tiny(".....", ["a inf blue 2,0", "r inf red 4,0"],
                       victory=_victory([{"zone": "left", "points": 3, "when": "first", "hold": 1.0}]))
    assert state.points["blue"] == 0
    game.apply(state, A.Move("a", 1, 0))
    game.apply(state, A.EndTurn())
    assert state.points["blue"] == 3 and state.claims == {"left:first": "blue"}
    next_turn(game, state)
    assert state.points["blue"] == 3


def test_an_end_objective_scores_only_when_the_game_ends_and_only_if_held():
    calendar = {"start": "2017-11-06T06:00", "turn_hours": 12, "turns": 2}
    held = _victory([{"zone": "left", "points": 4, "when": "end"}])
    game, state = tiny(".....", ["a inf blue 0,0", "r inf red 4,0"], calendar=calendar, victory=held)
    next_turn(game, state)
    assert state.points["blue"] == 0 and not state.over
    next_turn(game, state)
    assert state.over and state.points["blue"] == 4
    game, state = tiny(".....", ["a inf blue 3,0", "r inf red 4,0"], calendar=calendar, victory=held)
    next_turn(game, state)
    next_turn(game, state)
    assert state.over and state.points["blue"] == 0


@pytest.mark.parametrize(("points", "result"), [(5, "win"), (7, "win"), (4.5, "draw"), (1, "draw"), (0.5, "loss")])
def test_a_sides_result_is_a_win_at_its_win_threshold_a_loss_below_its_loss_threshold_else_a_draw(points, result):
    calendar = {"start": "2017-11-06T06:00", "turn_hours": 12, "turns": 1}
    game, state = tiny(".....", ["a inf blue 0,0", "r inf red 4,0"], calendar=calendar, victory=_victory([]))
    state.points["blue"] = points
    next_turn(game, state)
    assert state.outcome["results"]["blue"] == result


def test_the_side_with_the_most_points_is_named_and_a_tie_names_nobody():
    calendar = {"start": "2017-11-06T06:00", "turn_hours": 12, "turns": 1}
    for blue, red, winner in ((3, 2, "blue"), (2, 3, "red"), (2, 2, None)):
        game, state = tiny(".....", ["a inf blue 0,0", "r inf red 4,0"], calendar=calendar, victory=_victory([]))
        state.points.update(blue=blue, red=red)
        next_turn(game, state)
        assert state.outcome["winner"] == winner


# --- Declaring victory --------------------------------------------------------------------------

DECLARE = {"blue": {"zone": "all", "min_control": 0.5, "points": 5, "lost_below": 0.4, "penalty": 7}}


def test_a_declaration_gains_its_points_at_once():
    game, state = tiny("......", ["a inf blue 1,0", "b inf blue 4,0"], declarations=DECLARE)
    events = game.apply(state, A.Declare())
    assert state.points["blue"] == 5 and state.declared == {"blue": 1}
    assert [e.kind for e in events][:1] == ["victory_declared"]


def test_a_side_whose_control_falls_below_its_declarations_threshold_loses_the_penalty_once():
    game, state = tiny("..........", ["a inf blue 1,0", "b inf blue 4,0", "c inf blue 7,0"], declarations=DECLARE)
    game.apply(state, A.Declare())
    assert state.points["blue"] == 5
    for uid in ("b", "c"):
        state.units[uid].status = "destroyed"
    state.control[:, 3:] = -1  # the ground the lost units held is gone: 3 of 10 cells left
    game.apply(state, A.EndTurn())
    assert state.points["blue"] == 5 - 7 and "blue" in state.penalised
    next_turn(game, state)
    assert state.points["blue"] == 5 - 7, "the penalty is taken once"


def test_a_declared_side_that_keeps_enough_of_the_zone_loses_nothing():
    game, state = tiny("..........", ["a inf blue 1,0", "b inf blue 4,0", "c inf blue 7,0"], declarations=DECLARE)
    game.apply(state, A.Declare())
    next_turn(game, state)
    assert state.points["blue"] == 5 and not state.penalised


def test_a_unit_sent_to_other_fronts_after_a_declaration_leaves_the_map_for_points_per_strength_step():
    decl = {"blue": {**DECLARE["blue"], "withdraw_zone": "left", "withdraw_points": 0.5}}
    game, state = tiny("......", ["a inf blue 0,0 strength=3", "b inf blue 3,0"], declarations=decl)
    game.apply(state, A.Declare())
    game.apply(state, A.Withdraw("a"))
    assert state.units["a"].status == "withdrawn" and "a" not in game.observe(state, "blue").units
    assert state.points["blue"] == 5 + 0.5 * 3
    with pytest.raises(IllegalAction, match="must be in"):
        game.apply(state, A.Withdraw("b"))  # not in the rear zone


# --- Points for losses ----------------------------------------------------------------------------

def test_a_side_scores_for_enemy_strength_destroyed_and_loses_points_for_its_own_losses():
    victory = {s: {"objectives": [], "win_at": 5, "lose_below": -5, "enemy_step": 2, "own_step": -1}
               for s in ("blue", "red")}
    game, state = tiny("..", ["a inf blue 0,0", "r inf red 1,0"], victory=victory)
    game.apply(state, A.Attack("a", "r"))
    lost = {s: state.losses[s] for s in ("blue", "red")}  # factions are named like their sides here
    assert lost["red"] + lost["blue"] > 0, "seed 1 draws some losses"
    assert state.points["blue"] == 2 * lost["red"] - lost["blue"]
    assert state.points["red"] == 2 * lost["blue"] - lost["red"]


# --- Turns and dates ----------------------------------------------------------------------------

def test_the_sides_move_in_turn_order_and_a_turn_is_one_day_or_night_of_turn_hours():
    game, state = tiny("......", ["a inf blue 0,0", "r inf red 5,0"])
    order = []
    for _ in range(4):
        order.append((state.turn, game.current_side(state), game.date_of(state.turn)))
        game.apply(state, A.EndTurn())
    assert order == [(1, "blue", "2017-11-06 06:00"), (1, "red", "2017-11-06 06:00"),
                     (2, "blue", "2017-11-06 18:00"), (2, "red", "2017-11-06 18:00")]


def test_a_sides_reinforcements_arrive_at_the_start_of_its_turn_with_full_movement():
    game, state = tiny("......", ["a inf blue 0,0", "r inf red 5,0", "q inf red arrives:2@all"])
    game.apply(state, A.EndTurn())
    assert state.units["q"].status == "waiting"  # red's turn 1: not yet
    game.apply(state, A.EndTurn())
    assert state.units["q"].status == "waiting"  # blue's turn 2: not red's turn
    events = game.apply(state, A.EndTurn())
    q = state.units["q"]
    assert q.status == "active" and q.cell == (1, 0)  # the zone's first cell free of the enemy
    assert q.mp > 0 and any(e.kind == "arrived" and e.get("unit") == "q" for e in events)


# --- Phases and triggers -------------------------------------------------------------------------

PHASES = [{"id": "start", "name": "Start"}, {"id": "announced", "name": "Victory announced"}]


def _trigger(**cond):
    return [{"id": "announce", "when": "victory_declared", **({"if": cond} if cond else {}),
             "do": [{"set_phase": "announced"}, {"points": {"side": "red", "points": 2, "reason": "test"}}]}]


def test_when_an_event_happens_and_the_triggers_conditions_hold_its_effects_run():
    game, state = tiny("......", ["a inf blue 1,0", "b inf blue 4,0"], declarations=DECLARE, phases=PHASES,
                       triggers=_trigger(phase="start"))
    events = game.apply(state, A.Declare())
    assert state.phase == "announced" and state.points["red"] == 2
    assert [e.get("phase") for e in events if e.kind == "phase"] == ["announced"]


def test_a_trigger_whose_conditions_do_not_hold_does_nothing():
    game, state = tiny("......", ["a inf blue 1,0", "b inf blue 4,0"], declarations=DECLARE, phases=PHASES,
                       triggers=_trigger(night=True))  # the declaration comes by day
    game.apply(state, A.Declare())
    assert state.phase == "start" and state.points["red"] == 0
