"""What the map shows a player: zone labels that never hide a counter, the night tint, fatigue on
the counter with a hint to stand down."""

import pygame
import ui_support  # noqa: F401  (dummy video driver)

from game.engine.game import Game
from game.engine.state import ALERT
from game.scenario.validate import load_scenario
from game.ui.describe import unit_lines
from game.ui.map_marks import place_label
from game.ui.symbols import CounterLook, render_counter
from game.ui.theme import Fonts, palette


def _img(w, h):
    return pygame.Surface((w, h), pygame.SRCALPHA)


def test_a_zone_label_stays_where_the_map_put_it_when_it_hides_nothing():
    assert place_label(_img(60, 12), (40, 40), 20, occupied=[(10, 10)], world=(400, 400)) == (40, 40)


def test_a_zone_label_over_a_unit_moves_off_it():
    img = _img(60, 12)
    at = place_label(img, (40, 40), 20, occupied=[(2, 2)], world=(400, 400))
    assert at is not None and at != (40, 40)
    x, y = at
    cells = {(cx, cy) for cx in range(x // 20, (x + 59) // 20 + 1) for cy in range(y // 20, (y + 11) // 20 + 1)}
    assert (2, 2) not in cells


def test_a_zone_label_with_nowhere_free_is_left_out():
    everywhere = [(x, y) for x in range(20) for y in range(20)]
    assert place_label(_img(60, 12), (40, 40), 20, occupied=everywhere, world=(400, 400)) is None


def test_a_tired_counter_shows_a_fatigue_bar_and_a_fresh_one_does_not():
    sc = load_scenario("abu_kamal_2017")
    pal, fonts = palette(sc), Fonts()
    base = dict(colour=(120, 120, 120, 255), symbol="infantry", strength=4, max_strength=4, hostile=False, size=40)
    fresh = render_counter(CounterLook(**base), pal, fonts)
    tired = render_counter(CounterLook(**base, tired=8), pal, fonts)
    assert tuple(tired.get_at((3, 30)))[:3] == tuple(pal.c("text_bad"))[:3]
    assert tuple(fresh.get_at((3, 30)))[:3] != tuple(pal.c("text_bad"))[:3]


def test_a_tired_alert_unit_is_told_to_stand_down_with_what_fatigue_costs():
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(1)
    u = state.units["rg124"]
    u.fatigue, u.posture = 5, ALERT
    text = " ".join(t for line in unit_lines(game.observe(state, "government"), "rg124") for t, _, _ in line)
    cost = round(5 * game.rules.fatigue_penalty * 100)  # the scenario's price of a point of fatigue
    assert f"−{cost}% attack and defence" in text and "stand it down (P)" in text
    u.fatigue = 1
    text = " ".join(t for line in unit_lines(game.observe(state, "government"), "rg124") for t, _, _ in line)
    assert "stand it down" not in text


def test_the_colour_blind_selection_is_distinct_from_every_counter_colour():
    sc = load_scenario("abu_kamal_2017")
    pal = palette(sc, colour_blind=True)
    sel = pal.c("selected")
    for col in pal.factions.values():
        assert sum(abs(a - b) for a, b in zip(tuple(sel)[:3], tuple(col)[:3], strict=True)) > 120, col


def test_a_tooltip_keeps_off_the_selected_unit_and_its_neighbours_when_a_corner_allows():
    from game.ui.widgets import draw_tooltip

    sc = load_scenario("abu_kamal_2017")
    surf = pygame.Surface((800, 600))
    clear = pygame.Rect(300, 300, 90, 90)  # a selected unit at the centre and its eight neighbours
    pos = (290, 290)  # the pointer just above-left of them: the usual corner (below right) would cover them
    r = draw_tooltip(surf, [("Open ground", "head"), ("defence x1", "dim")], pos, palette(sc), Fonts(),
                     surf.get_rect(), None, clear)
    assert not r.colliderect(clear)


def test_the_mouse_tooltip_waits_a_moment_and_starts_over_on_a_new_cell(tmp_path):
    from ui_support import game_app

    from game.ui.game_map import TIP_DELAY

    app, screen = game_app(tmp_path)
    layer = screen.map
    assert not layer.tip_ready((5, 5), 10.0)
    assert not layer.tip_ready((5, 5), 10.0 + TIP_DELAY / 2)
    assert layer.tip_ready((5, 5), 10.0 + TIP_DELAY + 0.001)
    assert not layer.tip_ready((6, 5), 10.0 + TIP_DELAY + 0.01)


def _layout_app(tmp_path, size, scale):
    from ui_support import game_app

    from game.ui.settings import Settings

    return game_app(tmp_path, size=size, settings=Settings(animation_speed="instant", ui_scale=scale,
                                                             tutorial_offered=True))


def test_the_game_screen_is_whole_at_1280x720_up_to_175_percent_and_at_1920x1080(tmp_path):
    for i, (size, scale) in enumerate((((1280, 720), 1.0), ((1280, 720), 1.5), ((1280, 720), 1.75),
                                       ((1920, 1080), 1.0))):
        app, screen = _layout_app(tmp_path / str(i), size, scale)
        win = pygame.Rect((0, 0), size)
        lay = screen.layout
        for name, r in lay.items():
            assert r.h == 0 or win.contains(r), (size, scale, name, r)  # the mini-map may give way
        line = app.ctx.fonts.get(14).get_linesize()
        assert lay["info"].h >= 7 * line, (size, scale)  # the unit panel keeps its lines
        for ident, b in screen.panels.buttons.items():  # no label cut off
            assert b.font.size(b.text)[0] <= b.rect.w - 4, (size, scale, ident, b.text)
        app.draw()


def test_counters_grow_with_a_larger_window():
    from game.ui.camera import ZOOMS, start_zoom

    small = ZOOMS[start_zoom((940, 552), (64, 48), 1.0)]
    large = ZOOMS[start_zoom((1498, 912), (64, 48), 1.0)]
    tiny_map = ZOOMS[start_zoom((940, 552), (20, 12), 1.0)]
    assert large > small >= 32 and tiny_map * 20 <= 940 and tiny_map > 32


def test_a_unit_below_an_exit_watched_by_an_alert_enemy_is_warned_before_it_comes_out():
    from tiny import tiny

    from game.engine import actions as A

    tunnels = {"nodes": {"n1": {"at": [1, 0]}, "n2": {"at": [3, 1]}}, "links": [["n1", "n2"]], "known_to": {"red": "all"}}
    game, state = tiny("....\n....", ["b inf blue 0,0", "c cell red tunnel:n1"], tunnels=tunnels, rules={"exit_fire": 1.0})
    game.apply(state, A.EndTurn())
    text = " ".join(t for line in unit_lines(game.observe(state, "red"), "c") for t, _, _ in line)
    assert "Coming out (U): an alert enemy unit next to the exit would fire on" in text
