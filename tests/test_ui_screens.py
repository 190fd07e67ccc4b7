"""The screens driven by synthetic input on SDL's dummy driver: menus, settings, a turn with
keyboard and mouse, undo, attack preview, AI turns, save and load, a corrupt save, hotseat."""

import json
import re

import pygame
from click.testing import CliRunner
from tiny import tiny_game
from ui_support import Clock, click, ctrl, game_app, key, make_app, motion, press, settle, stack_names, wheel

from game.control.match import Match, Setup
from game.engine import actions as A
from game.jsondoc import write_document
from game.session import Session, read_save
from game.ui import describe
from game.ui.dialogs import Choice, Dialog, HandOver, HelpScreen, NarrationCard
from game.ui.game_screen import GameScreen
from game.ui.loadgame import LoadScreen
from game.ui.menu import MainMenu
from game.ui.newgame import NewGameScreen
from game.ui.settings import load_settings
from game.ui.settings_screen import SettingsScreen

K = pygame


# --- menus ---------------------------------------------------------------------------------

def test_main_menu_by_keyboard_and_back(tmp_path):
    app = make_app([MainMenu()], tmp_path)
    press(app, key(K.K_RETURN))  # "New game" is focused first
    assert stack_names(app) == ["MainMenu", "NewGameScreen"]
    press(app, key(K.K_ESCAPE))
    assert stack_names(app) == ["MainMenu"]
    press(app, key(K.K_DOWN), key(K.K_DOWN), key(K.K_RETURN))  # educator mode
    assert stack_names(app)[:2] == ["MainMenu", "EducatorScreen"]
    press(app, key(K.K_ESCAPE))  # its opening beat card
    press(app, key(K.K_ESCAPE), key(K.K_LEFT), key(K.K_RETURN))  # leave educator mode: back to this menu
    assert stack_names(app) == ["MainMenu"]
    press(app, key(K.K_F1))
    assert isinstance(app.top, HelpScreen)
    press(app, key(K.K_ESCAPE))
    press(app, key(K.K_DOWN), key(K.K_DOWN))  # from "Educator mode" past "Settings" to "Quit"
    assert app.top.ring.current == "quit"
    press(app, key(K.K_RETURN))
    assert not app.running


def test_ctrl_q_quits_from_a_dialog(tmp_path):
    app = make_app([MainMenu()], tmp_path)
    press(app, key(K.K_F1))
    press(app, ctrl(K.K_q))
    assert not app.running


def test_new_game_screen_sets_up_who_plays_what(tmp_path):
    screen = NewGameScreen(seed=5)
    app = make_app([MainMenu(), screen], tmp_path)
    sides = list(screen.scenario.turn_order)
    press(app, key(K.K_DOWN))  # to the first side's line
    press(app, key(K.K_RIGHT))  # government: human -> first policy
    assert screen.roles[sides[0]] != "human"
    press(app, key(K.K_DOWN), key(K.K_DOWN), key(K.K_DOWN), key(K.K_DOWN))  # seed line
    assert screen.ring.current == "seed"
    press(app, key(K.K_BACKSPACE), key(K.K_7, unicode="7"))
    assert screen.seed == 7
    assert not screen.setup().humans
    screen.activate("start")
    assert "At least one side" in screen.status  # nobody at the keyboard: refused with a message
    screen.roles[sides[1]] = "human"
    screen.roles[sides[2]] = "random"
    screen.roles[sides[0]] = "random"
    app.execute(screen.activate("start"))
    assert stack_names(app) == ["MainMenu", "GameScreen"]
    game = app.top
    assert game.match.setup.humans == (sides[1],) and game.match.setup.seed == 7


def test_settings_are_applied_and_persist(tmp_path):
    app = make_app([MainMenu()], tmp_path)
    app.execute(app.top.activate("settings"))
    assert isinstance(app.top, SettingsScreen)
    press(app, key(K.K_RIGHT))  # UI scale up
    press(app, key(K.K_DOWN), key(K.K_RETURN))  # colour-blind on
    press(app, key(K.K_DOWN), key(K.K_DOWN), key(K.K_LEFT))  # animation speed
    app.execute(app.top.activate("save"))
    assert stack_names(app) == ["MainMenu"]
    saved = load_settings(tmp_path / "config" / "settings.json")
    assert saved.ui_scale == 1.25 and saved.colour_blind and saved.animation_speed == "fast"
    assert app.settings == saved and app.ctx.settings.colour_blind
    press(app)  # the rebuilt menu draws


# --- a turn --------------------------------------------------------------------------------

def _opening_card(tmp_path):
    """A new game of the historical scenario, on its first narration card."""
    screen = GameScreen(Match.new(Setup(seed=1, policies=(("isis", "random"), ("sdf", "random")))), ai_threaded=False)
    app = make_app([screen], tmp_path)
    press(app)
    assert isinstance(app.top, NarrationCard)
    return app, screen, app.top


def test_opening_narration_card_shows_markers_and_source_titles(tmp_path):
    app, screen, card = _opening_card(tmp_path)
    sc = screen.match.game.scenario
    assert "[S87]" in card.body and sc.sources["S87"]["title"] in card.body
    for _ in range(6):  # the opening may have more than one card, then the briefing; Escape closes each
        press(app, key(K.K_ESCAPE))
        if not isinstance(app.top, Dialog):
            break
    assert app.top is screen


def test_a_narration_card_and_the_game_banner_write_the_day_as_the_narrator_does(tmp_path):
    _, screen, card = _opening_card(tmp_path)
    iso = re.compile(r"\d{4}-\d\d-\d\d")
    assert "6 Nov 2017, 06:00" in card.body and not iso.search(card.body)  # day first, month in words
    obs = screen.match.observe()
    assert "Mon 6 Nov 2017, 06:00" in describe.banner_left(obs) and "6 Nov, 06:00" in describe.banner_left(obs, True)
    assert describe.date_title(screen.match.game, 1) == "6 Nov 2017, 06:00"


def test_every_row_of_the_load_dialog_fits_its_button_a_long_title_giving_way(tmp_path):
    app, screen = game_app(tmp_path, size=(1024, 700))
    folder = tmp_path / "data" / "saves"
    folder.mkdir(parents=True, exist_ok=True)
    path = screen.match.save(folder / "long.json")
    doc = read_save(path)
    doc["scenario"]["title"] = "A scenario whose designer gave it a title far too long for one row " * 3
    write_document(path, doc)
    press(app, ctrl(K.K_l))
    load = app.top
    assert isinstance(load, LoadScreen)
    rows = [b for ident, b in load.ring.entries if ident.startswith("save:")]
    assert rows
    for b in rows:
        assert b.font.size(b.text)[0] <= b.rect.w, b.text
        assert "turn 1 · 6 Nov 2017, 06:00 · playing Government and allies · saved" in b.text


def test_keyboard_turn_select_move_undo_and_end(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_TAB))
    uid = screen.selected
    assert uid and m.observe().units[uid].side == "government"
    start = m.observe().units[uid].cell
    reach = m.observe().reach(uid).cells()
    target = max(reach, key=lambda c: (abs(c[0] - start[0]) + abs(c[1] - start[1]) <= 2, -c[1], c[0]))
    target = next(c for c in reach if max(abs(c[0] - start[0]), abs(c[1] - start[1])) == 1)
    dx, dy = target[0] - start[0], target[1] - start[1]
    arrows = []
    if dx:
        arrows.append(key(K.K_RIGHT if dx > 0 else K.K_LEFT))
    if dy:
        arrows.append(key(K.K_DOWN if dy > 0 else K.K_UP))
    press(app, *arrows)
    assert screen.cursor == target
    press(app)  # a frame with the path preview
    assert screen.overlay().path[-1] == target
    n = len(m.session.actions)
    press(app, key(K.K_RETURN))
    assert len(m.session.actions) == n + 1 and m.observe().units[uid].cell == target
    ok, _ = m.can_undo()
    press(app, ctrl(K.K_z))
    if ok:
        assert m.observe().units[uid].cell == start and len(m.session.actions) == n
    else:
        assert "Cannot undo" in screen.logs["government"][-1][0]
    press(app, key(K.K_ESCAPE))  # clears selection and cursor
    assert screen.selected is None and screen.cursor is None
    press(app, key(K.K_RETURN))  # Enter with nothing selected asks before ending the turn
    assert isinstance(app.top, Dialog) and app.top.tag == "end_turn"
    press(app, key(K.K_ESCAPE))
    assert app.top is screen and m.human_turn
    press(app, key(K.K_e))
    assert m.ai_turn or m.state.turn == 2


def test_ai_turn_is_paced_can_be_skipped_and_summarised(tmp_path, monkeypatch):
    clock = Clock()
    from game.control import turnflow
    from game.ui.settings import Settings

    # One AI action a frame, however fast the machine: with the frame's real-time budget, a fast
    # enough engine plays both computer sides' whole turns in the frame that ends the human's.
    monkeypatch.setattr(turnflow, "AI_FRAME_BUDGET", 0.0)

    app, screen = game_app(tmp_path, settings=Settings(animation_speed="normal"), clock=clock)
    m = screen.match
    press(app, key(K.K_e))
    assert m.ai_turn
    acted = len(m.session.actions)
    for _ in range(5):
        press(app)  # the clock does not move: at most one visible AI action is shown
    shown_before_skip = len(m.session.actions) - acted
    assert m.ai_turn or shown_before_skip >= 1
    press(app, key(K.K_RETURN))  # skip
    for _ in range(400):
        if m.human_turn:
            break
        clock.advance(0.05)
        press(app)
    assert m.human_turn and m.state.turn == 2
    settle(app, screen)
    assert app.top is screen
    assert any("Turn 2" in text for text, _ in screen.logs["government"])


def test_mouse_click_selects_and_moves_and_wheel_zooms(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    obs = m.observe()
    u = sorted(obs.own(), key=lambda u: u.id)[0]
    screen.camera.center_on(u.x, u.y)
    press(app, *click(screen.camera.cell_center(*u.cell)))
    assert screen.selected == u.id
    dest = next(c for c in obs.reach(u.id).cells() if c[0] != u.x and not any(o.cell == c for o in obs.units.values()))
    screen.camera.ensure_visible(*dest)
    press(app, motion(screen.camera.cell_center(*dest)))
    assert screen.hover == dest
    press(app)
    press(app, *click(screen.camera.cell_center(*dest)))
    moves = [e for e in m.session.events if e.kind == "move" and e.get("unit") == u.id]
    assert moves and moves[-1].get("frm") == list(u.cell)  # it moved (it may stop early on contact)
    assert m.observe().units[u.id].cell == tuple(moves[-1].get("to"))
    z = screen.camera.z
    press(app, motion(screen.camera.cell_center(*dest)), wheel(1))
    assert screen.camera.z > z
    press(app, *click(screen.camera.cell_center(*dest), button=3))
    assert screen.selected is None


def test_dragging_pans_the_map(tmp_path):
    app, screen = game_app(tmp_path)
    cam = screen.camera
    cam.center_on(30, 30)
    ox, oy = cam.ox, cam.oy
    vx, vy, vw, vh = cam.view
    a = (vx + vw // 2, vy + vh // 2)
    press(app, motion(a), pygame.event.Event(K.MOUSEBUTTONDOWN, pos=a, button=1, touch=False))
    press(app, motion((a[0] - 80, a[1] - 60), (1, 0, 0)))
    press(app, pygame.event.Event(K.MOUSEBUTTONUP, pos=(a[0] - 80, a[1] - 60), button=1, touch=False))
    assert (cam.ox, cam.oy) == (ox + 80, oy + 60)
    assert screen.selected is None  # a drag is not a click


def test_attack_preview_shows_losses_before_committing(tmp_path):
    game = tiny_game("""
    ......
    ......
    """, ["b1 inf blue 1,0", "r1 inf red 2,0"])
    m = Match.from_session(Session.new(game.scenario, 1), Setup(scenario="tiny", humans=("blue",),
                                                                 policies=(("red", "random"),)))
    screen = GameScreen(m, ai_threaded=False)
    app = make_app([screen], tmp_path)
    settle(app, screen)
    screen.select("b1")
    press(app, *click(screen.camera.cell_center(2, 0)))
    dlg = app.top
    assert isinstance(dlg, Dialog) and dlg.tag == "attack"
    assert "Expected enemy losses" in dlg.body and "±" in dlg.body
    press(app, key(K.K_ESCAPE))
    assert app.top is screen and not m.observe().units["b1"].attacked
    press(app, *click(screen.camera.cell_center(2, 0)))
    press(app, key(K.K_RETURN))
    assert any(e.kind == "combat" for e in m.session.events)
    ok, msg = m.can_undo()
    assert not ok and "combat" in msg


# --- saves ---------------------------------------------------------------------------------

def test_save_then_load_from_the_dialog(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_TAB))
    uid = screen.selected
    cell = m.observe().reach(uid).cells()[0]
    m.play(A.Move(uid, *cell))
    h = m.state.hash()
    log_at_save = list(screen.logs["government"])
    press(app, ctrl(K.K_s))
    saves = [p for p in (tmp_path / "data" / "saves").glob("*.json") if not p.name.startswith("autosave-")]
    assert len(saves) == 1 and any("Saved as" in t for t, _ in screen.logs["government"])
    m.play(A.EndTurn())
    press(app, ctrl(K.K_l))
    load = app.top
    assert isinstance(load, LoadScreen) and "turn 1" in load.entries[0].label
    press(app, key(K.K_RETURN))  # the newest save is focused
    for _ in range(5):
        press(app)
    new = app.top
    assert isinstance(new, GameScreen) and new is not screen
    assert new.match.state.hash() == h and new.match.setup.humans == ("government",)
    # the message log survives the load: what was in it at the save, then the line saying what was loaded
    assert new.logs["government"][:len(log_at_save)] == log_at_save and len(log_at_save) > 3
    assert "Loaded the saved game" in new.logs["government"][len(log_at_save)][0]


def test_a_corrupt_save_in_the_load_dialog_gives_a_message_and_the_game_goes_on(tmp_path):
    app, screen = game_app(tmp_path)
    folder = tmp_path / "data" / "saves"
    folder.mkdir(parents=True, exist_ok=True)
    good = screen.match.save(folder / "a-good.json")
    doc = json.loads(good.read_text())
    doc["turn"] = 9  # altered: the checksum no longer matches
    (folder / "z-altered.json").write_text(json.dumps(doc))
    (folder / "z-garbage.json").write_bytes(b"\x00\xff not a save")
    for bad in ("z-altered.json", "z-garbage.json"):
        press(app, ctrl(K.K_l))
        load = app.top
        assert isinstance(load, LoadScreen)
        idx = next(i for i, e in enumerate(load.entries) if e.path.name == bad)
        app.execute(load.choose(f"save:{idx}"))
        for _ in range(3):
            press(app)
        msg = app.top
        assert isinstance(msg, Dialog) and msg.tag == "load_error"
        assert bad in msg.body
        press(app, key(K.K_ESCAPE))
        assert app.top is load
        press(app, key(K.K_ESCAPE))
        assert app.top is screen
    # the game goes on
    press(app, key(K.K_TAB))
    uid = screen.selected
    cell = screen.match.observe().reach(uid).cells()[0]
    assert screen.match.play(A.Move(uid, *cell))


# --- hotseat ---------------------------------------------------------------------------------

def test_hotseat_hands_over_with_the_map_hidden(tmp_path):
    setup = Setup(seed=1, humans=("government", "isis"), policies=(("sdf", "random"),))
    screen = GameScreen(Match.new(setup), ai_threaded=False)
    app = make_app([screen], tmp_path)
    press(app)
    assert isinstance(app.top, HandOver) and app.top.side == "government"  # even before the opening card
    settle(app, screen)
    m = screen.match
    assert m.viewer == "government"
    press(app, key(K.K_e))
    for _ in range(5):
        press(app)
        if isinstance(app.top, HandOver):
            break
    ho = app.top
    assert isinstance(ho, HandOver) and ho.side == "isis"
    assert screen.root is not None and not screen.root.visible  # the map's widgets are hidden
    drawn = []
    original = screen.draw
    screen.draw = lambda surf: drawn.append(1) or original(surf)
    press(app)
    assert not drawn  # and the map itself is not drawn under the hand-over screen
    screen.draw = original
    press(app, key(K.K_RETURN))
    assert m.viewer == "isis"
    assert all("Government" not in t or "Turn" in t or "to move" in t for t, _ in screen.logs.get("isis", []))
    assert screen.logs["isis"] is not screen.logs["government"]


def test_resizing_keeps_the_layout_working(tmp_path):
    app, screen = game_app(tmp_path, size=(1280, 720))
    for size in [(1920, 1080), (1280, 720), (1000, 640)]:
        pygame.display.set_mode(size, pygame.RESIZABLE)
        app.handle(pygame.event.Event(K.VIDEORESIZE, size=size, w=size[0], h=size[1]))
        press(app)
        vx, vy, vw, vh = screen.camera.view
        assert vx + vw <= size[0] and vy + vh <= size[1] and vw > size[0] // 2
        assert screen.layout["minimap"].bottom <= size[1]


def test_idle_game_does_not_redraw(tmp_path):
    app, screen = game_app(tmp_path)
    press(app)
    press(app)
    assert not screen.animating
    assert app.step([], 1 / 60) is False  # nothing changed: no frame drawn (the loop blocks on events)


# --- command line --------------------------------------------------------------------------

def test_play_without_a_display_says_so_in_one_line(monkeypatch):
    from game.cli.play import play

    for var in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    r = CliRunner().invoke(play, [])
    assert r.exit_code == 2
    assert "demo --headless" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_help_lists_every_key():
    from game.ui import keys

    card = HelpScreen()
    for _, k, _ in keys.BINDINGS:
        assert k in card.body.replace("&amp;", "&")
    assert isinstance(Choice("x", "y"), Choice)
