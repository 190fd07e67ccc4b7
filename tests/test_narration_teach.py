"""What a class reads in educator mode: beat cards and step text, in plain words without ids."""

from __future__ import annotations

import functools

import pytest
from test_narrator import internal_ids, leaks

from game.narrate import Narrator
from game.teach.cards import beat_card, step_text
from game.teach.timeline import Timeline


@functools.cache
def line() -> Timeline:
    return Timeline.play(seed=1)


def test_every_beat_cards_why_and_knew_are_free_of_ids_and_the_detail_keeps_the_trigger():
    tl = line()
    ids = internal_ids(tl.session)
    for beat in tl.beats:
        card = beat_card(tl, beat)
        for text in [*card.why, *card.knew.values(), card.when, card.title]:
            assert not leaks(text, ids), text
        if beat.position:
            assert card.detail and card.detail[0].startswith("Trigger: scenario trigger '")


def test_the_beat_card_dates_are_day_month_year():
    tl = line()
    ambush = next(b for b in tl.beats if b.phase == "ambush")
    assert beat_card(tl, ambush).when.startswith("9 Nov 2017, 18:00")


@pytest.mark.parametrize("viewer", [None, "government", "isis"])
def test_a_step_is_told_unless_the_viewer_saw_nothing_happen(viewer):
    tl = line()
    for k in range(1, 120):
        events = tl.events_of(k)
        said = step_text(tl.game, viewer, events)
        visible = [ev for ev in events if Narrator(tl.game, viewer).event_lines(ev)]
        assert bool(said) == bool(visible), (k, [ev.kind for ev in events])
        if any(ev.kind == "move" for ev in visible):
            assert any("mov" in text or "back" in text or "stop" in text for text, _ in said)


def test_a_skipped_turn_is_summed_up_in_one_line_of_what_the_viewer_saw():
    tl = line()
    turn8 = [ev for k in range(tl.turn_start(8), tl.turn_start(9)) for ev in tl.events_of(k)]
    said = Narrator(tl.game, "government").summary(turn8)
    assert said.startswith("Turn 8 (9 November 2017, 18:00): “The ambush” begins;")
    assert "fights" in said and "steps lost" in said and not leaks(said, internal_ids(tl.session))
    assert Narrator(tl.game, "government").summary([]) == ""
