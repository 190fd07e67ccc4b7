"""The conformance suite's own sight, checked against the rulebook on drawn positions (it is the
suite's oracle, so it must be right independently of the engine it judges)."""

import numpy as np
from conformance_sight import Eye, Sight, shadowcast
from tiny import tiny

from game.engine.state import STOOD_DOWN


def test_on_open_ground_a_viewer_sees_out_to_its_sight_and_no_further():
    seen = shadowcast(np.ones((1, 12), bool), 0, 0, 6)
    assert (6, 0) in seen and (7, 0) not in seen


def test_a_dense_block_hides_the_cells_straight_behind_it():
    rows = np.array([[c != "#" for c in "..#...."]])
    seen = shadowcast(rows, 0, 0, 6)
    assert (2, 0) in seen, "the block itself is seen"
    assert not any((x, 0) in seen for x in range(3, 7))


def test_seeing_is_mutual_on_any_map():
    rng = np.random.default_rng(3)
    for _ in range(40):
        t = rng.random((9, 9)) > 0.3
        a, b = tuple(rng.integers(0, 9, 2)), tuple(rng.integers(0, 9, 2))
        t[a[1], a[0]] = t[b[1], b[0]] = True
        assert (b in shadowcast(t, a[0], a[1], 5)) == (a in shadowcast(t, b[0], b[1], 5))


def test_a_unit_in_cover_is_spotted_only_within_the_covered_share_of_sight_or_from_the_next_cell():
    game, state = tiny("..........", ["a inf blue 0,0", "r inf red 9,0"])
    sight = Sight(game)
    sight.cover[0, :] = 0.4  # sight 6 spots a unit in this cover out to 3.6 cells
    eye = [Eye(0, 0, 6)]
    assert sight.sees(eye, (3, 0)) and not sight.sees(eye, (4, 0))
    sight.cover[0, :] = 1.0
    assert sight.sees(eye, (1, 0)) and not sight.sees(eye, (2, 0))


def test_night_and_standing_down_each_halve_sight():
    game, state = tiny("..........", ["a inf blue 0,0", "r inf red 9,0"])  # infantry sight 6
    sight = Sight(game)
    a = state.units["a"]
    assert sight.eye(a, night=False).sight == 6 and sight.eye(a, night=True).sight == 3
    a.posture = STOOD_DOWN
    assert sight.eye(a, night=False).sight == 3 and sight.eye(a, night=True).sight == 2  # 1.5 rounds up


def test_a_unit_in_a_tunnel_is_never_seen_and_sees_only_the_street_above_it():
    tunnels = {"nodes": {"n1": {"at": [2, 0]}, "n2": {"at": [8, 0]}}, "links": [["n1", "n2"]], "known_to": {"red": "all"}}
    game, state = tiny("..........", ["a inf blue 1,0", "c cell red tunnel:n1", "r inf red 9,0"], tunnels=tunnels)
    sight = Sight(game)
    assert "c" not in sight.visible(state, "blue")
    assert sight.visible(state, "red") == {"a": (1, 0)}  # from below the entrance, next to it
