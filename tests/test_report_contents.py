"""The report of the historical game: what a teacher hands out must contain the beats, the sources,
a map for every turn, the strength chart and the losses, and must open with no network."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

from markupsafe import escape
from report_games import historical, historical_report

from game.engine import turns
from game.report.builder import map_turns, strength_series


class Page(HTMLParser):
    """Collects the tags and attributes of the report, and checks that every element is closed."""

    VOID = {"meta", "img", "br", "link", "input", "hr", "col", "source", "wbr"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []
        self.mismatched: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.mismatched.append(tag)
            return
        self.stack.pop()

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}


def test_the_page_is_well_formed():
    _, html = historical_report()
    page = Page(html)
    assert page.mismatched == [] and page.stack == []
    assert html.lstrip().startswith("<!DOCTYPE html>")


def test_every_beat_of_the_game_is_in_the_timeline_with_its_turn_and_date():
    report, html = historical_report()
    phases = [e for e in historical().events if e.kind == "phase"]
    assert len(phases) == 5  # the historical policies reach all five beats
    ids = Page(html).ids()
    for e in phases:
        assert f"beat-{e.get('phase')}" in ids
        block = html.split(f'id="beat-{e.get("phase")}"', 1)[1][:600]
        assert e.get("name") in block and f"Turn {e.turn}" in block
    assert report.beats_missing == []


def test_every_narration_card_and_its_sources_are_listed():
    report, html = historical_report()
    ids = Page(html).ids()
    titles = {s.key: s.title for s in report.sources}
    for e in historical().events:
        if e.kind != "narration":
            continue
        assert str(escape(e.get("title"))) in html  # as the template writes it ("'" becomes "&#39;")
        for key in e.get("sources"):
            assert f"src-{key}" in ids, key
            assert f'href="#src-{key}"' in html
            assert titles[key] and "not in the scenario" not in titles[key]
    sc = historical().scenario
    assert {s.key for s in report.sources} >= set(sc.sources)


def test_one_map_per_turn_and_one_of_the_end_each_an_embedded_png():
    report, html = historical_report()
    session = historical()
    ids = Page(html).ids()
    assert {f"map-turn-{t}" for t in session.snapshots} <= ids and "map-end" in ids
    assert len(report.maps) == len(session.snapshots) + 1
    assert sorted(m.turn for m in report.maps if not m.final) == sorted(session.snapshots)
    for m in report.maps:
        assert m.image.src.startswith("data:image/png;base64,")
        assert base64.b64decode(m.image.src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert len({m.image.src for m in report.maps}) > len(report.maps) // 2  # the maps change with the game


def test_the_strength_chart_is_present_and_its_series_follow_the_game():
    report, html = historical_report()
    assert report.strength.src in html and report.strength.width > 300
    series = strength_series(historical())
    assert len(series.times) == len(historical().snapshots) + 1
    final = historical().state.losses
    for faction, values in series.losses.items():
        assert values == sorted(values) and values[-1] == final.get(faction, 0)


def test_losses_add_up_from_committed_to_what_is_left_on_the_map():
    report, _ = historical_report()
    final = historical().state.losses
    by_name = {f.name: fid for fid, f in historical().scenario.factions.items()}
    for row in report.losses:
        assert row.committed - row.lost - row.other - row.expended - row.withdrawn == row.at_end, row
        assert row.lost + row.other + row.expended == final[by_name[row.faction]]


def test_who_held_what_matches_the_engines_own_count():
    report, _ = historical_report()
    s = historical()
    now = turns.zone_shares(s.game, s.state)
    names = {z.name: zid for zid, z in s.scenario.zones.items()}
    for zone, shares in report.control:
        assert shares == now[names[zone]]


def test_the_declaration_is_a_decision_followed_by_the_beats_that_came_after_it():
    report, html = historical_report()
    declared = [e for e in historical().events if e.kind == "victory_declared"]
    decisions = [d for d in report.decisions if d.kind == "declaration"]
    assert len(decisions) == len(declared) == 1
    d = decisions[0]
    window = [e.get("phase") for e in historical().events
              if e.kind == "phase" and d.at.turn <= e.turn <= d.at.turn + report.follow_turns
              and e.get("previous") is not None]
    assert [b.phase for b in d.followed.phases] == window[window.index("premature_victory"):] or \
        [b.phase for b in d.followed.phases] == window
    assert "Declaration of victory" in html and "What followed" in html


def test_nothing_is_fetched_from_the_network():
    _, html = historical_report()
    page = Page(html)
    for tag, attrs in page.tags:
        for key in ("src", "href", "srcset", "poster", "data"):
            value = attrs.get(key, "")
            assert not re.match(r"\s*(https?:)?//", value, re.I), (tag, key, value[:80])
        if tag == "script":
            raise AssertionError("the report needs no scripts")
        if tag == "link":
            raise AssertionError(f"no external resources: {attrs}")
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert styles and not re.search(r"@import|url\(\s*['\"]?(https?:)?//", "".join(styles), re.I)
    assert "@media print" in styles[0]


def test_the_wording_stays_neutral():
    _, html = historical_report()
    html = re.sub(r'<q class="headline">.*?</q>|\u201c[^\u201d]*\u201d|https?://[^\s<"]+', " ", html)  # the sources' words
    text = re.sub(r"<[^>]+>|data:image/png;base64,[A-Za-z0-9+/=]+", " ", html).lower()
    for word in ("terrorist", "heroic", "martyr", "slaughter", "massacre", "crushed", "glorious", "liberat"):
        # "liberated" may only appear inside the scenario's attributed narration
        hits = [m.start() for m in re.finditer(word, text)]
        for at in hits:
            assert word == "liberat" and "general command" in text[max(0, at - 200):at], word


def test_a_shorter_printout_keeps_the_first_turn_and_the_turn_after_each_beat():
    s = historical()
    beats = [e.turn for e in s.events if e.kind == "phase" and e.get("previous") is not None]
    chosen = map_turns(s, "beats")
    assert chosen[0] == min(s.snapshots) and all(t + 1 in chosen for t in beats if t + 1 in s.snapshots)
    assert len(chosen) < len(s.snapshots) and map_turns(s, "none") == []
    assert map_turns(s, "every") == sorted(s.snapshots)
