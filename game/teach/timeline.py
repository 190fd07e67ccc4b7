"""The historical line as a sequence of positions a teacher can step through.

Position 0 is the start; position k is the game after its first k actions. Any position is
rebuilt exactly from the nearest per-turn snapshot plus a few actions (the engine is
deterministic), so stepping back is as quick as stepping forward.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from game.ai.base import play_side_turn
from game.ai.registry import make_policy
from game.engine.events import Event
from game.engine.observation import Observation
from game.engine.state import State
from game.session import Session


@dataclass(frozen=True)
class Beat:
    """A phase change: where it happened in the line and when in the calendar."""

    position: int
    phase: str
    name: str
    turn: int
    date: str
    time: str
    event_index: int


class Timeline:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.game = session.game
        self._cache: tuple[int, State] | None = None
        self.beats = [Beat(self.position_of_event(i), ev.get("phase"), ev.get("name"), ev.turn, ev.date, ev.time, i)
                      for i, ev in enumerate(session.events) if ev.kind == "phase"]
        self.stops = self._stops()

    def _stops(self) -> dict[int, str]:
        """Where playing also pauses besides the beats: a card the scenario shows because who holds the
        ground changed (the city held again), not because a date came. Position -> the card's title."""
        out: dict[int, str] = {}
        on = None
        for i, ev in enumerate(self.session.events):
            if ev.kind == "trigger":
                on = ev.get("on")
            elif ev.kind == "narration" and on == "control":
                out.setdefault(self.position_of_event(i), str(ev.get("title") or ""))
        return out

    @classmethod
    def play(cls, scenario: str = "abu_kamal_2017", seed: int = 1, policies: dict[str, str] | None = None) -> Timeline:
        """Play a whole game with the given policies (historical by default) and keep every step."""
        session = Session.new(scenario, seed, meta={"mode": "teach"})
        chosen = {s: (policies or {}).get(s, "historical") for s in session.game.sides}
        session.meta["policies"] = chosen
        players = {s: make_policy(n, s, seed) for s, n in chosen.items()}
        while not session.state.over:
            side = session.game.current_side(session.state)
            assert side is not None
            play_side_turn(session.game, session.state, players[side], apply=session.play)
        return cls(session)

    # --- positions --------------------------------------------------------------------------
    @property
    def end(self) -> int:
        return len(self.session.actions)

    def clamp(self, k: int) -> int:
        return max(0, min(self.end, k))

    def position_of_event(self, i: int) -> int:
        """The first position at which event ``i`` has happened (0: during the set-up)."""
        if i < self.session.opening:
            return 0
        return bisect.bisect_right(self.session.marks, i) + 1

    def events_before(self, k: int) -> int:
        """How many events have happened at position k."""
        k = self.clamp(k)
        return self.session.marks[k - 1] if k else self.session.opening

    def events_of(self, k: int) -> list[Event]:
        """The events caused by the k-th action (k >= 1); position 0 gives the set-up's events."""
        k = self.clamp(k)
        lo = self.session.marks[k - 2] if k >= 2 else self.session.opening
        hi = self.session.marks[k - 1] if k >= 1 else self.session.opening
        return self.session.events[0 if k == 0 else lo:hi]

    def turn_at(self, k: int) -> int:
        return self.state_at(k).turn

    def state_at(self, k: int) -> State:
        """The game at position k (a copy the caller may keep)."""
        k = self.clamp(k)
        if self._cache and self._cache[0] == k:
            return self._cache[1].copy()
        base_n, base = 0, None
        for n, _, st in self.session.snapshots.values():
            if n <= k and (base is None or n > base_n):
                base_n, base = n, st
        if self._cache and base_n <= self._cache[0] <= k:
            base_n, base = self._cache
        state = base.copy() if base is not None else self.game.new_initial_state(self.session.seed)
        for text in self.session.actions[base_n:k]:
            self.game.apply(state, text)
        self._cache = (k, state.copy())
        return state

    def observe_at(self, k: int, side: str | None) -> Observation:
        return self.game.observe(self.state_at(k), side)

    # --- navigation -------------------------------------------------------------------------
    def next_turn(self, k: int) -> int:
        t = self.turn_at(k)
        starts = sorted(n for turn, (n, _, _) in self.session.snapshots.items() if turn > t)
        return starts[0] if starts else self.end

    def prev_turn(self, k: int) -> int:
        t = self.turn_at(k)
        here = self.session.snapshots.get(t, (0, 0, None))[0]
        if here < k:
            return here
        earlier = self.session.snapshots.get(t - 1)
        return earlier[0] if earlier else 0

    def turn_start(self, turn: int) -> int:
        snap = self.session.snapshots.get(turn)
        return snap[0] if snap else (0 if turn <= 1 else self.end)

    def next_beat(self, k: int) -> int:
        later = [b.position for b in self.beats if b.position > k]
        return later[0] if later else self.end

    def prev_beat(self, k: int) -> int:
        earlier = [b.position for b in self.beats if b.position < k]
        return earlier[-1] if earlier else 0

    def beat_at(self, k: int) -> Beat | None:
        """The beat that happened exactly at position k, if any."""
        for b in self.beats:
            if b.position == k:
                return b
        return None

    # --- what-ifs ---------------------------------------------------------------------------
    def branch(self, k: int) -> Session:
        """A new game that shares the first k actions with this line, ready to be played on."""
        s = self.session.branch(self.clamp(k))
        s.meta = {**s.meta, "mode": "branch", "branch_of": {"seed": self.session.seed, "at_action": self.clamp(k),
                                                             "turn": s.state.turn}}
        return s
