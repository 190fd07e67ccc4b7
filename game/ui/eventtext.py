"""Events as short, neutral lines for the message log and the between-turns summary.

Only events ``visible_to`` the reader are ever passed in. Enemy units are named as the reader's
observation names them; otherwise by faction and type, never by what the reader could not know.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.events import Event
from game.engine.fog import Observation

QUIET = {"game_start", "trigger", "control", "side_turn_end", "turn_end"}


@dataclass(frozen=True)
class Line:
    text: str
    tone: str = "info"  # info, own, enemy, good, bad, warn, title
    cell: tuple[int, int] | None = None


def cell_text(c: list[int] | tuple[int, int] | None) -> str:
    return f"{c[0]},{c[1]}" if c else "?"


class Describer:
    """Turns events into lines for one reading side, naming units as that side may name them."""

    def __init__(self, obs: Observation) -> None:
        self.obs = obs
        self.game = obs.game
        self.sc = obs.game.scenario
        self.side = obs.side
        self.specs = {u.id: u for u in self.sc.units}

    def unit(self, uid: str | None) -> str:
        if uid is None:
            return "a unit"
        spec = self.specs.get(uid)
        view = self.obs.units.get(uid)
        if spec is None:
            return uid
        if spec and self.sc.factions[spec.faction].side == self.side:
            return spec.name
        if view is not None:
            return view.name
        f = self.sc.factions[spec.faction].name
        t = self.sc.unit_types[spec.type].name
        return f"{t} ({f})" if f not in t else t

    def side_name(self, sid: str | None) -> str:
        return self.sc.sides[sid].name if sid in self.sc.sides else (sid or "?")

    def node(self, nid: str | None) -> str:
        n = self.sc.tunnels.nodes.get(nid or "")
        return n.name or n.id if n else (nid or "?")

    def zone(self, zid: str | None) -> str:
        z = self.sc.zones.get(zid or "")
        return z.name if z else (zid or "?")

    def own(self, sid: str | None) -> bool:
        return sid is not None and sid == self.side

    def line(self, ev: Event) -> Line | None:
        k, g = ev.kind, ev.get
        if k in QUIET:
            return None
        if k == "turn_start":
            when = "night" if g("night") else "day"
            return Line(f"Turn {ev.turn}: {ev.date} {ev.time} ({when})", "title")
        if k == "side_turn_start":
            return Line(f"{self.side_name(g('side'))} to move", "info")
        if k == "phase":
            return Line(f"Phase: {g('name')}", "title")
        if k == "narration":
            return Line(f"{g('title')}", "title")
        if k == "move":
            who = self.unit(g("unit"))
            to = g("to")
            if g("retreat"):
                return Line(f"{who} fell back to {cell_text(to)}", "own" if self.own(g("side")) else "enemy", tuple(to))
            if self.own(g("side")):
                stop = " — stopped: contact with an enemy unit" if g("stopped") else ""
                return Line(f"{who} moved to {cell_text(to)}{stop}", "warn" if stop else "own", tuple(to))
            return Line(f"{who} seen moving to {cell_text(to)}", "enemy", tuple(to))
        if k == "combat":
            return self._combat(ev)
        if k == "sighted":
            return Line(f"Sighted: {self.unit(g('unit'))} at {cell_text(g('cell'))}", "warn", tuple(g("cell")))
        if k == "tunnel_found":
            return Line(f"Tunnel entrance found: {self.node(g('node'))} at {cell_text(g('cell'))} ({g('how')})",
                        "warn", tuple(g("cell")))
        if k == "tunnel_demolished":
            return Line(f"Tunnel entrance collapsed: {self.node(g('node'))} ({self.unit(g('unit'))})", "info",
                        tuple(g("cell")))
        if k == "search":
            found = g("found") or []
            what = f"found {len(found)} tunnel entrance(s)" if found else "nothing found"
            return Line(f"{self.unit(g('unit'))} searched the area: {what}", "own", tuple(g("cell")))
        if k == "dive":
            verb = "went underground" if self.own(g("side")) else "seen going underground"
            return Line(f"{self.unit(g('unit'))} {verb} at {self.node(g('node'))}", "own" if self.own(g("side")) else "warn",
                        tuple(g("cell")))
        if k == "emerge":
            verb = "came out" if self.own(g("side")) else "seen coming out of a tunnel"
            return Line(f"{self.unit(g('unit'))} {verb} at {self.node(g('node'))}", "own" if self.own(g("side")) else "warn",
                        tuple(g("cell")))
        if k == "emerge_blocked":
            return Line(f"{self.unit(g('unit'))} could not come out: an enemy unit holds the exit", "warn",
                        tuple(g("cell")))
        if k == "tunnel_move":
            route = g("route") or []
            return Line(f"{self.unit(g('unit'))} moved underground to {self.node(route[-1] if route else None)}", "own")
        if k == "posture":
            p = "alert" if g("posture") == "alert" else "stood down"
            why = "" if g("reason") == "order" else f" ({g('reason')})"
            return Line(f"{self.unit(g('unit'))} is now {p}{why}", "own" if self.own(g("side")) else "enemy")
        if k == "unit_broke":
            return Line(f"{self.unit(g('unit'))} broke and falls back", "bad" if self.own(g("side")) else "good",
                        tuple(g("cell")))
        if k == "unit_rallied":
            return Line(f"{self.unit(g('unit'))} rallied", "good" if self.own(g("side")) else "enemy")
        if k == "unit_destroyed":
            how = "was spent in a suicide attack" if g("reason") == "suicide attack" else "was destroyed"
            return Line(f"{self.unit(g('unit'))} {how}", "bad" if self.own(g("side")) else "good", tuple(g("cell")))
        if k == "arrived":
            where = self.zone(g("zone")) if g("zone") else f"underground at {self.node(g('node'))}"
            return Line(f"{self.unit(g('unit'))} arrived ({where})", "own" if self.own(g("side")) else "enemy",
                        tuple(g("cell")) if g("cell") else None)
        if k == "withdrawn":
            return Line(f"{self.unit(g('unit'))} left for other fronts ({g('points'):+.1f} points)", "info")
        if k == "victory_declared":
            return Line(f"{self.side_name(g('side'))} declared victory, holding {g('control'):.0%} of "
                        f"{self.zone(g('zone'))} ({g('points'):+g} points)", "title")
        if k == "declaration_undone":
            return Line(f"{self.side_name(g('side'))} lost {self.zone(g('zone'))} after declaring victory "
                        f"({g('points'):+g} points)", "bad" if self.own(g("side")) else "good")
        if k == "objective_reached":
            return Line(f"{self.side_name(g('side'))} first to hold {self.zone(g('zone'))} ({g('points'):+g} points)",
                        "good" if self.own(g("side")) else "warn")
        if k == "points":
            return Line(f"{self.side_name(g('side'))}: {g('points'):+g} points ({g('reason')})", "info")
        if k == "game_over":
            w = g("winner")
            return Line("Game over: " + (f"{self.side_name(w)} leads on points" if w else "no side leads on points"),
                        "title")
        return Line(f"{k.replace('_', ' ')}", "info")

    def _combat(self, ev: Event) -> Line:
        g = ev.get
        att, dfn = self.unit(g("attacker")), self.unit(g("defender"))
        flags = [f for f, on in (("surprise", g("surprise")), ("ambush", g("ambush")),
                                 ("suicide attack", g("suicide")), ("stopped before it struck", g("intercepted")))
                 if on]
        extra = f" [{', '.join(flags)}]" if flags else ""
        al, dl = g("attacker_losses", 0), g("defender_losses", 0)
        where = cell_text(g("cell"))
        if self.own(g("side")):
            return Line(f"{att} attacked {dfn} at {where}: enemy lost {dl}, we lost {al}{extra}",
                        "good" if dl > al else "warn", tuple(g("cell")))
        if self.own(g("defender_side")):
            return Line(f"{att} attacked our {dfn} at {where}: we lost {dl}, they lost {al}{extra}",
                        "bad" if dl > al else "warn", tuple(g("cell")))
        return Line(f"Fighting seen at {where}: {att} attacked {dfn} (losses {al} and {dl}){extra}", "info",
                    tuple(g("cell")))


SUMMARY_KINDS = ("combat", "unit_destroyed", "unit_broke", "sighted", "tunnel_found", "emerge", "dive", "arrived",
                 "victory_declared", "declaration_undone", "objective_reached", "phase", "narration", "move",
                 "emerge_blocked", "withdrawn", "tunnel_demolished", "game_over")


def summary(obs: Observation, events: list[Event], limit: int = 14) -> list[Line]:
    """What happened during the other sides' turns that this side saw, most important first."""
    d = Describer(obs)
    others = [e for e in events if e.get("side") != obs.side or e.kind in ("combat", "unit_destroyed", "unit_broke")]
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
