"""The engine's guarantees, checked at every step of seeded random and AI games on every scenario.

The default run is small (it must stay fast on a shared machine); a long run plays more games:

    ABU_KAMAL_CONFORMANCE_GAMES=200 pytest tests/test_conformance.py -q -s

Each game is checked step by step (see ``conformance.Checker``); every test below reads the
findings of the one run for its own guarantee. A break that matches a known engine bug is tagged
with it; ``test_nothing_breaks_beyond_the_known_engine_bugs`` fails on any other.
"""

from __future__ import annotations

import functools
import os

from conformance import Run
from conformance_play import SCENARIOS, TINY, play

ENV = "ABU_KAMAL_CONFORMANCE_GAMES"


def default_games() -> list[tuple[str, int, str, int, int]]:
    """(scenario, seed, player, checked steps, unchecked steps first) for the quick run."""
    games = []
    for name in TINY:
        games += [(name, 1, "random", 40, 0), (name, 2, "random", 30, 30), (name, 1, "ai1", 30, 0),
                  (name, 2, "ai0", 30, 20)]
    for i, name in enumerate(SCENARIOS):  # a historical game is some 450 actions: windows spread over it
        games += [(name, 1 + i, "random", 8, 30 * i), (name, 1 + i, "historical", 8, 60 + 90 * i)]
    return games


def long_games(n: int) -> list[tuple[str, int, str, int, int]]:
    """``n`` games spread over every scenario and player, each checked for 40 actions from a seeded point."""
    names = list(TINY) + SCENARIOS
    players = ["random", "historical", "ai0", "ai1", "vigilant"]
    games = []
    for k in range(n):
        name, player = names[k % len(names)], players[(k // len(names)) % len(players)]
        if name in TINY and player in ("historical", "vigilant"):
            player = "ai2" if k % 2 else "random"
        games.append((name, 100 + k, player, 40, (k * 97) % (40 if name in TINY else 400)))
    return games


@functools.cache
def the_run() -> Run:
    n = int(os.environ.get(ENV, "0") or 0)
    run = Run()
    for name, seed, player, steps, skip in long_games(n) if n else default_games():
        run.add(play(name, seed, player, steps, skip))
    print(f"\nconformance: {run.summary()}")
    return run


def no_findings(check: str, tag: str = "") -> None:
    found = the_run().of(check, tag)
    assert not found, "\n".join(f"{f.where}: {f.what}" for f in found[:10])


def test_the_run_covers_every_bundled_scenario_and_the_tiny_positions_with_random_and_ai_play():
    run = the_run()
    assert run.games >= 2 * len(SCENARIOS) + 2 * len(TINY)
    assert run.steps > 100 and run.legal_checked > run.steps and run.illegal_tried > run.steps
    assert {name for name, *_ in default_games()} == set(SCENARIOS) | set(TINY)


def test_a_state_read_back_from_its_saved_form_has_the_same_hash():
    no_findings("serialise")


def test_a_copy_is_independent_of_the_state_it_was_copied_from():
    no_findings("copy")


def test_every_listed_legal_action_is_accepted():
    no_findings("legal")


def test_every_listed_action_reads_back_from_its_text():
    no_findings("text")


def test_an_illegal_action_is_refused_in_words_that_name_nothing_hidden():
    no_findings("refusal")


def test_strength_terrain_and_stacking_invariants_hold_after_every_action():
    no_findings("invariants")


def test_no_side_observes_an_enemy_the_rules_hide_from_it():
    no_findings("observation")


def test_a_side_remembers_an_enemy_only_where_it_could_see_it():
    no_findings("ghosts")


def test_a_side_knows_exactly_the_tunnel_entrances_it_was_told_it_found():
    no_findings("tunnels")


def test_the_ai_policies_choose_only_legal_actions():
    no_findings("policy")


def test_no_event_shown_to_a_side_names_or_places_a_unit_it_cannot_see():
    found = [f for f in the_run().findings if f.check == "events"]
    assert not found, "\n".join(f"{f.where}: {f.what}" for f in found[:10])


def test_nothing_breaks_beyond_the_known_engine_bugs():
    new = [f for f in the_run().findings if not f.tag]
    assert not new, "\n".join(f"{f.check} at {f.where}: {f.what}" for f in new[:10])
