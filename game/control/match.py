"""A game in progress as a front end holds it: the session, who plays each side, the undo points
of the human side's turn, what each side has already been shown, its message log, and whether
anything was played since the last save.

No pygame here: screens read this model and tests drive it directly. Everything a side is shown
comes from ``game.observe(state, side)`` and events that ``visible_to`` that side. The session is
changed only through its own methods (``play``, ``truncate``), so its state, action log, events
and marks always describe one game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.ai.base import MAX_ACTIONS_PER_TURN, Policy
from game.control.log import MessageLog
from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.events import Event
from game.engine.observation import Observation
from game.engine.options import UnitOptions
from game.engine.state import State
from game.narrate import Narrator
from game.session import Session

# What reveals something the player did not know: such an action cannot be taken back.
REVEALING = {
    "sighted": "it revealed an enemy unit",
    "tunnel_found": "it revealed a tunnel entrance",
    "combat": "it led to combat",
    "search": "the ground has been searched",
    "emerge_blocked": "it revealed an enemy at the tunnel exit",
    "unit_destroyed": "a unit was lost",
}


LOG_META = "log"  # the save's meta key holding each side's message log

PREFERRED_AI = ("ai", "historical", "vigilant", "random")


def default_policy(names: list[str]) -> str:
    """The computer player offered first: the strongest one that is installed."""
    return next((p for p in PREFERRED_AI if p in names), names[0] if names else "random")


@dataclass(frozen=True)
class Setup:
    """Who plays what: stored in the save's meta so a loaded game resumes the same way."""

    scenario: str = "abu_kamal_2017"
    seed: int = 1
    humans: tuple[str, ...] = ("government",)
    policies: tuple[tuple[str, str], ...] = ()  # (side, policy name) for AI sides
    level: int = 2

    def policy_for(self, side: str) -> str:
        """The computer player named for ``side`` (random when none was chosen)."""
        return dict(self.policies).get(side, "random")

    def to_meta(self) -> dict[str, Any]:
        """The part of a save's meta that lets a loaded game resume with the same players."""
        return {"front_end": "desktop", "humans": list(self.humans), "policies": dict(self.policies),
                "level": self.level}

    @classmethod
    def from_session(cls, s: Session) -> Setup:
        """Who plays what in a loaded session; a save from another front end gets the side to move."""
        meta = s.meta or {}
        sides = s.game.sides
        humans = tuple(h for h in meta.get("humans", []) if h in sides)
        if not humans:  # a save from another front end: the side to move is played here
            humans = (s.game.current_side(s.state) or sides[0],)
        raw_pol, raw_level = meta.get("policies"), meta.get("level")
        pol: dict[str, Any] = raw_pol if isinstance(raw_pol, dict) else {}
        level: int = raw_level if isinstance(raw_level, int) else 2
        return cls(scenario=s.scenario_ref, seed=s.seed, humans=humans,
                   policies=tuple((side, str(pol.get(side, "random"))) for side in sides if side not in humans),
                   level=level)


@dataclass
class UndoPoint:
    """Where the game stood before one human action of this turn: undo cuts the session back to it."""

    n_actions: int
    n_events: int
    action: str
    blocked: str | None = None  # why this action cannot be undone


@dataclass
class Match:
    """One game being played: the session plus who plays what and what each side has been shown."""

    session: Session
    setup: Setup
    policies: dict[str, Policy] = field(default_factory=dict)
    viewer: str = ""  # the side whose observation is on screen
    undo_points: list[UndoPoint] = field(default_factory=list)
    shown: dict[str, int] = field(default_factory=dict)  # events already shown to each side (log)
    turn_mark: dict[str, int] = field(default_factory=dict)  # where each side's last turn ended (summary)
    ai_actions: int = 0  # actions the current AI side has played this turn
    version: int = 0  # bumped whenever the position changes
    log: MessageLog = field(default_factory=MessageLog)  # what each side's message log says
    saved_at: int = 0  # actions in the session when it was last saved or loaded by the player
    _obs: dict[str | None, tuple[int, Observation]] = field(default_factory=dict)
    _options_key: tuple[int, str] | None = None
    _options: dict[str, UnitOptions] = field(default_factory=dict)

    # --- construction ----------------------------------------------------------------------
    @classmethod
    def new(cls, setup: Setup) -> Match:
        """A fresh game of ``setup``."""
        session = Session.new(setup.scenario, seed=setup.seed, meta=setup.to_meta())
        return cls.from_session(session, setup)

    @classmethod
    def from_session(cls, session: Session, setup: Setup | None = None) -> Match:
        """A match over an existing session (loaded, or branched): its log comes from the save."""
        from game.ai.registry import make_policy

        setup = setup or Setup.from_session(session)
        sides = session.game.sides
        policies = {side: make_policy(setup.policy_for(side), side, session.seed, setup.level)
                    for side in sides if side not in setup.humans}
        session.meta.update(setup.to_meta())
        current = session.game.current_side(session.state)
        viewer = current if current in setup.humans else setup.humans[0]
        m = cls(session=session, setup=setup, policies=policies, viewer=viewer)
        n = len(session.events)
        loaded = len(session.actions) > 0
        m.saved_at = len(session.actions)
        m.log = MessageLog.from_meta(session.meta.get(LOG_META), sides)
        for side in sides:  # a fresh game shows its opening events; a loaded one starts from now
            m.shown[side] = n if loaded else 0
            m.turn_mark[side] = n
        return m

    # --- queries ---------------------------------------------------------------------------
    @property
    def game(self) -> Any:
        """The rules and scenario being played."""
        return self.session.game

    @property
    def state(self) -> State:
        """The full state (not for showing: screens show ``observe``)."""
        return self.session.state

    @property
    def current(self) -> str | None:
        """The side to move (None once the game is over)."""
        return self.game.current_side(self.state)

    @property
    def over(self) -> bool:
        """Whether the game has ended."""
        return bool(self.state.over)

    @property
    def hotseat(self) -> bool:
        """More than one side is played at this computer: turns are handed over."""
        return len(self.setup.humans) > 1

    def is_human(self, side: str | None) -> bool:
        """Whether a person plays ``side``."""
        return side is not None and side in self.setup.humans

    @property
    def human_turn(self) -> bool:
        """A person is to move."""
        return not self.over and self.is_human(self.current)

    @property
    def ai_turn(self) -> bool:
        """A computer player is to move."""
        return not self.over and self.current is not None and not self.is_human(self.current)

    def observe(self, side: str | None = None) -> Observation:
        """The observation of ``side`` (the viewer by default), cached until the position changes."""
        side = self.viewer if side is None else side
        hit = self._obs.get(side)
        if hit is not None and hit[0] == self.version:
            return hit[1]
        obs = self.game.observe(self.state, side)
        self._obs[side] = (self.version, obs)
        return obs

    def options(self, unit_id: str) -> UnitOptions:
        """What ``unit_id`` may do now, as the viewer's side sees it (the engine's ``unit_options``),
        cached until the position or the viewer changes: buttons, overlays and counters all read it."""
        key = (self.version, self.viewer)
        if self._options_key != key:
            self._options_key, self._options = key, {}
        opts = self._options.get(unit_id)
        if opts is None:
            opts = self._options[unit_id] = self.game.unit_options(self.observe(), unit_id)
        return opts

    # --- playing ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self.version += 1

    def play(self, action: A.Action | str) -> list[Event]:
        """A human action. Raises the engine's IllegalAction/MalformedAction with its message."""
        act = A.parse(action) if isinstance(action, str) else action
        side = self.current
        if not self.is_human(side):
            raise EngineError("it is not a human side's turn")
        point = UndoPoint(len(self.session.actions), len(self.session.events), act.text())
        events = self.session.play(act)
        self._changed()
        if isinstance(act, A.EndTurn):
            self.undo_points.clear()
            self.turn_mark[side] = len(self.session.events)  # type: ignore[index]
            self.ai_actions = 0
        elif not isinstance(act, A.Declare):
            point.blocked = undo_blocker(act, events, side)
            self.undo_points.append(point)
        else:
            self.undo_points.append(point)
            point.blocked = "a declaration of victory cannot be taken back"
        return events

    def can_undo(self) -> tuple[bool, str]:
        """Whether Ctrl+Z would work now, and the message to show either way."""
        if not self.human_turn:
            return False, "Nothing to undo: it is not your turn."
        if not self.undo_points:
            return False, "Nothing to undo this turn."
        last = self.undo_points[-1]
        what = self.action_label(last.action)
        if last.blocked:
            return False, f"Cannot undo the last order ({what}): {last.blocked}."
        return True, f"Undone: {what}."

    def narrator(self, side: str | None = None) -> Narrator:
        """Words for what ``side`` (the viewer by default) is shown: names it knows, places, no ids."""
        side = self.viewer if side is None else side
        return Narrator(self.game, side, self.observe(side))

    def action_label(self, text: str) -> str:
        """An own action in words: "42nd Brigade moves to the grain silos"."""
        return self.narrator().action(text)

    def undo(self) -> str:
        """Take back the last action of this turn if it revealed nothing; the message either way."""
        ok, msg = self.can_undo()
        if not ok:
            return msg
        p = self.undo_points.pop()
        self.session.truncate(p.n_actions)
        for side, n in self.shown.items():
            self.shown[side] = min(n, p.n_events)
        self._changed()
        return msg

    def ai_choose(self) -> A.Action:
        """The current AI side's next action (EndTurn once it has played too many)."""
        side = self.current
        assert side is not None and not self.is_human(side)
        if self.ai_actions >= MAX_ACTIONS_PER_TURN:
            return A.EndTurn()
        return self.policies[side].choose(self.game.observe(self.state, side))

    def ai_apply(self, action: A.Action) -> tuple[list[Event], str | None]:
        """Play an AI action; a refused one ends the AI's turn instead (and says so)."""
        side = self.current
        note = None
        try:
            events = self.session.play(action)
        except EngineError as e:
            words = self.narrator(side)
            note = (f"The computer player of {words.side(side)} chose an order the rules refuse "
                    f"({words.action(action)}: {words.names.words_for_ids(str(e))}); its turn ends.")
            events = self.session.play(A.EndTurn())
            action = A.EndTurn()
        self.ai_actions += 1
        if isinstance(action, A.EndTurn):
            self.ai_actions = 0
            if side is not None:
                self.turn_mark[side] = len(self.session.events)
        self._changed()
        return events, note

    # --- what a side is shown ---------------------------------------------------------------
    def unseen(self, side: str) -> list[Event]:
        """Events visible to ``side`` that it has not been shown yet; marks them shown."""
        start = self.shown.get(side, 0)
        evs = [e for e in self.session.events[start:] if e.visible_to(side)]
        self.shown[side] = len(self.session.events)
        return evs

    def since_own_turn(self, side: str) -> list[Event]:
        """Events visible to ``side`` since it last ended its turn (for the summary)."""
        start = self.turn_mark.get(side, len(self.session.events))
        return [e for e in self.session.events[start:] if e.visible_to(side)]

    @property
    def unsaved(self) -> bool:
        """True when something was played since the player last saved or loaded (autosaves do not
        count: they are a safety net, not the player's save)."""
        return len(self.session.actions) > self.saved_at

    def save(self, path: Path, *, autosave: bool = False) -> Path:
        """Write the game (atomically, through the session) with who plays what and the message log."""
        self.session.meta.update(self.setup.to_meta())
        self.session.meta[LOG_META] = self.log.to_meta()
        out = self.session.save(path)
        if not autosave:
            self.saved_at = len(self.session.actions)
        return out


def undo_blocker(action: A.Action, events: list[Event], side: str | None = None) -> str | None:
    """Why an action's result cannot be taken back, or None if undoing it reveals nothing.

    Only what the acting side saw counts: an enemy spotting the unit is hidden from the player,
    so it must neither block undo nor show through in the message.
    """
    if isinstance(action, A.Attack):
        return "it led to combat"
    for ev in events:
        if side is not None and not ev.visible_to(side):
            continue
        if ev.kind == "move" and ev.get("stopped"):
            return "the move was stopped by contact with an enemy"
        if ev.kind in REVEALING:
            return REVEALING[ev.kind]
    return None
