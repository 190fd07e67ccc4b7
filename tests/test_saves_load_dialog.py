"""The Load dialog over a saves folder full of hostile files: it opens, lists each as unreadable, and the game goes on."""

from __future__ import annotations

import pygame
import ui_support  # noqa: F401  (dummy SDL drivers before pygame)
from test_saves_hostile import BAD_META, REFUSED_ONLY_ON_REPLAY, _stamped, good_save, hostile_saves
from ui_support import ctrl, game_app, key, press

from game.engine import actions as A
from game.ui.dialogs import Dialog
from game.ui.loadgame import LoadScreen


def test_the_load_dialog_opens_over_a_folder_of_hostile_saves_and_the_game_goes_on(tmp_path):
    good = good_save(tmp_path)
    app, screen = game_app(tmp_path)
    folder = tmp_path / "data" / "saves"
    folder.mkdir(parents=True, exist_ok=True)
    made = hostile_saves(folder, *good)
    meta = _stamped(folder / "meta.json", good[0], BAD_META["unknown policy in meta"])
    press(app, ctrl(pygame.K_l))
    load = app.top
    assert isinstance(load, LoadScreen)
    unreadable = {e.path.name for e in load.entries if e.error}
    expected = {p.name for kind, p in made.items() if kind not in REFUSED_ONLY_ON_REPLAY}
    assert unreadable == expected  # the well-formed ones are listed as games and refused when replayed
    assert all(e.label.endswith("cannot be loaded") for e in load.entries if e.error)
    for page in range(3):  # paging through the list draws every row without failing
        press(app, key(pygame.K_PAGEDOWN))
        assert app.top is load, page
    for path in (made["FIFO"], made["symlink to /dev/zero"], made["wrong final position"], meta):
        idx = next(i for i, e in enumerate(load.entries) if e.path.name == path.name)
        app.execute(load.choose(f"save:{idx}"))
        for _ in range(3):
            press(app)
        msg = app.top
        assert isinstance(msg, Dialog) and msg.tag == "load_error", path.name
        assert path.name in msg.body and len(msg.body.splitlines()) == 1
        press(app, key(pygame.K_ESCAPE))
        assert app.top is load
    press(app, key(pygame.K_ESCAPE))
    assert app.top is screen
    press(app, key(pygame.K_TAB))
    uid = screen.selected
    cell = screen.match.observe().reach(uid).cells()[0]
    assert screen.match.play(A.Move(uid, *cell))
