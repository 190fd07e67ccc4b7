"""Model assumptions in plain view and civilians in the account: the report lists every assumption
the scenario states and every sourced civilian fact with its sources and the day it was shown; the
unit panel shows a unit's assumption in the scenario's own words."""

from __future__ import annotations

import html as htmllib
import re

from report_games import historical, historical_report

from game.report.history import ASSUMPTION, assumptions
from game.scenario.validate import load_scenario


def section(html: str, sid: str) -> str:
    part = html.split(f'<section id="{sid}"', 1)[1].split("</section>", 1)[0]
    return htmllib.unescape(re.sub(r"<[^>]+>", "", part))


def flat(text: str) -> str:
    return " ".join(re.sub(r"\[S\d+\]", "", text).split())


def test_every_model_assumption_of_the_scenario_is_in_the_report():
    sc = historical().scenario
    _, html = historical_report()
    text = flat(section(html, "assumptions"))
    stated = [*sc.assumptions, *(u.assumption for u in sc.units), *(z.assumption for z in sc.zones.values()),
              *(t.assumption for t in sc.triggers)]
    stated += [m.group(0) for n in sc.narration.values() for m in ASSUMPTION.finditer(n.text)]
    stated = [s for s in stated if s]
    assert len(stated) >= 20
    for s in stated:
        assert s.startswith("Model assumption:")
        assert flat(s) in text, s[:80]


def test_units_sharing_an_assumption_are_listed_once_with_all_their_names():
    found = [a for a in assumptions(load_scenario()) if "hidden in tunnels in the city centre" in a.text]
    assert len(found) == 1 and found[0].about.startswith("Units: Hidden cell (north), Hidden cell (riverside)")


def test_the_civilians_section_gives_each_sourced_fact_its_sources_and_when_it_was_shown():
    sc = historical().scenario
    report, html = historical_report()
    text = flat(section(html, "civilians"))
    facts = [n for n in sc.narration.values() if n.topic == "civilians"]
    for needle in ("120,000", "Al-Sukkariyah", "no civilians were left", "at least 53 civilians", "269 civilians",
                   "Mines and booby traps"):
        assert any(needle in n.text for n in facts), needle
        assert needle in text, needle
    for n in facts:
        assert n.sources, n.id
        for key in n.sources:
            assert "Civilians" in next(s for s in report.sources if s.key == key).cited_by, (n.id, key)
    assert "Shown in this game as a narration card on 11 Nov 2017" in text
    assert "the game does not model civilians" in text


def test_the_unit_panel_shows_the_unit_s_assumption():
    from game.engine.game import Game
    from game.ui.describe import unit_lines

    sc = load_scenario()
    game = Game(sc)
    state, _ = game.start(1)
    obs = game.observe(state, "isis")
    lines = [" ".join(seg[0] for seg in line) for line in unit_lines(obs, "hari")]
    assert next(u for u in sc.units if u.id == "hari").assumption in lines
    own = [" ".join(seg[0] for seg in line) for line in unit_lines(game.observe(state, "government"), "rg124")]
    assert not any(line.startswith("Model assumption:") for line in own)  # a sourced unit carries none


def test_casualties_are_a_model_estimate_set_beside_the_sources_counts():
    from types import SimpleNamespace

    from game.engine.events import Event
    from game.report.history import casualty_rows, sourced_facts

    s = historical()
    over = Event("game_over", 28, "2017-11-19", "18:00", {"casualties_people": {"government": 410, "isis": 380}})
    rows = casualty_rows(SimpleNamespace(scenario=s.scenario, events=[*s.events, over]))
    assert [(r.side, r.model) for r in rows] == [("Government and allies", 410), ("ISIS", 380), ("SDF", None)]
    counts = " ".join(f.text for f in sourced_facts(s, "losses"))
    assert "376" in counts and "352" in counts and "at least 30 pro-government" in counts
    _, html = historical_report()
    text = flat(section(html, "casualties"))
    assert "Model estimate" in text and "not a count" in text and "at least 376 pro-government" in text


def test_beat_cards_carry_the_sources_account_and_civilian_facts_of_their_days():
    from game.teach.cards import beat_card
    from game.teach.timeline import Timeline

    tl = Timeline(historical())
    cards = [beat_card(tl, b) for b in tl.beats]
    what = "\n".join(p for c in cards for p in c.what)
    assert "11 Nov 2017, 06:00: Civilians, 10-11 November." in what
    assert "19 Nov 2017, 06:00: Civilians, 19 November." in what and "120,000" in what
    for c in cards:
        for marker, line in c.sources:
            assert "\u2014" in line and "http" in line, (c.title, marker, line)  # outlet and link on every card
