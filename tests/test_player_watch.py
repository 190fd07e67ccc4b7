"""Another side's turn as a player watches it: the view follows what the side sees, the turn can be
paused, and every line of the summary has 'show me' (none cut off)."""

import pygame
from ui_support import click, game_app, key, press

from game.control.turnflow import Pacing
from game.ui.camera import Camera
from game.ui.eventtext import Line
from game.ui.turn_summary import SummaryScreen, follow

K = pygame


def test_the_view_follows_an_event_outside_its_middle_and_stays_for_one_inside():
    cam = Camera(64, 48)
    cam.set_view((0, 0, 640, 480))
    cam.center_on(10.5, 10.5)
    x0, y0, x1, y1 = cam.visible_cells()
    inside = ((x0 + x1) // 2, (y0 + y1) // 2)
    assert not follow(cam, inside)
    assert follow(cam, (60, 45))
    x0, y0, x1, y1 = cam.visible_cells()
    assert x0 <= 60 < x1 and y0 <= 45 < y1


def test_pause_holds_the_other_sides_turn_and_skip_or_a_new_turn_lifts_it():
    p = Pacing()
    assert p.toggle_pause() and "paused" in p.label
    p.skip_turn()
    assert not p.paused
    p.toggle_pause()
    p.reset()
    assert not p.paused


def test_a_paused_computer_turn_plays_no_action():
    from game.control.ai_runner import AiRunner
    from game.control.match import Match, Setup
    from game.control.turnflow import TurnFlow

    m = Match.new(Setup(seed=1, humans=("isis",), policies=(("government", "random"), ("sdf", "random"))))
    flow = TurnFlow(m, AiRunner(threaded=False))
    flow.pacing.paused = True
    flow.ai_step(100.0, 0.0, lambda: 0, lambda: False, lambda *a: None)
    assert m.session.actions == []
    flow.pacing.paused = False
    flow.ai_step(100.0, 0.0, lambda: 0, lambda: False, lambda *a: None)
    assert m.session.actions


def test_every_summary_line_stays_reachable_and_show_me_centres_the_map_on_it(tmp_path):
    app, screen = game_app(tmp_path)
    lines = [Line(f"Line {i}", "info", (5 + i, 40)) for i in range(40)]
    summary = SummaryScreen("Turn 2: what your side saw", lines)
    screen.last_summary = summary
    press(app, key(K.K_t))
    top = app.top
    assert isinstance(top, SummaryScreen) and len(top.lines) == 40
    app.draw()
    assert top.rows_shown < 40  # it scrolls rather than cutting lines off
    for _ in range(39):
        press(app, key(K.K_DOWN))
    app.draw()
    assert top.index == 39 and top.top + top.rows_shown - 1 >= 39
    rect, i = top.buttons[-1]
    assert i == 39
    app.step(click(rect.center), 1 / 60)
    assert app.top is screen
    x0, y0, x1, y1 = screen.camera.visible_cells()
    assert x0 <= 44 < x1 and y0 <= 40 < y1
    assert screen.map.notice is not None and "Line 39" in screen.map.notice.text


def test_space_on_a_summary_line_with_no_place_closes_the_card(tmp_path):
    app, screen = game_app(tmp_path)
    screen.last_summary = SummaryScreen("Turn 2", [Line("SDF is first to hold Al-Baghuz (+20 points).", "warn")])
    press(app, key(K.K_t))
    assert isinstance(app.top, SummaryScreen)
    press(app, key(K.K_SPACE))
    assert app.top is screen
