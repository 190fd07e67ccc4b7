"""The what-if half of a lesson in the educator window: a branch with the computer on every side
watched in god view, switching lines, the compare view, odds kept with the lesson (a cancelled run
too), the lesson exported with the path shown, and a lesson file opened by the window."""

from __future__ import annotations

import concurrent.futures as cf
import time

import pygame
from test_teach_ui import line
from ui_support import Clock, key, make_app, press

from game.lesson import HISTORY
from game.teach.lines import Lines
from game.ui.teach import EducatorScreen
from game.ui.teach_compare import CompareScreen
from game.ui.teach_dialogs import BranchDialog, WorkDialog
from game.ui.teach_odds import OddsDialog


def open_screen(tmp_path, size=(1280, 800), **kw):
    lines = kw.pop("lines", None) or Lines.of_timeline(line(), tmp_path / "class.lesson.json")
    screen = EducatorScreen(lines=lines, opening_card=False, work_executor=cf.ThreadPoolExecutor(1), **kw)
    app = make_app([screen], tmp_path, clock=Clock(), size=size)
    app.step([], 1 / 60)
    return app, screen


def finish(app, work, seconds=180):
    deadline = time.time() + seconds
    while work.result is None and time.time() < deadline:
        time.sleep(0.05)
        press(app)
    assert work.result is not None and not work.failed, work.result


def branch_all_computer(app, s, turn=5):
    s.goto(line().turn_start(turn))
    press(app, key(pygame.K_b))
    dlg = app.top
    assert isinstance(dlg, BranchDialog) and all(c != "human" for c in dlg.choice.values())
    dlg.ring.focus("government")
    press(app, key(pygame.K_RIGHT))
    assert dlg.choice["government"] == "vigilant"
    assert "Vigilant (what-if)" in dlg.buttons_w["government"].text  # the label is new before the next frame
    dlg.ring.focus("start")
    press(app, key(pygame.K_RETURN))
    work = app.top
    assert isinstance(work, WorkDialog)
    finish(app, work)
    press(app, key(pygame.K_RETURN))
    return line().turn_start(turn)


def test_a_branch_with_every_side_on_the_computer_is_watched_in_the_window_in_god_view(tmp_path):
    app, s = open_screen(tmp_path)
    at = branch_all_computer(app, s)
    assert app.top is s and s.lines.current != HISTORY
    assert s.tl is s.lines.line.timeline and s.pos == at and s.viewer is None
    assert s.tl.session.state.over and s.lines.line.controllers["government"] == "vigilant2"
    press(app, key(pygame.K_RIGHT))
    assert s.state_hash() == s.tl.state_at(at + 1).hash()
    assert (tmp_path / "class.lesson.json").exists()
    assert Lines.open(tmp_path / "class.lesson.json").names == s.lines.names


def test_switching_lines_returns_to_where_each_was_left(tmp_path):
    app, s = open_screen(tmp_path)
    at = branch_all_computer(app, s)
    s.goto(at + 30)
    press(app, key(pygame.K_l))
    assert s.lines.current == HISTORY and s.pos == at
    s.goto(3)
    press(app, key(pygame.K_l))
    assert s.lines.current != HISTORY and s.pos == at + 30
    press(app, key(pygame.K_l))
    assert s.pos == 3


def test_compare_shows_both_lines_at_one_turn_and_moves_by_turns(tmp_path):
    app, s = open_screen(tmp_path, size=(1366, 768))
    branch_all_computer(app, s)
    press(app, key(pygame.K_k))
    cmp = app.top
    assert isinstance(cmp, CompareScreen) and cmp.branch == s.lines.current
    turn = cmp.turn
    press(app, key(pygame.K_RIGHT))
    assert cmp.turn == turn + 1 and "Compare at turn" in cmp.title
    app.step([], 1 / 60)  # draws the maps and the chart
    assert any(k[0] == "map" for k in cmp._pics) and any(k[0] == "control" for k in cmp._pics)
    press(app, key(pygame.K_ESCAPE))
    assert app.top is s


def test_a_cancelled_odds_run_keeps_its_partial_result_in_the_lesson(tmp_path):
    app, s = open_screen(tmp_path, odds_executor=lambda: cf.ThreadPoolExecutor(max_workers=2))
    s.goto(line().beats[1].position)
    press(app, key(pygame.K_o))
    dlg = app.top
    assert isinstance(dlg, OddsDialog)
    dlg.runs = 10
    dlg.ring.focus("start")
    press(app, key(pygame.K_RETURN))
    deadline = time.time() + 120
    while dlg.done < 2 and time.time() < deadline:
        time.sleep(0.05)
        app.step([], 1 / 60)
    press(app, key(pygame.K_ESCAPE))
    assert dlg.stage == "done" and dlg.sentence.startswith("Partial result (cancelled): Played again and again")
    kept = Lines.open(tmp_path / "class.lesson.json").lesson.odds
    assert kept and kept[-1].partial


def test_exporting_the_lesson_says_the_full_path_and_offers_to_open_the_folder(tmp_path):
    app, s = open_screen(tmp_path)
    branch_all_computer(app, s)
    press(app, key(pygame.K_r))
    assert app.top.buttons[0][0] == "lesson"
    press(app, key(pygame.K_RETURN))
    work = app.top
    finish(app, work, 300)
    assert str(work.work.folder.resolve()) in work.result
    assert ("open", "Open folder") in work.buttons()
    for name in ("report.html", "handout.html", "lesson.html"):
        assert (work.work.folder / name).stat().st_mode & 0o044 == 0o044  # readable by others


def test_the_window_opens_a_lesson_file_with_its_branches(tmp_path):
    lines = Lines.of_timeline(line(), tmp_path / "prepared.json")
    lines.branch(line().turn_start(5), {"government": "vigilant0", "isis": "historical0", "sdf": "historical0"})
    lines.switch(HISTORY)
    app, s = open_screen(tmp_path, lines=Lines.open(tmp_path / "prepared.json"))
    assert s.lines.current == HISTORY and len(s.lines.names) == 2
    press(app, key(pygame.K_l))
    assert s.lines.current == s.lines.names[1] and s.pos == line().turn_start(5)


def test_at_1024x768_the_step_panel_scrolls_to_the_end_of_a_long_step(tmp_path):
    app, s = open_screen(tmp_path, size=(1024, 768))
    s.goto(line().beats[1].position)
    app.step([], 1 / 60)
    info = s.info
    assert info.full_h > info.rect.h, "the declaration's narration is longer than the panel at this size"
    inside = info.rect.center
    press(app, pygame.event.Event(pygame.MOUSEMOTION, pos=inside, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(40):
        press(app, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    assert info.offset == info.full_h - info.rect.h  # the last line can be read
    s.goto(s.pos + 1)
    assert info.offset == 0  # the next step starts at its top


def test_the_presentation_scale_grows_the_counters_with_the_text(tmp_path):
    app, s = open_screen(tmp_path)
    z = s.camera.z
    press(app, key(pygame.K_EQUALS, pygame.KMOD_CTRL))
    assert s.camera.z > z


def test_playing_pauses_at_a_card_set_off_by_a_change_of_hands_like_the_recapture(tmp_path):
    app, s = open_screen(tmp_path)
    k = line().beats[1].position + 3
    s.tl.stops[k] = "19 November, control announced again"
    try:
        s.goto(k - 1)
        s.playing = True
        s.step(1)
        assert not s.playing and "control announced again" in s.status
    finally:
        del s.tl.stops[k]


def test_a_card_shown_because_the_ground_changed_hands_is_a_stop_and_a_dated_card_is_not():
    from types import SimpleNamespace

    from game.engine.events import Event
    from game.teach.timeline import Timeline

    def ev(kind, **data):
        return Event(kind, 20, "2017-11-19", "06:00", data)

    events = [ev("trigger", trigger="day_19", on="turn_start"), ev("narration", title="Civilians, 19 November"),
              ev("control", zone="city"), ev("trigger", trigger="recaptured", on="control"),
              ev("narration", title="19 November, control announced again")]
    session = SimpleNamespace(game=None, events=events, marks=[2, 5], opening=0)
    assert Timeline(session).stops == {2: "19 November, control announced again"}
