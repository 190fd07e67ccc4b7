"""Random clicks and keys never crash the game. A fixed number of input batches (the same on a fast
or a busy machine, so a run is repeatable); for a long run ``ABU_KAMAL_FUZZ_EVENTS=20000 pytest
tests/test_ui_fuzz.py``."""

import os
import random

import pygame
from ui_support import Clock, make_app

from game.control.match import Match, Setup
from game.ui.game_screen import GameScreen
from game.ui.menu import MainMenu
from game.ui.settings import Settings

KEYS = [pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_TAB, pygame.K_RETURN, pygame.K_ESCAPE,
        pygame.K_e, pygame.K_s, pygame.K_p, pygame.K_d, pygame.K_u, pygame.K_x, pygame.K_w, pygame.K_v, pygame.K_c,
        pygame.K_PLUS, pygame.K_MINUS, pygame.K_HOME, pygame.K_SPACE, pygame.K_F1, pygame.K_PAGEDOWN,
        pygame.K_BACKSPACE, pygame.K_1, pygame.K_z, pygame.K_l]


def random_event(rng: random.Random, size: tuple[int, int]) -> list[pygame.event.Event]:
    w, h = size
    r = rng.random()
    pos = (rng.randrange(w), rng.randrange(h))
    if r < 0.45:
        button = rng.choice([1, 1, 1, 3])
        return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False),
                pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False),
                pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)]
    if r < 0.6:
        return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)]
    if r < 0.65:
        return [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice([-1, 1]), flipped=False, precise_x=0.0,
                                   precise_y=0.0, touch=False)]
    k = rng.choice(KEYS)
    mod = 0
    if k in (pygame.K_z, pygame.K_l, pygame.K_s) and rng.random() < 0.5:
        mod = pygame.KMOD_CTRL
    elif rng.random() < 0.1:
        mod = pygame.KMOD_SHIFT
    uni = "1" if k == pygame.K_1 else ""
    return [pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=uni, scancode=0)]


def test_random_clicks_and_keys_never_crash(tmp_path):
    budget = int(os.environ.get("ABU_KAMAL_FUZZ_EVENTS", "0") or 0) or 600  # input batches
    rng = random.Random(2017)
    clock = Clock()
    size = (1280, 720)
    apps = 0
    batches = 0
    screens_seen: set[str] = set()
    events = 0

    def new_app():
        if rng.random() < 0.5:
            setup = Setup(seed=rng.randrange(100), humans=(rng.choice(["government", "isis", "sdf"]),),
                          policies=())
            setup = Setup(seed=setup.seed, humans=setup.humans,
                          policies=tuple((s, "random") for s in ("government", "isis", "sdf") if s not in setup.humans))
            screens = [MainMenu(), GameScreen(Match.new(setup), ai_threaded=False)]
        else:
            screens = [MainMenu()]
        return make_app(screens, tmp_path, size=size, settings=Settings(animation_speed="fast"), clock=clock)

    app = new_app()
    try:
        while batches < budget:
            if not app.running or not app.stack:
                app.shutdown()
                app = new_app()
                apps += 1
            batch = random_event(rng, size)
            events += len(batch)
            batches += 1
            clock.advance(0.05)
            app.step(batch, 0.05)
            screens_seen |= {type(s).__name__ for s in app.stack}
    finally:
        app.shutdown()
    assert batches == budget and events >= budget
    assert {"MainMenu", "GameScreen"} <= screens_seen, f"the inputs reached only {sorted(screens_seen)}"
