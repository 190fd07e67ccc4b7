"""Events as lines for the message log and the between-turns summary: the narrator's words, laid out.

The words (names as the reader may know them, places instead of coordinates) come from
``game.narrate``; this module adds what a log line needs besides words: a tone for its colour and
the cell the map can centre on, and it picks what goes into the summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.engine.events import Event
from game.engine.observation import Observation
from game.narrate import Narrator

QUIET = {"game_start", "trigger", "control", "side_turn_end", "turn_end"}


@dataclass(frozen=True)
class Line:
    """One line of the message log: its text, a tone for its colour, the cell the map may centre on."""
    text: str
    tone: str = "info"  # info, own, enemy, good, bad, warn, title
    cell: tuple[int, int] | None = None


def _cell(c: Any) -> tuple[int, int] | None:
    """Where the map should look for this line (never shown as text)."""
    return (int(c[0]), int(c[1])) if c and len(c) == 2 else None


class Describer:
    """The game's log for one reading side: the narrator's words with a tone and a cell to look at.

    A thin layer over ``game.narrate.Narrator`` kept for the screens that still call it.
    """

    def __init__(self, obs: Observation) -> None:
        self.obs = obs
        self.game = obs.game
        self.side = obs.side
        self.narrator = Narrator(obs.game, obs.side, obs, we=True)

    def unit(self, uid: str | None) -> str:
        """A unit as this side may name it."""
        return self.narrator.unit(uid)

    def side_name(self, sid: str | None) -> str:
        """A side's name."""
        return self.narrator.side(sid)

    def node(self, nid: str | None) -> str:
        """A tunnel entrance's name."""
        return self.narrator.node(nid)

    def zone(self, zid: str | None) -> str:
        """A zone's name."""
        return self.narrator.zone(zid)

    def own(self, sid: str | None) -> bool:
        """Whether a side is the reader's own."""
        return sid is not None and sid == self.side

    def line(self, ev: Event) -> Line | None:
        """One event as a log line, or None when the reader does not get one."""
        if ev.kind in QUIET:
            return None
        said = self.narrator.event_lines(ev)
        if not said:
            return None
        if ev.kind == "game_over":  # one line for the log: why it ended and who leads
            said = [" ".join(t for t in said if t.startswith(("Game over", "Most points")))]
        text = said[0]
        return Line(text, self._tone(ev), _cell(ev.get("cell") or ev.get("to")))

    def _tone(self, ev: Event) -> str:
        k, own = ev.kind, self.own(ev.get("side"))
        if k in ("turn_start", "phase", "narration", "victory_declared", "game_over"):
            return "title"
        if k == "combat":
            al, dl = ev.get("attacker_losses", 0), ev.get("defender_losses", 0)
            if own:
                return "good" if dl > al else "warn"
            if self.own(ev.get("defender_side")):
                return "bad" if dl > al else "warn"
            return "info"
        if k == "under_fire":
            return "bad"
        if k == "exit_fire":  # our guards at an exit fired, or our fighters were fired on coming out
            return "bad" if self.own(ev.get("target_side")) else "good" if own else "info"
        if k in ("unit_broke", "unit_destroyed"):
            return "bad" if own else "good"
        if k in ("sighted", "tunnel_found", "emerge_blocked"):
            return "warn"
        if k == "move" and own and ev.get("stopped"):
            return "warn"
        if k in ("dive", "emerge"):
            return "own" if own else "warn"
        if k == "unit_rallied":
            return "good" if own else "enemy"
        if k == "declaration_undone":
            return "bad" if own else "good"
        if k == "objective_reached":
            return "good" if own else "warn"
        if k in ("move", "posture", "arrived", "search"):
            return "own" if own else "enemy"
        return "info"


SUMMARY_KINDS = ("combat", "exit_fire", "unit_destroyed", "unit_broke", "sighted", "tunnel_found", "emerge", "dive", "arrived",
                 "victory_declared", "declaration_undone", "objective_reached", "phase", "narration", "move",
                 "emerge_blocked", "withdrawn", "tunnel_demolished", "game_over")


def summary(obs: Observation, events: list[Event], limit: int = 14) -> list[Line]:
    """What happened during the other sides' turns that this side saw, most important first."""
    d = Describer(obs)
    others = [e for e in events if e.get("side") != obs.side or e.kind in ("combat", "exit_fire", "unit_destroyed", "unit_broke")]
    rank = {k: i for i, k in enumerate(SUMMARY_KINDS)}
    picked = sorted((e for e in others if e.kind in rank), key=lambda e: rank[e.kind])
    lines: list[Line] = []
    moves = 0
    for e in picked:
        if e.kind == "move" and e.get("side") != obs.side:
            moves += 1
            if moves > 4:
                continue
        ln = d.line(e)
        if ln is not None:
            lines.append(ln)
    hidden = moves - 4
    out = lines[:limit]
    if hidden > 0:
        out.append(Line(f"… and {hidden} more enemy movements seen", "info"))
    elif len(lines) > limit:
        out.append(Line(f"… and {len(lines) - limit} more (see the message log)", "info"))
    return out
