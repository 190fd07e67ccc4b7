"""Fog of war and the hidden tunnel network."""

from tiny import tiny

from game.engine import actions as A

CITY = """
    .........
    .###.###.
    .#.....#.
    .........
"""
TUNNELS = {"nodes": {"n1": {"at": [2, 2]}, "n2": {"at": [6, 2]}}, "links": [["n1", "n2"]], "known_to": {"red": "all"}}


def test_a_unit_in_a_tunnel_is_invisible_to_a_side_that_has_not_found_the_entrance():
    game, state = tiny(CITY, ["a inf blue 2,3", "c cell red tunnel:n1", "r inf red 8,0"], tunnels=TUNNELS)
    obs = game.observe(state, "blue")
    assert "c" not in obs.units and "c" not in obs.last_seen
    assert "n1" not in obs.known_nodes


def test_a_unit_in_a_tunnel_stays_invisible_even_over_an_entrance_that_was_found():
    game, state = tiny(CITY, ["a inf blue 2,3", "c cell red tunnel:n1", "r inf red 8,0"],
                       tunnels={**TUNNELS, "known_to": {"red": "all", "blue": ["n1"]}})
    obs = game.observe(state, "blue")
    assert "n1" in obs.known_nodes and "c" not in obs.units


def test_a_side_knows_only_the_tunnel_entrances_it_found():
    game, state = tiny(CITY, ["a inf blue 0,0", "c cell red tunnel:n1"], tunnels=TUNNELS)
    assert game.observe(state, "red").known_nodes == {"n1", "n2"}
    assert game.observe(state, "blue").known_nodes == frozenset()


def test_searching_next_to_an_entrance_finds_it_with_the_scenarios_chance():
    game, state = tiny(CITY, ["a inf blue 2,3", "c cell red tunnel:n2"], tunnels=TUNNELS,
                       rules={"search_chance": 1.0, "search_radius": 1})
    events = game.apply(state, A.Search("a"))
    found = [e.get("node") for e in events if e.kind == "tunnel_found"]
    assert found == ["n1"], "n1 is within one cell, n2 is not"
    assert game.observe(state, "blue").known_nodes == {"n1"}
    assert all(not e.visible_to("red") for e in events if e.kind == "tunnel_found")


def test_a_search_takes_the_units_whole_turn():
    game, state = tiny(CITY, ["a inf blue 2,3", "c cell red tunnel:n2"], tunnels=TUNNELS)
    game.apply(state, A.Search("a"))
    assert game.observe(state, "blue").units["a"].mp == 0


def test_coming_out_of_a_tunnel_in_sight_gives_the_entrance_away():
    game, state = tiny(CITY, ["a inf blue 2,3", "c cell red tunnel:n1"], tunnels=TUNNELS)
    game.apply(state, A.EndTurn())  # blue's turn ends, red moves
    events = game.apply(state, A.Emerge("c"))
    assert any(e.kind == "tunnel_found" and e.get("side") == "blue" and e.get("node") == "n1" for e in events)
    assert "c" in game.observe(state, "blue").units


def test_units_travel_underground_between_linked_entrances():
    game, state = tiny(CITY, ["a inf blue 0,0", "c cell red tunnel:n1"], tunnels=TUNNELS)
    game.apply(state, A.EndTurn())
    game.apply(state, A.Tunnel("c", "n2"))
    obs = game.observe(state, "red")
    assert obs.units["c"].node == "n2" and obs.units["c"].cell == (6, 2)


def test_demolishing_an_entrance_closes_it_and_hurts_the_units_below():
    game, state = tiny(CITY, ["e eng blue 2,3", "c cell red tunnel:n1"],
                       tunnels={**TUNNELS, "known_to": {"red": "all", "blue": ["n1"]}})
    game.apply(state, A.Demolish("e", "n1"))
    assert "n1" in state.collapsed
    c = state.units["c"]
    assert c.strength == 3 and c.node == "n2", "one step lost, pushed along the tunnel to the next entrance"


def test_night_shortens_sight():
    game, state = tiny("." * 14, ["a inf blue 0,0", "r inf red 13,0"])
    day = game.observe(state, "blue").visible
    game.apply(state, A.EndTurn())
    game.apply(state, A.EndTurn())  # turn 2 starts at 18:00: night
    assert game.scenario.calendar.is_night(state.turn)
    night = game.observe(state, "blue").visible
    assert day[0, 6] and not night[0, 6]


def test_dense_blocks_hide_what_is_behind_them():
    game, state = tiny("""
        ........
        ...#....
        ........
    """, ["a inf blue 1,1", "r inf red 6,1"])
    assert not game.observe(state, "blue").visible[1, 5]
    assert game.observe(state, "blue").visible[1, 3], "the block itself is seen"


def test_a_demolition_reports_how_much_strength_was_lost_below_but_not_whose():
    game, state = tiny(CITY, ["e eng blue 2,3", "c cell red tunnel:n1"],
                       tunnels={**TUNNELS, "known_to": {"red": "all", "blue": ["n1"]}})
    events = game.apply(state, A.Demolish("e", "n1"))
    ev = next(e for e in events if e.kind == "tunnel_demolished")
    assert ev.get("losses_below") == 1
    assert "'c'" not in repr(ev.data)


def test_units_destroyed_underground_are_not_named_to_the_side_that_collapsed_the_tunnel():
    game, state = tiny(CITY, ["e eng blue 2,3", "c cell red tunnel:n1 strength=1", "r inf red 8,3"],
                       tunnels={**TUNNELS, "known_to": {"red": "all", "blue": ["n1"]}})
    events = game.apply(state, A.Demolish("e", "n1"))
    assert state.units["c"].status == "destroyed"
    told_blue = [e for e in events if e.visible_to("blue")]
    assert told_blue and not any("c" in (e.get("unit"), e.get("by"), e.get("defender")) for e in told_blue)
    assert all("'c'" not in repr(e.data) for e in told_blue)
    destroyed = next(e for e in events if e.kind == "unit_destroyed")
    assert destroyed.get("unit") == "c" and destroyed.visible_to("red") and not destroyed.visible_to("blue")


def test_a_side_sees_its_own_score_and_the_others_only_once_the_game_is_over():
    """Another side's score would tell of fights out of sight (points for strength it destroyed)."""
    game, state = tiny(CITY, ["a inf blue 0,0", "r inf red 8,0"])
    state.points.update({"blue": 3.0, "red": 7.5})
    assert game.observe(state, "blue").points == {"blue": 3.0}
    assert game.observe(state, "red").points == {"red": 7.5}
    assert game.observe(state, None).points == {"blue": 3.0, "red": 7.5}
    state.over = True
    assert game.observe(state, "blue").points == {"blue": 3.0, "red": 7.5}


def test_a_tunnel_move_takes_the_route_the_sides_observation_shows():
    # the order reads the route from the state, the side's observation from what the side knows:
    # a collapsed node the side never found changes neither
    tunnels = {"nodes": {"n1": {"at": [2, 2]}, "n2": {"at": [4, 2]}, "n3": {"at": [6, 2]}, "n4": {"at": [4, 0]}},
               "links": [["n1", "n4"], ["n4", "n3"], ["n1", "n2"], ["n2", "n3"]],
               "known_to": {"red": ["n1", "n2", "n3"]}}
    game, state = tiny(CITY, ["a inf blue 0,3", "c cell red tunnel:n1"], tunnels=tunnels)
    state.collapsed.add("n4")
    game.apply(state, A.EndTurn())
    obs = game.observe(state, "red")
    expected = game.tunnel_route(obs, obs.units["c"], "n3")
    assert expected == ["n1", "n2", "n3"]
    events = game.apply(state, A.Tunnel("c", "n3"))
    assert [e.get("route") for e in events if e.kind == "tunnel_move"] == [expected]


def test_a_fight_next_to_an_entrance_gives_it_away_from_either_units_cell_and_no_farther():
    """The nodes next to the attacker's cell or the defender's are found (each side rolls for each,
    in the game's node order); a node two cells from both stays hidden."""
    nodes = {"n1": {"at": [2, 2]}, "n2": {"at": [6, 2]}, "n3": {"at": [8, 0]}}
    tunnels = {"nodes": nodes, "links": [["n1", "n2"], ["n2", "n3"]], "known_to": {}}
    for attacker, defender, near in (("6,3", "7,3", ["n2"]), ("1,3", "2,3", ["n1"]), ("7,1", "8,1", ["n2", "n3"])):
        game, state = tiny(CITY, [f"a inf blue {attacker}", f"r inf red {defender}"], tunnels=tunnels,
                           rules={"combat_find_chance": 1.0})
        events = game.apply(state, A.Attack("a", "r"))
        found = [(e.get("side"), e.get("node")) for e in events if e.kind == "tunnel_found"]
        assert found == [(side, nid) for nid in near for side in ("blue", "red")]
