"""Educator mode's window driven with synthetic input under SDL's dummy drivers: stepping, the beat
cards, the side views, branching into the game screen, the odds dialog and the report."""

from __future__ import annotations

import concurrent.futures as cf
import functools
import time

import pygame
import pytest
from ui_support import Clock, click, key, make_app, press, stack_names

from game.session import load
from game.teach.timeline import Timeline
from game.ui.teach import EducatorScreen
from game.ui.teach_dialogs import BeatCardScreen, BranchDialog, WorkDialog
from game.ui.teach_odds import OddsDialog


@functools.cache
def line() -> Timeline:
    return Timeline.play(seed=1)


def open_screen(tmp_path, opening_card: bool = False, **kw):
    clock = Clock()
    screen = EducatorScreen(timeline=line(), opening_card=opening_card, **kw)
    app = make_app([screen], tmp_path, clock=clock, size=(1280, 800))
    app.step([], 1 / 60)
    return app, screen, clock


def test_opening_card_then_keys_step_forward_and_back_with_the_timelines_states(tmp_path):
    app, s, _ = open_screen(tmp_path, opening_card=True)
    assert stack_names(app) == ["EducatorScreen", "BeatCardScreen"]
    press(app, key(pygame.K_ESCAPE))
    assert stack_names(app) == ["EducatorScreen"]
    tl = line()
    for k in range(1, 8):
        press(app, key(pygame.K_RIGHT))
        assert s.pos == k and s.state_hash() == tl.state_at(k).hash()
    press(app, key(pygame.K_LEFT), key(pygame.K_LEFT))
    assert s.pos == 5 and s.state_hash() == tl.state_at(5).hash()
    press(app, key(pygame.K_RIGHT, pygame.KMOD_SHIFT))
    assert s.pos == tl.next_turn(5) and tl.turn_at(s.pos) == 2
    press(app, key(pygame.K_LEFT, pygame.KMOD_CTRL))
    assert s.pos == 0
    press(app, key(pygame.K_END))
    assert s.pos == tl.end and s.state_hash() == tl.session.state.hash()
    press(app, key(pygame.K_HOME))
    assert s.pos == 0 and s.state_hash() == tl.state_at(0).hash()
    press(app, key(pygame.K_LEFT))
    assert s.pos == 0  # clamped


def test_stepping_onto_a_beat_pauses_with_its_card(tmp_path):
    app, s, _ = open_screen(tmp_path)
    beat = line().beats[1]
    s.goto(beat.position - 1)
    press(app, key(pygame.K_RIGHT))
    assert stack_names(app)[-1] == "BeatCardScreen"
    card = app.top
    assert isinstance(card, BeatCardScreen) and card.card.title == beat.name and card.card.sources
    assert card.rows()  # the text was laid out to fit the panel
    press(app, key(pygame.K_ESCAPE))
    assert stack_names(app) == ["EducatorScreen"] and s.pos == beat.position


def test_playing_advances_at_a_readable_pace_and_pauses_at_the_next_beat(tmp_path):
    app, s, clock = open_screen(tmp_path)
    beat = line().beats[1]
    s.goto(beat.position - 3)
    press(app, key(pygame.K_SPACE))
    assert s.playing
    start = s.pos
    press(app)
    assert s.pos == start  # no time passed: no step yet
    clock.advance(0.7)
    press(app)
    assert s.pos == start + 1
    for _ in range(10):
        clock.advance(1.5)
        press(app)
        if app.top is not s:
            break
    assert isinstance(app.top, BeatCardScreen) and s.pos == beat.position and not s.playing
    press(app, key(pygame.K_RETURN))  # continue: playing resumes
    assert app.top is s and s.playing
    press(app, key(pygame.K_SPACE))
    assert not s.playing


def test_side_view_shows_exactly_what_that_side_saw(tmp_path):
    app, s, _ = open_screen(tmp_path)
    tl = line()
    k = tl.beats[2].position
    s.goto(k)
    god = s.obs
    assert god.side is None and len(god.known_nodes) == len(tl.game.nodes)
    press(app, key(pygame.K_v))
    assert s.viewer == tl.game.sides[0]
    mine = s.obs
    ref = tl.observe_at(k, s.viewer)
    assert set(mine.units) == set(ref.units) and (mine.visible == ref.visible).all()
    assert set(mine.last_seen) == set(ref.last_seen) and mine.known_nodes == ref.known_nodes
    press(app, key(pygame.K_0))
    assert s.viewer is None
    press(app, key(pygame.K_2))
    assert s.viewer == tl.game.sides[1]


def test_a_click_on_the_timeline_jumps_there(tmp_path):
    app, s, _ = open_screen(tmp_path)
    tr = s.layout["track"]
    press(app, *click((tr.x + tr.w // 2, tr.centery)))
    assert abs(s.pos - line().end // 2) <= 2
    assert s.state_hash() == line().state_at(s.pos).hash()


def test_branch_here_continues_in_the_game_screen_with_the_first_k_actions(tmp_path):
    app, s, _ = open_screen(tmp_path)
    tl = line()
    k = tl.turn_start(7)
    s.goto(k)
    press(app, key(pygame.K_b))
    dlg = app.top
    assert isinstance(dlg, BranchDialog)
    press(app, key(pygame.K_ESCAPE))
    assert app.top is s  # Escape backs out
    press(app, key(pygame.K_b))
    app.top.ring.focus(tl.game.sides[0])
    press(app, key(pygame.K_RIGHT))  # first side: computer, historical -> vigilant
    assert app.top.choice[tl.game.sides[0]] == "vigilant"
    press(app, key(pygame.K_RIGHT))  # ... -> played here by a person
    assert app.top.choice[tl.game.sides[0]] == "human"
    app.top.ring.focus("start")
    press(app, key(pygame.K_RETURN))
    assert "GameScreen" in stack_names(app)
    game_screen = next(x for x in app.stack if type(x).__name__ == "GameScreen")
    branch = game_screen.match.session
    assert branch is s.last_branch and branch.actions[:k] == tl.session.actions[:k]
    assert game_screen.match.setup.humans == ("government",)
    saved = load(s.branch_save)
    assert saved.actions == tl.session.actions[:k] and saved.meta["branch_of"]["save"] == s.history_save.name
    assert load(s.history_save).actions == tl.session.actions


def test_odds_dialog_cancel_leaves_the_screen_usable(tmp_path):
    app, s, _ = open_screen(tmp_path, odds_executor=lambda: cf.ThreadPoolExecutor(max_workers=1))
    s.goto(line().beats[1].position)
    press(app, key(pygame.K_o))
    dlg = app.top
    assert isinstance(dlg, OddsDialog) and dlg.stage == "choose"
    dlg.ring.focus("start")
    press(app, key(pygame.K_RETURN))
    assert dlg.stage == "running" and dlg.run.total == 40
    press(app, key(pygame.K_ESCAPE))  # cancels the runs, back to the choices
    assert dlg.stage == "choose" and "Cancelled" in dlg.note and app.top is dlg
    press(app, key(pygame.K_ESCAPE))
    assert app.top is s
    press(app, key(pygame.K_RIGHT))
    assert s.state_hash() == line().state_at(s.pos).hash()


def test_odds_run_to_the_end_shows_the_chart(tmp_path):
    app, s, _ = open_screen(tmp_path, odds_executor=lambda: cf.ThreadPoolExecutor(max_workers=2))
    s.goto(line().beats[3].position)
    press(app, key(pygame.K_o))
    dlg = app.top
    dlg.runs = 2  # a short run; the choices offer 10 and more
    dlg.ring.focus("start")
    press(app, key(pygame.K_RETURN))
    deadline = time.time() + 60
    drew = False
    while dlg.stage == "running" and time.time() < deadline:
        time.sleep(0.05)
        drew = app.step([], 1 / 60)
    assert dlg.stage == "done" and dlg.chart is not None and dlg.chart.get_width() > 100
    assert drew and not app.animating  # the chart was drawn at once, and then the window idles
    press(app, key(pygame.K_ESCAPE))
    assert app.top is s


def test_report_is_written_and_the_screen_says_where(tmp_path):
    ex = cf.ThreadPoolExecutor(max_workers=1)
    app, s, _ = open_screen(tmp_path, work_executor=ex)
    press(app, key(pygame.K_r))
    press(app, key(pygame.K_RETURN))  # the only choice without a branch: the historical line
    work = app.top
    assert isinstance(work, WorkDialog)
    deadline = time.time() + 120
    while work.result is None and time.time() < deadline:
        time.sleep(0.05)
        press(app)
    assert work.result and "Report written to" in work.result and not work.failed
    press(app, key(pygame.K_RETURN))
    assert app.top is s and "report.html" in s.status
    out = s.reports_dir() / s.history_save.stem / "report.html"
    assert out.exists() and out.stat().st_size > 10000
    ex.shutdown()


def test_help_and_presentation_scale(tmp_path):
    app, s, _ = open_screen(tmp_path)
    press(app, key(pygame.K_F1))
    assert stack_names(app)[-1] == "Dialog"
    press(app, key(pygame.K_ESCAPE))
    assert app.top is s
    before = app.settings.ui_scale
    press(app, key(pygame.K_EQUALS, pygame.KMOD_CTRL))
    assert app.settings.ui_scale > before and app.top is s
    press(app, key(pygame.K_RIGHT))  # still works after the rebuild
    assert s.pos == 1
    press(app, key(pygame.K_ESCAPE))
    press(app, key(pygame.K_RETURN))  # Stay is the default answer
    assert app.top is s
    press(app, key(pygame.K_ESCAPE), key(pygame.K_LEFT), key(pygame.K_RETURN))  # Left to "Leave", then Enter
    assert stack_names(app) == ["MainMenu"]


@pytest.mark.parametrize("size", [(960, 600), (1920, 1080)])
def test_draws_at_small_and_projector_sizes(tmp_path, size):
    clock = Clock()
    s = EducatorScreen(timeline=line(), opening_card=True)
    app = make_app([s], tmp_path, clock=clock, size=size)
    for _ in range(3):
        assert app.step([], 1 / 60) or True
    press(app, key(pygame.K_RETURN), key(pygame.K_PAGEDOWN))
    assert isinstance(app.top, BeatCardScreen)
    press(app)


def test_menu_entry_opens_educator_mode(tmp_path):
    from game.ui import flow

    screen = flow.educator_screen()
    assert isinstance(screen, EducatorScreen)


def test_compare_writes_the_branch_report_beside_the_historical_line(tmp_path):
    ex = cf.ThreadPoolExecutor(max_workers=1)
    app, s, _ = open_screen(tmp_path, work_executor=ex)
    s.goto(line().turn_start(9))
    match, path = s.make_branch({"government": "human", "isis": "vigilant", "sdf": "historical"})
    match.session.play("end")  # the branch goes its own way
    match.save(path)
    press(app, key(pygame.K_r))
    assert app.top.buttons[0][0] == "branch"
    press(app, key(pygame.K_RETURN))
    work = app.top
    deadline = time.time() + 120
    while work.result is None and time.time() < deadline:
        time.sleep(0.05)
        press(app)
    assert not work.failed and path.stem in work.result, work.result
    html = (s.reports_dir() / path.stem / "report.html").read_text(encoding="utf-8")
    assert "Historical line" in html and s.history_save.name in html
    ex.shutdown()


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("size", [(1024, 768), (1600, 900)])
def test_the_key_hint_turn_labels_and_lines_track_never_overlap_at_any_presentation_scale(tmp_path, scale, size):
    from game.teach.lines import Line, Lines
    from game.ui.settings import Settings

    tl = line()
    lines = Lines.of_timeline(tl)
    long = "Turn {}: Government and allies Vigilant, ISIS As ISIS fought in November 2017 (what-if)"
    for i, at in enumerate((0, 0, tl.end // 3, tl.end // 2)):  # two from the very start; four share three rows
        name = long.format(i + 1)
        lines.lines[name] = Line(name, tl, at, dict(lines.lesson.policies), pos=at)
    s = EducatorScreen(lines=lines, opening_card=False)
    app = make_app([s], tmp_path, clock=Clock(), size=size,
                   settings=Settings(animation_speed="instant", tutorial_offered=True, ui_scale=scale))
    press(app)
    drawn = s.bar_drawn
    kinds = {k for k, _ in drawn}
    assert {"beat", "tick", "line", "hint"} <= kinds
    bar = s.layout["bar"]
    assert bar.bottom <= size[1] and all(bar.contains(r) for _, r in drawn)
    for i, (k1, r1) in enumerate(drawn):
        for k2, r2 in drawn[i + 1:]:
            if "beat" in (k1, k2) and k1 == k2:
                continue  # beat names share the band they name (one row above the track, one inside it)
            assert not r1.colliderect(r2), (k1, r1, k2, r2)
