"""The desktop game's logic without a window: camera, settings, the match model (undo, AI turns,
setup in saves), event lines, the saves list and the side's-eye scene."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
import ui_support  # noqa: F401  (dummy SDL drivers before pygame)
from tiny import tiny_game

from game.control.match import Match, Setup, undo_blocker
from game.engine import actions as A
from game.engine.events import Event
from game.session import Session, load
from game.ui import describe
from game.ui.camera import ZOOMS, Camera
from game.ui.eventtext import Describer, summary
from game.ui.map_marks import dashes
from game.ui.saves import list_saves, new_save_path
from game.ui.scene import build_scene
from game.ui.settings import Settings, cycle, load_settings, save_settings
from game.ui.theme import gui_theme, palette


def tiny_match(rows: str, units: list[str], humans=("blue",)) -> Match:
    sc = tiny_game(rows, units).scenario
    session = Session.new(sc, seed=1)
    return Match.from_session(session, Setup(scenario="tiny", humans=humans,
                                             policies=tuple((s, "random") for s in ("blue", "red") if s not in humans)))


# --- camera -------------------------------------------------------------------------------

def test_camera_maps_cells_to_pixels_and_back():
    cam = Camera(64, 48, view=(0, 30, 900, 600))
    cam.center_on(30, 20)
    for cell in [(30, 20), (25, 14), (33, 25)]:
        x, y = cam.cell_origin(*cell)
        assert cam.cell_at(x + 1, y + 1) == cell
    assert cam.cell_at(-5, 100) is None


def test_zoom_keeps_the_cell_under_the_pointer():
    cam = Camera(64, 48, view=(0, 0, 1000, 700))
    cam.center_on(32, 24)
    anchor = (300, 250)
    before = cam.cell_at(*anchor)
    assert cam.zoom(1, anchor)
    assert cam.cell_at(*anchor) == before
    while cam.zoom(1):
        pass
    assert cam.z == ZOOMS[-1]
    assert not cam.zoom(1)


def test_camera_stays_on_the_map_and_follows_the_cursor():
    cam = Camera(64, 48, view=(0, 0, 800, 600))
    cam.pan(-10_000, -10_000)
    assert (cam.ox, cam.oy) == (0, 0)
    cam.pan(10_000, 10_000)
    ww, wh = cam.world_size
    assert cam.ox == ww - 800 and cam.oy == wh - 600
    cam.center_on(5, 5)
    assert cam.ensure_visible(60, 40)
    assert cam.cell_in_view(60, 40)
    cam.fit_zoom()
    assert cam.world_size[0] <= 800 and cam.world_size[1] <= 600


# --- settings -----------------------------------------------------------------------------

def test_settings_persist_and_survive_a_damaged_file(tmp_path):
    p = tmp_path / "settings.json"
    s = Settings(ui_scale=1.5, colour_blind=True, fullscreen=True, animation_speed="fast", window=(1600, 1000))
    save_settings(s, p)
    assert load_settings(p) == s
    p.write_text("{ not json")
    assert load_settings(p) == Settings()
    p.write_text(json.dumps({"ui_scale": "huge", "colour_blind": 1, "animation_speed": "fast", "extra": 3}))
    got = load_settings(p)
    assert got.ui_scale == 1.0 and got.colour_blind is False and got.animation_speed == "fast"
    assert cycle((1, 2, 3), 3) == 1 and cycle((1, 2, 3), 9) == 1


def test_theme_scales_fonts_and_swaps_to_a_colour_blind_palette():
    big = gui_theme(1.5)
    assert big["button"]["font"]["size"] == str(round(15 * 1.5))
    sc = Session.new("abu_kamal_2017").scenario
    normal, safe = palette(sc), palette(sc, colour_blind=True)
    assert normal.factions["saa"] != safe.factions["saa"]
    assert normal.terrain["river"] == safe.terrain["river"]  # terrain keeps the scenario's colours
    assert set(safe.sides) == set(sc.sides)


# --- the match model ----------------------------------------------------------------------

OPEN = """
....................
....................
....................
....................
"""


def test_undo_restores_a_move_that_revealed_nothing():
    m = tiny_match(OPEN, ["b1 inf blue 1,1", "r1 inf red 19,3"])
    h0, n_act, n_ev = m.state.hash(), len(m.session.actions), len(m.session.events)
    m.play(A.Move("b1", 3, 1))
    assert m.observe().units["b1"].cell == (3, 1)
    ok, msg = m.can_undo()
    assert ok, msg
    m.undo()
    assert m.state.hash() == h0
    assert (len(m.session.actions), len(m.session.events)) == (n_act, n_ev)
    assert m.observe().units["b1"].cell == (1, 1)
    assert m.can_undo() == (False, "Nothing to undo this turn.")


def test_undo_cuts_the_session_back_with_one_mark_per_action():
    m = tiny_match(OPEN, ["b1 inf blue 1,1", "b2 inf blue 1,2", "r1 inf red 19,3"])
    m.play(A.Move("b1", 3, 1))
    m.play(A.Move("b2", 3, 2))
    m.undo()
    s = m.session
    assert len(s.marks) == len(s.actions) == 1
    assert s.marks[-1] == len(s.events)  # every event belongs to an action that is still there
    m.undo()
    assert len(s.marks) == len(s.actions) == 0


def test_undo_is_refused_once_the_move_revealed_an_enemy():
    m = tiny_match(OPEN, ["b1 inf blue 0,0", "r1 inf red 11,3"])
    assert "r1" not in m.observe().units
    events = m.play(A.Move("b1", 5, 1))
    assert any(e.kind == "sighted" for e in events)
    ok, msg = m.can_undo()
    assert not ok and "revealed an enemy unit" in msg and "Cannot undo the last order" in msg and "moves" in msg
    assert m.undo() == msg  # nothing changes
    assert m.observe().units["b1"].cell != (0, 0)


def test_undo_blockers_follow_the_rule():
    ev = lambda kind, **d: Event(kind, 1, "2017-11-06", "06:00", d)  # noqa: E731
    assert undo_blocker(A.Move("u", 1, 1), [ev("move", stopped=None)]) is None
    assert "contact" in undo_blocker(A.Move("u", 1, 1), [ev("move", stopped="contact")])
    assert undo_blocker(A.Move("u", 1, 1), [ev("move"), ev("tunnel_found")]) is not None
    assert undo_blocker(A.Attack("u", "e"), []) == "it led to combat"
    assert undo_blocker(A.Posture("u", "alert"), [ev("posture")]) is None
    spotted = Event("sighted", 1, "2017-11-06", "06:00", {"side": "red"}, frozenset({"red"}))
    assert undo_blocker(A.Move("u", 1, 1), [ev("move"), spotted], "blue") is None  # the enemy saw us: not our news
    assert undo_blocker(A.Move("u", 1, 1), [ev("move"), spotted], "red") is not None


def test_end_turn_clears_undo_and_the_ai_plays_its_side():
    m = tiny_match(OPEN, ["b1 inf blue 1,1", "r1 inf red 19,3"])
    m.play(A.Move("b1", 2, 1))
    m.play(A.EndTurn())
    assert m.undo_points == [] and m.ai_turn and m.current == "red"
    for _ in range(50):
        if not m.ai_turn:
            break
        m.ai_apply(m.ai_choose())
    assert m.human_turn and m.state.turn == 2


def test_a_refused_ai_action_ends_its_turn_with_a_note():
    m = tiny_match(OPEN, ["b1 inf blue 1,1", "r1 inf red 19,3"])
    m.play(A.EndTurn())
    events, note = m.ai_apply(A.Move("r1", 0, 0))  # far out of reach
    assert note and "refuse" in note
    assert m.current == "blue"


def test_who_plays_what_is_kept_in_the_save(tmp_path):
    setup = Setup(seed=4, humans=("isis",), policies=(("government", "random"), ("sdf", "random")), level=1)
    m = Match.new(setup)
    path = m.save(tmp_path / "g.json")
    back = Match.from_session(load(path))
    assert back.setup.humans == ("isis",) and back.setup.level == 1
    assert dict(back.setup.policies) == {"government": "random", "sdf": "random"}
    assert back.viewer == "isis"


# --- words ---------------------------------------------------------------------------------

def test_event_lines_never_name_an_enemy_the_side_cannot_see():
    s = Session.new("abu_kamal_2017")
    obs = s.game.observe(s.state, "government")
    assert "cell_n" not in obs.units
    d = Describer(obs)
    ev = Event("combat", 1, "2017-11-06", "06:00",
               {"side": "isis", "attacker": "cell_n", "defender": "rg124", "defender_side": "government",
                "cell": [46, 41], "attacker_cell": [46, 40], "attacker_losses": 0, "defender_losses": 2,
                "surprise": True, "ambush": True, "suicide": False, "intercepted": False})
    line = d.line(ev)
    assert "Hidden cell" not in line.text and "cell_n" not in line.text
    assert "we lose 2 steps" in line.text and "ambush" in line.text
    assert line.tone == "bad"
    assert summary(obs, [ev])[0].text == line.text


def test_tooltip_and_panel_describe_what_the_side_sees():
    s = Session.new("abu_kamal_2017")
    obs = s.game.observe(s.state, "government")
    u = obs.units["rg124"]
    lines = describe.cell_tooltip(obs, u.cell, u, False, None)
    assert any(u.name in t for t, _ in lines)
    panel = describe.unit_lines(obs, "rg124")
    flat = " ".join(t for line in panel for t, _, _ in line)
    assert "Strength" in flat and "Movement" in flat
    assert "Turn 1 of" in describe.banner_left(obs)


# --- saves list ----------------------------------------------------------------------------

def test_saves_list_shows_scenario_turn_date_and_flags_damaged_files(tmp_path):
    m = Match.new(Setup(seed=2))
    good = m.save(new_save_path(tmp_path, "abu_kamal_2017", 1))
    (tmp_path / "broken.json").write_text('{"format": "abu-kamal-save", "version": 1')
    entries = list_saves(tmp_path)
    by = {e.path.name: e for e in entries}
    assert by[good.name].error is None
    assert by[good.name].turn == 1 and by[good.name].date.startswith("2017-11-06")
    assert "Abu Kamal" in by[good.name].label
    assert by["broken.json"].error and "cannot be loaded" in by["broken.json"].label
    assert new_save_path(tmp_path, "abu_kamal_2017", 1) != good


def test_saves_list_names_the_sides_played_and_the_day_as_the_game_does_never_by_id(tmp_path):
    m = Match.new(Setup(seed=2))
    good = m.save(new_save_path(tmp_path, "abu_kamal_2017", 1))
    label = {e.path.name: e for e in list_saves(tmp_path)}[good.name].label
    assert "playing Government and allies" in label and "government" not in label
    assert "6 Nov 2017, 06:00" in label and "2017-11-06" not in label


def test_the_front_end_measures_distance_with_the_engines_geometry_not_a_copy_of_its_own():
    root = Path(__file__).resolve().parents[1] / "game"
    inline = re.compile(r"max\(\s*abs\(|np\.maximum\(\s*np\.abs\(")  # a Chebyshev distance written out
    found = [f"{p.relative_to(root)}:{n}" for folder in ("ui", "control") for p in sorted((root / folder).glob("*.py"))
             for n, text in enumerate(p.read_text().splitlines(), 1) if inline.search(text)]
    assert found == []


def test_a_dashed_line_draws_every_other_step_of_its_longer_axis_and_a_short_one_whole():
    pieces = dashes((0, 0), (40, 10), 10)  # 40 pixels along x: four steps of 10, two of them drawn
    assert [(round(a[0]), round(b[0])) for a, b in pieces] == [(0, 10), (20, 30)]
    assert dashes((0, 0), (3, 3), 10) == [((0, 0), (3, 3))]  # shorter than a dash: drawn whole


# --- the scene is built from the observation only ------------------------------------------

def test_the_map_scene_holds_only_what_the_side_knows():
    s = Session.new("abu_kamal_2017")
    obs = s.game.observe(s.state, "government")
    sc = build_scene(obs, palette(s.scenario), [])
    hidden = {tuple(s.scenario.tunnels.nodes[n].at) for n in s.scenario.tunnels.nodes}
    shown = {c for c, items in sc.items.items() if any(it[0] in ("unit", "ghost", "node") for it in items)}
    assert not (hidden & shown)  # hidden cells and unknown tunnel entrances are not drawn
    units = sum(1 for items in sc.items.values() for it in items if it[0] == "unit")
    assert units == len(obs.units)
    assert np.array_equal(sc.visible, obs.visible)


@pytest.mark.parametrize("side", ["government", "isis", "sdf"])
def test_every_side_gets_a_scene_of_its_own_units_and_the_enemies_it_sees(side):
    s = Session.new("abu_kamal_2017")
    obs = s.game.observe(s.state, side)
    sc = build_scene(obs, palette(s.scenario), [])
    drawn = sorted((cell, it[5]) for cell, items in sc.items.items() for it in items if it[0] == "unit")
    assert drawn == sorted((u.cell, u.side != side) for u in obs.units.values())  # it[5]: drawn as an enemy
    nodes = {cell for cell, items in sc.items.items() for it in items if it[0] == "node"}
    assert nodes == {tuple(s.scenario.tunnels.nodes[n].at) for n in obs.known_nodes}


# --- the game loop without a window -------------------------------------------------------

def test_the_turn_flow_plays_the_computer_sides_and_autosaves_each_human_turn_without_pygame(tmp_path):
    from game.control.ai_runner import AiRunner
    from game.control.savefiles import Autosaver
    from game.control.turnflow import TurnFlow

    m = tiny_match(OPEN, ["b1 inf blue 1,1", "r1 inf red 19,3"])
    flow = TurnFlow(m, AiRunner(threaded=False), Autosaver(tmp_path))
    assert flow.handover_due() is None  # one person at the keyboard: no hand-over
    assert flow.turn_start_due()
    flow.start_turn()
    assert not flow.turn_start_due() and flow.last_autosave is not None and flow.last_autosave.exists()
    m.play(A.EndTurn())
    assert flow.watching and "computer" in flow.status()
    shown, notes = [], []
    for _ in range(50):
        if not flow.watching:
            break
        flow.ai_step(0.0, 0.0, lambda: len(shown), lambda: False, lambda text, tone: notes.append(text))
    assert m.human_turn and m.state.turn == 2 and flow.turn_start_due()
    flow.start_turn()
    assert len(Autosaver(tmp_path).existing()) == 2


def test_a_hotseat_turn_waits_for_the_hand_over():
    from game.control.turnflow import TurnFlow

    m = tiny_match(OPEN, ["b1 inf blue 1,1", "r1 inf red 19,3"], humans=("blue", "red"))
    flow = TurnFlow(m)
    assert flow.handover_due() == "blue"
    flow.start_turn()
    assert flow.handover_due() is None
    m.play(A.EndTurn())
    assert flow.handover_due() == "red"
