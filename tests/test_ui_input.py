"""Input as a player meets it (SDL's dummy driver): a key that closes a dialog or a hand-over never
reaches the map, held keys never end a turn, a click never scrolls the view under the pointer, a
refused move says why on the map; nothing is lost: autosaves, quitting asks, Stay is the default."""

import pygame
from ui_support import click, ctrl, game_app, key, make_app, press, release, settle

from game.control import intents as I
from game.control import keymap
from game.control.match import Match, Setup
from game.control.savefiles import Autosaver
from game.engine import actions as A
from game.session import load
from game.ui.dialogs import Dialog, HandOver, HelpScreen, PauseMenu
from game.ui.game_cards import QuitQuestion
from game.ui.game_screen import GameScreen
from game.ui.saves import list_saves

K = pygame


def hold(app, k: int, times: int = 5) -> None:
    """A key held down: the first KEYDOWN, then the system's repeats, one per frame, no release."""
    for _ in range(times):
        app.step([key(k)], 1 / 60)


def hotseat_at_first_hand_over(tmp_path):
    setup = Setup(seed=1, humans=("government", "isis"), policies=(("sdf", "random"),))
    screen = GameScreen(Match.new(setup), ai_threaded=False)
    app = make_app([screen], tmp_path)
    press(app)
    assert isinstance(app.top, HandOver)
    return app, screen


# --- keys that close a screen ----------------------------------------------------------------

def test_a_normal_enter_on_the_hand_over_shows_the_map_and_does_not_end_the_turn(tmp_path):
    app, screen = hotseat_at_first_hand_over(tmp_path)
    m = screen.match
    press(app, key(K.K_RETURN))
    assert not isinstance(app.top, HandOver) and m.viewer == "government"
    assert m.current == "government" and m.session.actions == []
    assert not (isinstance(app.top, Dialog) and app.top.tag == "end_turn")


def test_enter_held_on_the_hand_over_never_reaches_the_map(tmp_path):
    app, screen = hotseat_at_first_hand_over(tmp_path)
    m = screen.match
    hold(app, K.K_RETURN, times=12)  # the press that closes the hand-over, then the key repeat
    assert m.viewer == "government" and m.current == "government" and m.session.actions == []
    assert not (isinstance(app.top, Dialog) and app.top.tag == "end_turn")
    app.step([release(K.K_RETURN)], 1 / 60)
    settle(app, screen)  # once released, Enter works again (it closes the opening cards)
    assert app.top is screen and m.session.actions == []


def test_escape_held_on_a_dialog_does_not_open_the_game_menu(tmp_path):
    app, screen = game_app(tmp_path)
    press(app, key(K.K_F1))
    assert isinstance(app.top, HelpScreen)
    hold(app, K.K_ESCAPE, times=6)
    assert app.top is screen  # closed, and the repeats did not open the game menu
    app.step([release(K.K_ESCAPE)], 1 / 60)
    press(app, key(K.K_ESCAPE))  # a fresh press does
    assert isinstance(app.top, PauseMenu)


def test_end_turn_never_fires_from_a_repeated_key(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_F1))
    app.step([key(K.K_e)], 1 / 60)  # E pressed while the key list is up: nothing there
    press(app, key(K.K_ESCAPE))  # the list closes; E is still held
    assert app.top is screen
    hold(app, K.K_e, times=6)  # its repeats reach the game screen
    assert m.human_turn and m.current == "government" and m.session.actions == []
    app.step([release(K.K_e)], 1 / 60)
    press(app, key(K.K_e))  # a real press ends the turn
    assert not (m.human_turn and m.state.turn == 1 and m.current == "government")


def test_the_key_map_lets_only_cursor_like_keys_repeat():
    assert keymap.lookup(("game",), "right", repeat=True) == I.Intent(I.CURSOR, (1, 0))
    assert keymap.lookup(("game",), "tab", repeat=True) == I.Intent(I.NEXT_UNIT, 1)
    for name in ("e", "enter", "v", "s", "escape"):
        assert keymap.lookup(("game",), name) is not None
        assert keymap.lookup(("game",), name, repeat=True) is None
    assert keymap.lookup(("watching", "game"), "enter") == I.Intent(I.SKIP)
    assert keymap.lookup(("game",), "e", shift=True) == I.Intent(I.END_TURN)
    assert keymap.lookup(("game",), "e", ctrl=True) is None


def test_held_arrows_keep_moving_the_cursor(tmp_path):
    app, screen = game_app(tmp_path)
    press(app, key(K.K_TAB))
    start = screen.cursor
    hold(app, K.K_RIGHT, times=4)
    assert screen.cursor == (start[0] + 4, start[1])


# --- clicks ----------------------------------------------------------------------------------

def test_selecting_a_unit_by_click_does_not_scroll_the_view(tmp_path):
    app, screen = game_app(tmp_path)
    cam = screen.camera
    obs = screen.match.observe()
    u = sorted(obs.own(), key=lambda u: u.id)[0]
    vx, vy, vw, vh = cam.view
    cam.center_on(u.x + 0.5, u.y + 0.5)
    cam.ox += vw // 2 - cam.z  # the unit now sits in the view's leftmost column, where ensure_visible would scroll
    cam.clamp()
    assert cam.cell_in_view(*u.cell)
    before = (cam.ox, cam.oy)
    press(app, *click(cam.cell_center(*u.cell)))
    assert screen.selected == u.id
    assert (cam.ox, cam.oy) == before


def test_a_refused_move_says_why_on_the_map_and_keeps_the_selection(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_TAB))
    uid = screen.selected
    obs = m.observe()
    reach = set(obs.reach(uid).cells())
    u = obs.units[uid]
    far = next((x, y) for y in range(m.game.height) for x in range(m.game.width)
               if (x, y) not in reach and (x, y) != u.cell and max(abs(x - u.x), abs(y - u.y)) > 4
               and not any(o.cell == (x, y) for o in obs.units.values()))
    screen.camera.center_on(far[0] + 0.5, far[1] + 0.5)
    press(app, *click(screen.camera.cell_center(*far)))
    assert screen.selected == uid and m.session.actions == []
    notice = screen.map.notice
    assert notice is not None and notice.cell == far and "cannot move there" in notice.text
    assert u.name in notice.text and uid not in notice.text.split()
    assert screen.logs["government"][-1][0] == notice.text
    app.draw()  # the notice is drawn at the cell


# --- nothing lost ------------------------------------------------------------------------------

def test_every_human_turn_starts_with_an_autosave_that_loads(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    saves = sorted((tmp_path / "data" / "saves").glob("autosave-*.json"))
    assert [p.name for p in saves] == ["autosave-abu_kamal_2017-turn01-government.json"]
    assert load(saves[0]).state.hash() == m.state.hash()
    entry = next(e for e in list_saves(tmp_path / "data" / "saves") if e.path == saves[0])
    assert entry.label.startswith("Autosave: ") and "turn 1" in entry.label
    assert m.unsaved is False  # an autosave is not the player's save: nothing was played yet anyway


def test_only_a_few_autosaves_are_kept(tmp_path):
    from tiny import tiny_game

    from game.session import Session

    game = tiny_game("....\n....\n", ["b1 inf blue 0,0", "r1 inf red 3,1"])
    m = Match.from_session(Session.new(game.scenario, 1), Setup(scenario="tiny", humans=("blue", "red")))
    saver = Autosaver(tmp_path / "saves", keep=3)
    written = []
    for _ in range(5):
        written.append(saver.save(m))
        m.play(A.EndTurn())
    kept = saver.existing()
    assert len(kept) == 3 and kept[0] == written[-1]
    assert not any(p.name.endswith(".tmp") for p in (tmp_path / "saves").iterdir())


def test_quit_with_unsaved_progress_asks_and_stay_is_the_default(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_TAB))
    uid = screen.selected
    m.play(A.Move(uid, *m.observe().reach(uid).cells()[0]))
    press(app, ctrl(K.K_q))
    assert isinstance(app.top, QuitQuestion) and app.running
    assert app.top.ring.current == "no"
    press(app, key(K.K_RETURN))  # Enter keeps the game
    assert app.top is screen and app.running
    press(app, key(K.K_ESCAPE), key(K.K_ESCAPE))  # the game menu's Quit asks too
    assert isinstance(app.top, PauseMenu)
    app.execute(app.top.choose("quit"))
    assert isinstance(app.top, QuitQuestion)
    app.execute(app.top.choose("yes"))
    assert not app.running


def test_quit_after_saving_does_not_ask(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_TAB))
    uid = screen.selected
    m.play(A.Move(uid, *m.observe().reach(uid).cells()[0]))
    press(app, ctrl(K.K_s))
    press(app, ctrl(K.K_q))
    assert not app.running


def test_leaving_for_the_main_menu_defaults_to_stay(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_TAB))
    uid = screen.selected
    m.play(A.Move(uid, *m.observe().reach(uid).cells()[0]))
    press(app, key(K.K_ESCAPE), key(K.K_ESCAPE))
    app.execute(app.top.choose("menu"))
    question = app.top
    assert isinstance(question, Dialog) and question.tag == "leave" and question.ring.current == "no"
    press(app, key(K.K_RETURN))
    assert app.top is screen


def test_a_held_ctrl_q_asks_once_and_does_not_answer_its_own_question(tmp_path):
    app, screen = game_app(tmp_path)
    m = screen.match
    press(app, key(K.K_TAB))
    uid = screen.selected
    m.play(A.Move(uid, *m.observe().reach(uid).cells()[0]))
    for _ in range(6):  # Ctrl+Q held: the press, then the key repeat
        app.step([ctrl(K.K_q)], 1 / 60)
    assert isinstance(app.top, QuitQuestion) and app.running
    app.step([release(K.K_q, K.KMOD_CTRL)], 1 / 60)
    press(app, ctrl(K.K_q))  # asked again while the question is up: that is a yes
    assert not app.running


def test_a_long_card_opens_whole_and_scrolls_with_page_down(tmp_path):
    from game.ui.dialogs import Dialog

    app, screen = game_app(tmp_path, size=(1280, 720))
    body = "<br>".join(f"<b>Line {i}</b> <font color=text_warn>of a long card</font> &amp; more" for i in range(80))
    card = Dialog("Long", body, [("ok", "OK")], tag="long", cancel="ok")
    app.push(card)
    assert card.text is not None and card.text.overflow > 0  # taller than the window: it scrolls
    assert card._text_rect.bottom < card.ctx.size[1]
    press(app, key(K.K_PAGEDOWN))
    assert card.text.scroll > 0
    app.step([pygame.event.Event(K.MOUSEWHEEL, x=0, y=40, flipped=False, precise_x=0.0, precise_y=40.0,
                                 touch=False)], 1 / 60)
    assert card.text.scroll == 0
    press(app, key(K.K_RETURN))
    assert app.top is screen


def test_card_text_keeps_its_bold_colours_and_entities():
    from game.ui.textview import parse

    paras = parse("<b>Title</b><br><font color=text_warn>warn &amp; co</font> plain")
    assert paras == [[("Title", None, True)], [("warn & co", "text_warn", False), (" plain", None, False)]]
