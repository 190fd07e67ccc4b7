"""The tutorial: a valid scenario in the format, short, neutral, its cards the lesson's steps, that
plays to its end headless and is offered once on the first start."""

import pygame
from ui_support import key, make_app, press

from game.engine.game import Game
from game.scenario.validate import load_scenario
from game.sim.runner import run_one
from game.ui.dialogs import Dialog, NarrationCard
from game.ui.game_screen import GameScreen
from game.ui.menu import MainMenu
from game.ui.settings import Settings

STEPS = ("moving", "attacking", "fog", "tunnels", "posture", "declaring")


def test_the_tutorial_is_a_valid_small_scenario_whose_cards_are_the_six_steps():
    sc = load_scenario("tutorial")
    assert sc.width * sc.height <= 400 and sc.calendar.turns <= 10
    titles = [n.title.lower() for n in sc.narration.values()]
    for i, step in enumerate(STEPS):
        assert f"step {i + 1} of 6: {step}" in titles[i]
    assert "made-up" in sc.summary and "made-up" in sc.narration["step_moving"].text


def test_the_tutorial_plays_to_its_end_with_the_computer_on_both_sides():
    res = run_one("tutorial", {"trainees": "ai", "opponents": "ai"}, seed=3, level=0)
    assert res.ok, res.error
    assert res.turns >= 1 and set(res.results) == {"trainees", "opponents"}


def test_each_step_card_is_shown_to_the_trainee_when_its_moment_comes():
    game = Game(load_scenario("tutorial"))
    state, events = game.start(1)
    shown = [e.get("title") for e in events if e.kind == "narration" and e.visible_to("trainees")]
    assert shown == ["Step 1 of 6: moving"]
    assert not [e for e in events if e.kind == "narration" and e.visible_to("opponents")]


def test_the_first_start_offers_the_tutorial_once_and_it_opens_on_step_one(tmp_path):
    app = make_app([MainMenu()], tmp_path, settings=Settings(animation_speed="instant"))
    app.step([], 1 / 60)
    offer = app.top
    assert isinstance(offer, Dialog) and offer.tag == "tutorial"
    assert app.settings.tutorial_offered  # remembered at once: never asked again
    press(app, key(pygame.K_RETURN))  # "Play the tutorial" is the default
    for _ in range(5):
        app.step([], 1 / 60)
    assert isinstance(app.top, NarrationCard) and "Step 1 of 6" in app.top.title
    game = next(s for s in app.stack if isinstance(s, GameScreen))
    assert game.match.viewer == "trainees" and game.match.game.scenario.id == "tutorial"


def test_not_now_leaves_the_main_menu_and_the_offer_is_not_made_again(tmp_path):
    app = make_app([MainMenu()], tmp_path, settings=Settings(animation_speed="instant"))
    app.step([], 1 / 60)
    press(app, key(pygame.K_ESCAPE))
    for _ in range(3):
        app.step([], 1 / 60)
    assert isinstance(app.top, MainMenu)
