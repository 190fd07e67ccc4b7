"""What the game tells a player about itself: the briefing before the first move, the objectives
panel (O) with live progress, the map legend (L, and from the keys list), and the attack preview's
modifiers. Drawn with SDL's dummy driver, driven by key presses."""

import pygame
from ui_support import game_app, key, make_app, press, settle

from game.control.match import Match, Setup
from game.control.objectives import briefing_lines, objective_rows, progress_lines
from game.engine.game import Game
from game.engine.tally import zone_share
from game.scenario.validate import load_scenario
from game.ui.describe import attack_html
from game.ui.dialogs import Dialog, HelpScreen
from game.ui.game_screen import GameScreen
from game.ui.legend import LegendScreen, entries
from game.ui.theme import palette

K = pygame


def _until_dialog(app, tag, steps=60):
    for _ in range(steps):
        app.step([], 1 / 60)
        top = app.top
        if isinstance(top, Dialog) and top.tag == tag:
            return top
        if isinstance(top, Dialog):
            press(app, key(K.K_RETURN))
    raise AssertionError(f"no {tag} card; top is {type(app.top).__name__}")


def test_the_first_turn_opens_with_a_briefing_of_objectives_points_and_how_to_win(tmp_path):
    setup = Setup(seed=1, humans=("government",), policies=(("isis", "random"), ("sdf", "random")))
    screen = GameScreen(Match.new(setup), ai_threaded=False)
    app = make_app([screen], tmp_path)
    card = _until_dialog(app, "briefing")
    assert "Government and allies" in card.title
    for words in ("Hold Abu Kamal", "30 points", "60% of Abu Kamal", "at least 45 points", "below 20 points",
                  "declare victory"):
        assert words in card.body
    press(app, key(K.K_RETURN))
    app.step([], 1 / 60)
    assert app.top is screen and screen.match.session.actions == []


def test_each_hotseat_player_gets_their_own_briefing_once():
    game = Game(load_scenario("abu_kamal_2017"))
    gov, isis = briefing_lines(game, "government"), briefing_lines(game, "isis")
    assert any("Keep a hold on Abu Kamal" in t for t, _ in isis)
    assert not any("Keep a hold on Abu Kamal" in t for t, _ in gov)


def test_a_what_ifs_briefing_says_it_is_a_what_if_and_what_it_changes():
    sc = load_scenario("abu_kamal_garrison_alert")
    lines = [t for t, _ in briefing_lines(Game(sc), "government")]
    assert lines[0] == "This is a what-if" and " ".join(sc.summary.split()) in lines


def test_o_opens_the_objectives_with_the_shares_the_side_sees(tmp_path):
    app, screen = game_app(tmp_path)
    press(app, key(K.K_o))
    top = app.top
    assert isinstance(top, Dialog) and top.tag == "objectives"
    obs = screen.obs
    for row in objective_rows(obs):
        assert row.share == zone_share(obs.game, obs.control, row.zone, "government")
        assert f"now {row.share:.0%}" in top.body
    press(app, key(K.K_RETURN))
    assert app.top is screen


def test_the_objectives_panel_follows_the_score_and_the_standing():
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(1)
    obs = game.observe(state, "government")
    assert any("a loss" in t for t, _ in progress_lines(obs))  # 0 points, loss below 20
    obs.points["government"] = 50.0
    text = " ".join(t for t, _ in progress_lines(obs))
    assert "50.0 points now" in text and "a win" in text


def test_l_opens_the_legend_and_l_closes_it(tmp_path):
    app, screen = game_app(tmp_path)
    press(app, key(K.K_l))
    assert isinstance(app.top, LegendScreen)
    press(app, key(K.K_l))
    assert app.top is screen


def test_the_legend_names_every_faction_symbol_and_terrain_of_the_scenario():
    sc = load_scenario("abu_kamal_2017")
    cols = entries(sc, palette(sc), "government")
    words = " ".join(e.text for col in cols for e in col)
    for f in sc.factions.values():
        assert f.name in words
    for t in sc.terrain.values():
        assert t.name in words
    assert "SF: special forces" in words and "Elite infantry" in words
    assert "last seen" in words and "Tunnel entrance" in words and "out of your sight" in words


def test_the_legend_fits_the_window_at_the_largest_ui_scale(tmp_path):
    from game.ui.settings import Settings

    app, screen = game_app(tmp_path, settings=Settings(animation_speed="instant", ui_scale=1.75))
    press(app, key(K.K_l))
    assert isinstance(app.top, LegendScreen)
    app.draw()  # drawn without error at 1280x720, 175%


def test_the_keys_list_opens_the_legend(tmp_path):
    app, screen = game_app(tmp_path)
    press(app, key(K.K_F1))
    help_screen = app.top
    assert isinstance(help_screen, HelpScreen)
    app.execute(help_screen.choose("legend"))
    assert isinstance(app.top, LegendScreen)


def test_the_attack_preview_lists_the_engines_modifiers():
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(1)
    obs = game.observe(state, None)
    a = obs.units["rg124"]
    d = next(u for u in obs.units.values() if u.side == "isis")
    p = game.preview(obs, a.id, d.id)
    html = attack_html(obs, a, d, p)
    assert "What changes the odds" in html
    for f in p.odds.factors:
        assert f.note in html


def test_clicking_an_enemy_out_of_range_moves_next_to_it_and_opens_the_preview(tmp_path):
    from game.control import orders
    from game.engine import actions as A
    from game.engine.geometry import within

    setup = Setup(scenario="tutorial", seed=1, humans=("trainees",), policies=(("opponents", "random"),))
    screen = GameScreen(Match.new(setup), ai_threaded=False)
    app = make_app([screen], tmp_path)
    settle(app, screen)
    m = screen.match
    m.play(A.Move("coy_a", 7, 5))  # in sight of the Road Team, out of its reach
    settle(app, screen)
    obs = screen.obs
    target = obs.units["team_road"]
    sel = obs.units["coy_b"]
    plan = orders.plan_click(obs, sel, target.cell, m.options, True)
    assert plan.kind == orders.APPROACH and within((plan.action.x, plan.action.y), target.cell, 1)
    screen.pointer.selected = "coy_b"
    app.execute(screen.act_at(target.cell))
    top = app.top
    assert isinstance(top, Dialog) and top.tag == "attack" and top.payload == A.Attack("coy_b", "team_road")
    assert within(screen.obs.units["coy_b"].cell, target.cell, 1)


def test_a_zone_with_a_border_name_is_drawn_as_a_frontier_and_listed_in_the_legend():
    sc = load_scenario("abu_kamal_2017")
    assert sc.zones["iraq"].border == "Iraq-Syria border"
    words = " ".join(e.text for col in entries(sc, palette(sc), "government") for e in col)
    assert "Iraq-Syria border" in words


def test_the_border_line_runs_along_the_zones_edge_inside_the_map_only():
    from game.ui.terrain import TerrainRenderer
    from game.ui.theme import Fonts

    sc = load_scenario("abu_kamal_2017")
    game = Game(sc)
    img = TerrainRenderer(game, palette(sc), Fonts()).render(8)
    mask = game.zone_masks["iraq"]
    y = 40  # a row where Iraq begins at x = 44
    assert mask[y, 44] and not mask[y, 43]
    assert tuple(img.get_at((44 * 8, y * 8 + 1)))[:3] in {(40, 24, 56), (236, 226, 250)}
    assert tuple(img.get_at((44 * 8, 20 * 8 + 1)))[:3] not in {(40, 24, 56)}  # row 20: Iraq begins at 42


def test_after_the_game_the_objectives_panel_gives_the_result_not_a_guess():
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(1)
    obs = game.observe(state, "government")
    obs.over, obs.outcome = True, {"results": {"government": "draw"}}
    text = " ".join(t for t, _ in progress_lines(obs))
    assert "The game is over: a draw" in text and "If the game ended now" not in text
    assert "Not yet: Hold Abu Kamal" in text
