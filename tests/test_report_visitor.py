"""The report is a set of visitors over the event log: dispatch, and each collector on hand-made events."""

from __future__ import annotations

from game.engine.events import Event
from game.report.builder import split_markers
from game.report.collectors import (
    ControlCollector,
    DecisionCollector,
    LossCollector,
    TimelineCollector,
    TurnNotesCollector,
    key_zones,
)
from game.report.visitor import EventVisitor, walk
from game.scenario.validate import load_scenario

SC = load_scenario("abu_kamal_2017")
DATES = {t: SC.calendar.turn_start(t) for t in range(1, SC.calendar.turns + 2)}


def ev(kind: str, turn: int = 1, **data) -> Event:
    d = DATES[turn]
    return Event(kind, turn, d.strftime("%Y-%m-%d"), d.strftime("%H:%M"), data)


class Recorder(EventVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str]] = []
        self.finished = 0

    def visit_combat(self, e: Event) -> None:
        self.seen.append(("combat", e.get("attacker")))

    def visit_phase(self, e: Event) -> None:
        self.seen.append(("phase", e.get("phase")))

    def visit_other(self, e: Event) -> None:
        self.seen.append(("other", e.kind))

    def finish(self) -> None:
        self.finished += 1


def test_events_go_to_visit_kind_in_log_order_and_the_rest_to_visit_other():
    r1, r2 = Recorder(), Recorder()
    walk([ev("phase", phase="advance"), ev("move"), ev("combat", attacker="hzb1"), ev("not a kind!"),
          ev("combat", attacker="kh46")], r1, r2)
    expected = [("phase", "advance"), ("other", "move"), ("combat", "hzb1"), ("other", "not a kind!"),
                ("combat", "kh46")]
    assert r1.seen == expected and r2.seen == expected
    assert r1.finished == 1 and r2.finished == 1


def test_a_visitor_without_methods_ignores_everything_and_the_visitors_beside_it_see_it_all():
    plain, rec = EventVisitor(), Recorder()
    events = [ev("combat", attacker="hzb1"), ev("phase", phase="advance"), ev("not a kind!")]
    walk(iter(events), plain, rec)  # a one-pass log: each event goes to every visitor as it is read
    assert rec.seen == [("combat", "hzb1"), ("phase", "advance"), ("other", "not a kind!")] and rec.finished == 1
    assert plain.visit_other(events[0]) is None and plain.finish() is None
    assert [k for k in vars(plain) if not k.startswith("_")] == [], "a plain visitor collects nothing"


def test_a_narration_shown_by_the_trigger_that_began_a_beat_is_read_with_that_beat():
    t = TimelineCollector(SC)
    walk([ev("phase", phase="advance", name="The advance", previous=None),
          ev("trigger", 6, trigger="declared", on="victory_declared"),
          ev("phase", 6, phase="premature_victory", name="Victory announced", previous="advance"),
          ev("narration", 6, id="announced", title="Victory announced", text="Announced [S28].", sources=["S28"]),
          ev("turn_start", 7),
          ev("narration", 7, id="sdf", title="The SDF", text="...", sources=["S4"])], t)
    kinds = [e.kind for e in t.entries]
    assert kinds == ["phase", "phase", "narration"]
    beat = t.entries[1]
    assert [c.title for c in beat.cards] == ["Victory announced"]
    assert beat.cause == "when Government and allies declare victory, during “The advance”"  # names, not ids
    assert [b.phase for b in t.beats] == ["advance", "premature_victory"]
    assert t.entries[2].cause == ""  # a new turn forgets the last trigger


def test_losses_separate_suicide_attacks_from_losses_to_enemy_action_and_reconcile_with_the_engine():
    loss = LossCollector(SC)
    walk([ev("combat", 8, attacker="sva1", defender="hzb1", attacker_losses=2, defender_losses=3, suicide=True),
          ev("combat", 9, attacker="hzb1", defender="screen1", attacker_losses=1, defender_losses=2)], loss)
    assert loss.by_faction["isis"].expended == 2 and loss.by_faction["isis"].lost == 2
    assert loss.by_faction["hezbollah"].lost == 4
    assert loss.cumulative(10)["hezbollah"][7:] == [3, 4, 4]
    loss.reconcile({"isis": 7, "hezbollah": 4})
    assert loss.by_faction["isis"].other == 3 and loss.by_faction["isis"].total == 7
    assert loss.by_faction["hezbollah"].other == 0


def test_decisions_group_a_turns_orders_and_say_what_followed_within_the_window():
    d = DecisionCollector(SC, follow_turns=2)
    walk([ev("control", 6, zone="city", shares={"government": 0.9, "isis": 0.1, "sdf": 0.0}),
          ev("victory_declared", 6, side="government", zone="city", control=0.9, points=8),
          ev("posture", 6, side="government", unit="hzb1", posture="stood_down", reason="order"),
          ev("posture", 6, side="government", unit="kh46", posture="stood_down", reason="order"),
          ev("posture", 7, side="government", unit="kh46", posture="alert", reason="reacting to the attack"),
          ev("phase", 8, phase="ambush", name="The ambush", previous="premature_victory"),
          ev("combat", 8, attacker="sva1", defender="hzb1", attacker_losses=2, defender_losses=3, suicide=True,
             ambush=True, surprise=True),
          ev("control", 8, zone="city", shares={"government": 0.4, "isis": 0.6, "sdf": 0.0}),
          ev("combat", 9, attacker="cell_c", defender="kh46", attacker_losses=0, defender_losses=5)], d)
    kinds = [x.kind for x in d.decisions]
    assert kinds == ["declaration", "stand_down"]  # the engine's reaction is not a decision
    stand = d.decisions[1]
    assert len(stand.units) == 2 and "stood down 2 units" in stand.summary
    a = d.decisions[0].followed
    assert a is not None and a.until.turn == 8
    assert [b.phase for b in a.phases] == ["ambush"]
    assert (a.combats, a.ambushes, a.suicide_attacks) == (1, 1, 1)  # turn 9 lies outside the window
    assert a.losses == {"isis": 2, "government": 3} and a.reactions == 1
    assert a.control == [("city", {"government": 0.9, "isis": 0.1, "sdf": 0.0},
                          {"government": 0.4, "isis": 0.6, "sdf": 0.0})]


def test_fruitless_searches_on_consecutive_turns_fold_into_one_entry_but_a_find_stands_alone():
    d = DecisionCollector(SC)
    events = [ev("search", t, side="government", unit="eng1", found=[]) for t in (10, 11, 12)]
    events += [ev("search", 13, side="government", unit="eng1", found=["n_centre"]),
               ev("search", 15, side="government", unit="hzb1", found=[])]
    walk(events, d)
    assert [(x.at.turn, x.last.turn if x.last else None, x.turns) for x in d.decisions] == \
        [(10, 12, 3), (13, None, 1), (15, None, 1)]
    assert d.decisions[1].found == ["the city centre"]
    assert d.decisions[1].detail == "Found the entrance at the city centre."
    assert "from turn 10 to turn 12" in d.decisions[0].summary


def test_turn_notes_count_each_turns_fighting_by_side():
    n = TurnNotesCollector(SC)
    walk([ev("combat", 3, attacker="hzb1", defender="screen1", attacker_losses=1, defender_losses=2, ambush=False),
          ev("unit_destroyed", 3, side="isis", unit="screen1"),
          ev("phase", 3, phase="ambush", name="The ambush", previous="advance")], n)
    note = n.notes[3]
    assert note.combats == 1 and note.losses == {"isis": 2, "government": 1}
    assert note.destroyed == {"isis": 1} and note.phases == ["The ambush"]


def test_source_markers_are_split_out_for_the_template_to_link():
    assert split_markers("Clear [S28]. Disputed [S28][S33]") == [
        ("Clear ", ""), ("", "S28"), (". Disputed ", ""), ("", "S28"), ("", "S33")]
    assert split_markers("no markers") == [("no markers", "")]
    assert split_markers("") == []


def test_key_zones_come_from_the_scenarios_objectives_then_the_zones_inside_them():
    zones = key_zones(SC)
    assert zones[0] == "city" and "border_crossing" in zones
    assert zones.index("city_centre") > zones.index("baghuz")
    assert "east_edge" not in zones


def test_control_starts_from_the_set_up_shares_and_follows_the_events():
    c = ControlCollector(SC, initial={"border_crossing": {"government": 1.0, "isis": 0.0, "sdf": 0.0}})
    walk([ev("control", 3, zone="city", shares={"government": 0.5, "isis": 0.5, "sdf": 0.0}),
          ev("control", 5, zone="border_crossing", shares={"government": 0.0, "isis": 1.0, "sdf": 0.0}),
          ev("turn_start", 6)], c)
    assert c.series("border_crossing", "government") == [1.0, 1.0, 1.0, 1.0, 0.0, 0.0]
    assert c.series("city", "government") == [0.0, 0.0, 0.5, 0.5, 0.5, 0.5]
    assert c.final["border_crossing"]["isis"] == 1.0
