"""Sources a teacher can check: every source shown anywhere carries its real headline, outlet, date
where known and link, with the outlet's stance where it is plain; statements resting on one side's
media are shown as claims; the wording of the game's own text stays neutral."""

from __future__ import annotations

import re

import pytest
from report_games import historical, historical_report

from game.scenario.sources import cited_line, source
from game.scenario.validate import bundled_scenarios, load_scenario

SCENARIOS = [load_scenario(p) for p in bundled_scenarios()]
LOADED = ("terrorist", "heroic", "martyr", "slaughter", "massacre", "crushed", "glorious", "liberat", "barbar",
          "puppet", "rats", "savage", "evil", "cowardly", "smug", "jihadi scum")


# the historical scenarios: a made-up one (the tutorial's training ground) says so and cites nothing
HISTORICAL = [s for s in SCENARIOS if "made-up" not in s.summary]


@pytest.mark.parametrize("sc", HISTORICAL, ids=lambda s: s.id)
def test_every_source_entry_has_its_headline_outlet_and_link(sc):
    """A scenario about real events lists its sources; a made-up one (a tutorial) may list none."""
    for key, val in sc.sources.items():
        assert isinstance(val, dict), f"{key} is a bare title: give title, outlet, url"
        for field in ("title", "outlet", "url"):
            assert str(val.get(field, "")).strip(), f"{key} has no {field}"
        assert re.match(r"https?://", val["url"]), key


def test_a_card_shows_headline_outlet_date_stance_claim_and_link():
    sc = SCENARIOS[0]
    line = cited_line(sc.sources, "S42")
    assert "\u201cBattle For Al-Bukamal Blazes Up As ISIS Takes Back City\u201d" in line
    assert "SouthFront" in line and "12 Nov 2017" in line and "pro-government outlet" in line
    assert "Claim:" in line and line.endswith("https://southfront.org/battle-for-al-bukamal-blazes-up-as-isis-takes-back-city-video/")
    assert cited_line(sc.sources, "S999") == "not listed in this scenario"


def test_the_issue_s_mislabelled_sources_carry_their_real_headlines_and_outlets():
    sc = SCENARIOS[0]
    assert source(sc.sources, "S41").title == "Dozens of civilians die in Assad attack on Abu Kamal"
    assert source(sc.sources, "S41").outlet == "UAWire"
    s29 = source(sc.sources, "S29")
    assert s29.outlet == "OANN (Reuters text)" and "wire copy" in s29.stance
    for key in ("S48", "S49"):
        assert source(sc.sources, key).outlet == "SMM Syria" and "pro-government" in source(sc.sources, key).stance


def test_every_marker_in_the_game_s_texts_names_a_listed_source():
    for sc in SCENARIOS:
        texts = [sc.summary, *(n.text for n in sc.narration.values()), *(f.description for f in sc.factions.values()),
                 *(z.description for z in sc.zones.values()), *(z.assumption for z in sc.zones.values()),
                 *(u.note + u.assumption for u in sc.units), *(t.assumption for t in sc.triggers), *sc.assumptions]
        for text in texts:
            for key in re.findall(r"\[(S\d+)\]", text):
                assert key in sc.sources, (sc.id, key, text[:60])


def test_the_game_s_own_words_stay_neutral():
    """Headlines and links are the sources' words; everything the game says itself is checked."""
    for sc in SCENARIOS:
        texts = [sc.title, sc.summary, *sc.assumptions]
        texts += [f"{n.title} {n.text}" for n in sc.narration.values()]
        texts += [f.description for f in sc.factions.values()] + [s.description for s in sc.sides.values()]
        texts += [f"{z.name} {z.description} {z.assumption}" for z in sc.zones.values()]
        texts += [f"{u.name} {u.note} {u.assumption}" for u in sc.units]
        texts += [f"{p.name} {p.description}" for p in sc.phases]
        texts += [t.assumption for t in sc.triggers]
        texts += [d.source for profiles in sc.decisions.values() for p in profiles.values() for d in p.decisions]
        for text in texts:
            low = text.lower()
            for word in LOADED:
                for m in re.finditer(rf"\b{word}", low):
                    # "liberated" only as the General Command's own word, attributed to it
                    assert word == "liberat" and "general command" in low[max(0, m.start() - 200):m.start()], \
                        (sc.id, word, text[:80])


def test_the_report_lists_every_source_with_outlet_link_and_where_it_is_cited():
    report, html = historical_report()
    by_key = {s.key: s for s in report.sources}
    for key, s in by_key.items():
        assert s.listed and s.src.outlet and s.url, key
        assert f'id="src-{key}"' in html
    shown = [e for e in historical().events if e.kind == "narration"]
    for ev in shown:
        for key in ev.get("sources"):
            assert ev.get("title") in by_key[key].cited_by, (key, ev.get("title"), by_key[key].cited_by)


def test_the_report_marks_claims_and_explains_that_many_sources_are_partisan():
    _, html = historical_report()
    part = html.split('id="sources"', 1)[1]
    assert "Claim: Hezbollah media" in part and "partisan" in part
    assert '<q class="headline">Dozens of civilians die in Assad attack on Abu Kamal</q>' in part  # quoted, not ours
