"""The narrator's rules: what a player, a teacher or a report reader may read about the game."""

from __future__ import annotations

import re

import pytest

from game.cli.account import Account
from game.engine.events import Event
from game.narrate import Narrator, is_plural, steps
from game.narrate.places import preposition, the_name
from game.session import Session

# "(25, 31)", "[25, 31]" and the log's old "36,42"; prose like "on 15, 17 and 18 November" is not a cell.
COORDS = re.compile(r"\(\s*\d+\s*,\s*\d+\s*\)|\[\s*\d+\s*,\s*\d+\s*\]|(?<![\d,])\d{1,2},\d{1,2}(?![\d,])")


@pytest.fixture(scope="module")
def demo() -> Session:
    """The historical demo as ``abu-kamal demo --seed 1`` plays it."""
    from game.ai.base import play_side_turn
    from game.ai.registry import make_policy

    session = Session.new("abu_kamal_2017", 1)
    game = session.game
    players = {s: make_policy("historical", s, 1) for s in game.sides}
    while not session.state.over:
        side = game.current_side(session.state)
        assert side is not None
        play_side_turn(game, session.state, players[side], apply=session.play)
    return session


def internal_ids(session: Session) -> set[str]:
    """Ids a reader must never see: those that are not also ordinary words of the scenario's own prose."""
    sc = session.game.scenario
    prose = " ".join([sc.title, sc.summary, *(n.text + " " + n.title for n in sc.narration.values()),
                      *(p.name + " " + p.description for p in sc.phases), *(z.name for z in sc.zones.values()),
                      *(u.name for u in sc.units), *(s.name for s in sc.sides.values()),
                      *(f.name for f in sc.factions.values()), *(t.name for t in sc.unit_types.values())])
    words = {w.lower() for w in re.findall(r"[\w'-]+", prose)}
    ids = {u.id for u in sc.units} | set(sc.zones) | set(sc.tunnels.nodes) | {t.id for t in sc.triggers}
    ids |= {p.id for p in sc.phases} | set(sc.factions) | set(sc.unit_types)
    return {i for i in ids if i.lower() not in words}


def leaks(text: str, ids: set[str]) -> list[str]:
    found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    return found + COORDS.findall(text)


@pytest.mark.parametrize("viewer", [None, "government", "isis", "sdf"])
def test_no_internal_id_or_grid_coordinate_reaches_any_reader_of_the_whole_demo(demo: Session, viewer):
    ids = internal_ids(demo)
    assert {"rg124", "div4_42", "screen2", "n_north", "city_centre", "desert_fighters"} <= ids
    narrator = Narrator(demo.game, viewer)
    said = list(narrator.lines(demo.events))
    account = list(Account(demo.game, viewer).lines(demo.events))
    assert len(said) > 50
    for line in said + account:
        assert not leaks(line, ids), line


def test_the_id_check_would_catch_an_id_or_a_coordinate():
    assert leaks("noticed by div4_42", {"div4_42"}) == ["div4_42"]
    assert leaks("falls back to (25, 31)", set()) and leaks("moved to 36,42", set())
    assert not leaks("between 2,000 and 5,000 fighters", set())


def test_verbs_agree_with_plural_side_names_and_steps_are_counted(demo: Session):
    text = "\n".join(Narrator(demo.game).lines(demo.events))
    assert "Government and allies find a tunnel entrance" in text
    assert "Government and allies finds" not in text and "allies declares" not in text
    assert "1 steps" not in text and steps(1) == "1 step" and steps(3) == "3 steps"
    assert "(1 moves)" not in "\n".join(Account(demo.game).lines(demo.events))


@pytest.mark.parametrize("name, plural", [
    ("Government and allies", True), ("ISIS", False), ("SDF", False), ("Syrian Democratic Forces", True),
    ("Hezbollah group 1", False), ("Suicide attackers 1", True), ("Fighters from the desert 2", True),
    ("Air and artillery support", False), ("124th Brigade (Republican Guard)", False), ("Iraqi PMU", False),
    ("Iran-backed militias", True), ("Kata'ib Hezbollah (46th Brigade)", False), ("Army engineers", True),
])
def test_a_name_is_plural_when_its_head_noun_is(name, plural):
    assert is_plural(name) is plural


def test_a_scenario_flag_overrides_the_guess_from_the_name():
    assert is_plural("Hamas", flag=False) is False


def test_zone_names_read_as_english_inside_a_sentence():
    assert the_name("City centre") == "the city centre"
    assert the_name("Al-Qa'im border crossing") == "the Al-Qa'im border crossing"
    assert the_name("Abu Kamal") == "Abu Kamal"
    assert the_name("The bridge") == "the bridge"  # a name titled with its article keeps it, in lower case
    assert preposition("Road to T-2") == "on" and preposition("Al-Qa'im border crossing") == "at"
    assert preposition("Al-Baghuz") == "in"


def test_a_cell_is_named_by_its_zone_a_nearby_zone_or_its_bearing_from_a_key_place(demo: Session):
    n = Narrator(demo.game)
    assert n.place(25, 31) == "in the city centre"
    assert n.place(39, 38) == "near the southern outskirts"
    far = n.place(11, 39)
    assert far.startswith("about ") and "south-west of Abu Kamal" in far


def test_an_event_the_viewer_could_not_see_gives_no_lines(demo: Session):
    hidden = Event("dive", 3, "2017-11-07", "06:00", {"side": "isis", "unit": "cell_n", "node": "n_north",
                                                      "cell": [28, 28]}, frozenset({"isis"}))
    assert Narrator(demo.game, "government").event_lines(hidden) == []
    assert Narrator(demo.game, "isis").event_lines(hidden) == ["Hidden cell (north) goes underground at the "
                                                               "northern market."]


def test_an_enemy_the_viewer_has_not_identified_is_not_named(demo: Session):
    hit = Event("combat", 8, "2017-11-09", "18:00",
                {"side": "isis", "attacker": "cell_n", "defender": "nujaba", "defender_side": "government",
                 "cell": [28, 29], "attacker_cell": [28, 24], "attacker_losses": 0, "defender_losses": 2},
                frozenset({"government", "isis"}))
    blind = Narrator(demo.game, "government").event_lines(hit)[0]
    assert "Hidden cell" not in blind and blind.startswith("An unidentified enemy unit attacks Harakat al-Nujaba")
    close = Event("combat", 8, "2017-11-09", "18:00", {**hit.data, "attacker_cell": [28, 28]}, hit.seen_by)
    assert Narrator(demo.game, "government").event_lines(close)[0].startswith("Enemy ISIS fighters attack")
    seen = Event("sighted", 8, "2017-11-09", "18:00", {"side": "government", "unit": "cell_n", "unit_side": "isis",
                                                      "cell": [28, 28]}, frozenset({"government"}))
    told = list(Narrator(demo.game, "government").lines([seen, hit]))
    assert told[-1].startswith("Hidden cell (north) attacks Harakat al-Nujaba")
    assert Narrator(demo.game, None).event_lines(hit)[0].startswith("Hidden cell (north) attacks")


def test_orders_read_as_sentences_with_names_and_places(demo: Session):
    n = Narrator(demo.game, "government")
    assert n.action("move fatem1 25 31") == "Fatemiyoun moves to the city centre"
    assert n.action("declare") == "Government and allies declare victory"
    assert n.action("posture rg124 stood_down") == "124th Brigade (Republican Guard) stands down"


def test_a_trigger_is_explained_in_names_for_a_class_and_in_ids_only_on_request(demo: Session):
    n = Narrator(demo.game)
    ambush = next(t for t in demo.game.scenario.triggers if t.id == "ambush")
    why = n.trigger_why(ambush)
    assert why.startswith("When ISIS attacks from a tunnel exit in Abu Kamal")
    assert "Government and allies hold at least 50% of Abu Kamal" in why
    assert not leaks(why, internal_ids(demo)) and "ambush:" not in why
    assert "scenario trigger 'ambush'" in n.trigger_detail(ambush)
    renewed = next(t for t in demo.game.scenario.triggers if t.id == "counterattack")
    assert n.trigger_why(renewed).endswith("after Air and artillery support has arrived.")


def test_fire_from_an_unseen_enemy_and_a_lost_contact_name_no_one_the_viewer_cannot_see(demo: Session):
    n = Narrator(demo.game, "government")
    fire = Event("under_fire", 8, "2017-11-09", "18:00", {"side": "government", "unit": "nujaba", "cell": [25, 31],
                                                         "losses": 1, "surprise": True}, frozenset({"government"}))
    assert n.event_lines(fire) == ["Harakat al-Nujaba comes under fire from an enemy out of sight in the city "
                                   "centre, taken by surprise: 1 step lost."]
    gone = Event("lost_sight", 8, "2017-11-09", "18:00", {"side": "government", "unit_side": "government",
                                                         "unit_type": "mechanized", "cell": [25, 31]},
                 frozenset({"government"}))
    assert n.event_lines(gone) == ["Government and allies lose sight of an enemy mechanised brigade in the city "
                                   "centre."]


def test_an_engine_refusal_reaches_the_player_with_names_and_places(demo: Session):
    n = Narrator(demo.game, "government")
    assert n.words("rg124 cannot reach 30 28 this turn") == ("124th Brigade (Republican Guard) cannot reach the "
                                                            "northern districts this turn")
    assert n.words("eng1 must stand on or next to n_centre") == "Army engineers must stand on or next to the city centre"
    assert n.words("government has no unit 'cell_n' on the map").startswith("Government and allies have no unit")
