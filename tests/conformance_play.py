"""Driving the conformance games: illegal probes, the players (random and AI), and the tiny positions.

Random play picks uniformly among ``game.legal_actions`` but ends the turn one time in eight, so
a bounded game reaches nights, arrivals and later phases instead of shuffling one unit about.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from conformance import Checker, Run, snapshot
from tiny import tiny_game

from game.ai.registry import make_policy
from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.game import Game
from game.engine.state import POSTURES, State
from game.scenario.validate import load_scenario

FAKE = "zz_no_such_id"
SCENARIOS = sorted(p.stem for p in (Path(__file__).parent.parent / "scenarios").glob("*.yaml"))
END_TURN_CHANCE = 1 / 8

# Tiny positions: open ground with cover and a river, and a walled town with tunnels and a declaration.
FIELD = """
    ......+.....
    ..+...+..~..
    ......+..=..
    ..++.....~..
    .........~..
"""
TOWN = """
    ...........
    .###.#.###.
    .#.......#.
    .#.#+++#.#.
    .#.......#.
    .###.#.###.
    ...........
"""
CALENDAR = {"start": "2017-11-06T06:00", "turn_hours": 12, "turns": 12}  # days and nights
TINY = {
    "tiny_field": dict(rows=FIELD, calendar=CALENDAR, units=["bi1 inf blue 0,0", "bi2 inf blue 0,4", "bg1 gun blue 1,2", "be1 eng blue 0,2",
                                          "ri1 inf red 11,0", "ri2 inf red 11,4", "ri3 inf red 7,2"]),
    "tiny_town": dict(rows=TOWN, calendar=CALENDAR, units=["bi1 inf blue 0,0", "bi2 inf blue 0,6", "be1 eng blue 0,3", "bi3 inf blue 1,0",
                                        "rc1 cell red tunnel:n1", "rc2 cell red 5,3", "rv1 sva red tunnel:n3",
                                        "ri1 inf red 10,6", "ri2 inf red arrives:3@east"],
                      tunnels={"nodes": {"n1": {"at": [2, 2]}, "n2": {"at": [8, 2]}, "n3": {"at": [5, 4]},
                                         "n4": {"at": [10, 0]}},
                               "links": [["n1", "n3"], ["n3", "n2"], ["n2", "n4"]], "known_to": {"red": "all"}},
                      declarations={"blue": {"zone": "all", "min_control": 0.3, "points": 5, "lost_below": 0.2,
                                             "penalty": 4, "withdraw_zone": "left", "withdraw_points": 1}},
                      zones={"all": {"name": "Everywhere", "rects": [[0, 0, 10, 6]]},
                             "left": {"name": "Left edge", "rects": [[0, 0, 0, 6]]},
                             "east": {"name": "East edge", "rects": [[10, 0, 10, 6]]}}),
}


@functools.cache
def load(name: str) -> Game:
    """A bundled scenario or a tiny test position, built once per test session."""
    if name in TINY:
        spec = dict(TINY[name])
        return tiny_game(spec.pop("rows"), spec.pop("units"), **spec)
    return Game(load_scenario(name))


def illegal_probes(game: Game, state: State, side: str, hidden: set[str], unknown_nodes: set[str],
                   rng: np.random.Generator, n: int) -> Iterator[tuple[A.Action | str, tuple[str, A.Action] | None]]:
    """Actions the side may not take now, each with a twin naming an id that does not exist (or None).

    The twin must be refused with the same words: then the refusal tells nothing about the hidden id.
    """
    own = sorted(u.id for u in state.units.values() if u.side == side and u.on_map)
    shown = sorted(u.id for u in state.units.values() if u.side != side and u.id not in hidden)

    def pick(xs: list[str]) -> str:
        return xs[int(rng.integers(len(xs)))]

    probes: list[tuple[A.Action | str, tuple[str, A.Action] | None]] = [
        ("fly away", None), ("move", None), (f"move {FAKE} one 2", None), ("posture x asleep", None),
    ]
    if own:
        u = state.units[pick(own)]
        probes += [(A.Move(u.id, -1, u.y), None), (A.Move(u.id, game.width, 0), None), (A.Move(u.id, u.x, u.y), None),
                   (A.Move(u.id, int(rng.integers(game.width)), int(rng.integers(game.height))), None),
                   (A.Posture(u.id, u.posture), None), (A.Posture(u.id, "asleep"), None),
                   (A.Search(u.id), None), (A.Dive(u.id), None), (A.Emerge(u.id), None), (A.Withdraw(u.id), None),
                   (A.Attack(u.id, pick(own)), None), (A.Declare(), None)]
        if hidden:
            h = pick(sorted(hidden))
            probes += [(A.Attack(u.id, h), (h, A.Attack(u.id, FAKE))), (A.Move(h, u.x, u.y), (h, A.Move(FAKE, u.x, u.y))),
                       (A.Posture(h, POSTURES[0]), (h, A.Posture(FAKE, POSTURES[0])))]
        if unknown_nodes:
            node = pick(sorted(unknown_nodes))
            probes += [(A.Demolish(u.id, node), (node, A.Demolish(u.id, FAKE))),
                       (A.Tunnel(u.id, node), (node, A.Tunnel(u.id, FAKE)))]
    if shown:
        probes.append((A.Move(pick(shown), 0, 0), None))
    order = rng.permutation(len(probes))[:n]
    for i in order:
        yield probes[int(i)]


def random_choice(legal: list[A.Action], rng: np.random.Generator) -> A.Action:
    if rng.random() < END_TURN_CHANCE:
        return A.EndTurn()
    return legal[int(rng.integers(len(legal)))]


def play(name: str, seed: int, player: str, steps: int, skip: int = 0) -> Run:
    """One game: ``skip`` actions played unchecked (to reach later turns cheaply), then up to ``steps`` checked.

    ``player`` is 'random' (uniform over the legal actions) or a policy name from the AI registry.
    """
    game = load(name)
    checker = Checker(game, f"{name} seed {seed} {player} from action {skip}", seed)
    state, events = game.start(seed)
    eyes, seen = snapshot(checker, state)
    checker.events(state, events, eyes, eyes, seen, seen)
    rng = np.random.default_rng([seed, 11])
    fast = "random" if player == "random" else player
    policies = {s: make_policy(fast, s, seed) for s in game.sides}
    for _ in range(skip):
        if state.over:
            break
        side = game.current_side(state)
        checker.track(game.apply(state, policies[side].choose(game.observe(state, side))))
    checker.resume(state)
    for _ in range(steps):
        if state.over:
            break
        legal = checker.before(state)
        side = game.current_side(state)
        if player == "random":
            action = random_choice(legal, rng)
        else:
            action = policies[side].choose(game.observe(state, side))
        eyes, seen = snapshot(checker, state)
        try:
            events = game.apply(state, action)
        except EngineError as e:
            checker.fail("policy", f"{player} chose '{action}', refused: {e}")
            events = game.apply(state, A.EndTurn())
            action = A.EndTurn()
        checker.after(state, action, events, eyes, seen)
    return checker.run
