"""The playthrough record: per action, what was done, how many actions were legal, and what each side saw.

A rule change shows up as the first step whose line differs: the action is on that line, so the
diff says which action's consequences changed, and for whom. Each side's observation is rendered
as a set of short tokens; a line holds only the tokens that appeared (+) or went (-) since the
step before, so the file stays small. The first line holds every side's full view.

Tokens: ``u:ID@X,Y:S/M/F:P`` own unit (strength, morale, fatigue, posture; ``b`` broken,
``t`` in a tunnel), ``e:ID@X,Y:S`` a seen enemy, ``g:ID@X,Y`` a ghost (last seen there),
``n:NODE`` a known entrance (``n:NODE:x`` collapsed), ``c:ZONE=SHARE`` the side's control of a
zone as it sees it, ``p:SIDE=POINTS``, ``phase:ID``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from game.ai.base import play_side_turn
from game.ai.registry import make_policy
from game.engine import actions as A
from game.engine.events import Event
from game.engine.game import Game
from game.engine.observation import Observation
from game.engine.state import STOOD_DOWN
from game.engine.tally import zone_share
from game.session import Session


def render(game: Game, obs: Observation) -> set[str]:
    """One side's observation as tokens (see the module's docstring); stable across runs."""
    out = {f"phase:{obs.phase}"}
    for u in obs.units.values():
        if u.side == obs.side:
            flags = ("b" if u.broken else "") + ("t" if u.underground else "")
            posture = "sd" if u.posture == STOOD_DOWN else "al"
            out.add(f"u:{u.id}@{u.x},{u.y}:{u.strength}/{u.morale}/{u.fatigue}:{posture}{flags}")
        else:
            out.add(f"e:{u.id}@{u.x},{u.y}:{u.strength}")
    out |= {f"g:{uid}@{g.x},{g.y}" for uid, g in obs.last_seen.items()}
    out |= {f"n:{n}" + (":x" if n in obs.collapsed else "") for n in obs.known_nodes}
    if obs.side is not None:
        out |= {f"c:{z}={zone_share(game, obs.control, z, obs.side):.2f}" for z in game.scenario.zones}
    out |= {f"p:{s}={p:g}" for s, p in obs.points.items()}
    return out


def diff(before: set[str], after: set[str]) -> str:
    """Tokens gone (-) and come (+), sorted, in one short string."""
    return " ".join([f"-{t}" for t in sorted(before - after)] + [f"+{t}" for t in sorted(after - before)])


def event_kinds(events: Iterable[Event]) -> str:
    counts = Counter(e.kind for e in events)
    return " ".join(k if n == 1 else f"{k}x{n}" for k, n in sorted(counts.items()))


def record(scenario: str, seed: int, policy: str = "historical") -> list[str]:
    """Play the scenario as ``demo`` does (every side by ``policy``) and return the playthrough's lines."""
    session = Session.new(scenario, seed)
    game, state = session.game, session.state
    players = {s: make_policy(policy, s, seed) for s in game.sides}
    views = {s: render(game, game.observe(state, s)) for s in game.sides}
    lines = [json.dumps({"step": 0, "turn": state.turn, "events": event_kinds(session.events),
                         "seen": {s: " ".join(sorted(v)) for s, v in views.items()}}, sort_keys=True)]

    def step(action: A.Action) -> list[Event]:
        side = game.current_side(state)
        legal = len(game.legal_actions(state))
        turn = state.turn
        events = session.play(action)
        now = {s: render(game, game.observe(state, s)) for s in game.sides}
        seen = {s: d for s in game.sides if (d := diff(views[s], now[s]))}
        views.update(now)
        lines.append(json.dumps({"step": len(lines), "turn": turn, "side": side, "legal": legal,
                                 "action": action.text(), "events": event_kinds(events), "seen": seen},
                                sort_keys=True))
        return events

    while not state.over:
        play_side_turn(game, state, players[game.current_side(state)], apply=step)
    lines.append(json.dumps({"end": state.outcome, "state_hash": state.hash()}, sort_keys=True))
    return lines


def first_difference(now: list[str], kept: list[str]) -> str | None:
    """Where two records part, in words: the step, its action, and the tokens that differ per side."""
    for i, (a, b) in enumerate(zip(now, kept, strict=False)):
        if a == b:
            continue
        x, y = json.loads(a), json.loads(b)
        parts = []
        for key in sorted(x.keys() | y.keys()):
            if x.get(key) == y.get(key):
                continue
            if key == "seen":
                for side in sorted(x[key].keys() | y[key].keys()):
                    mine, theirs = set(x[key].get(side, "").split()), set(y[key].get(side, "").split())
                    if mine != theirs:
                        parts.append(f"{side} now {' '.join(sorted(mine - theirs)) or '-'}; "
                                     f"kept {' '.join(sorted(theirs - mine)) or '-'}")
            else:
                parts.append(f"{key} now {x.get(key)!r}; kept {y.get(key)!r}")
        return (f"step {i} ({y.get('action', 'set-up')!r} by {y.get('side', '-')}, turn {y.get('turn')}) "
                "differs: " + " | ".join(parts)[:1500])
    if len(now) != len(kept):
        return f"the game now has {len(now)} lines, the kept record {len(kept)}"
    return None
