"""The one narrator: events, actions and triggers in words, for one viewer.

Every front end that puts game events into words goes through here (the terminal account, the
game's message log and turn summary, the educator's beat cards, the report), so a fix to a
sentence is made once and every reader gets it. Sentences are neutral and in the present tense;
names follow the viewer's fog (see ``game.narrate.names``) and places are named, never given as
grid coordinates (see ``game.narrate.places``). Verbs agree with plural names ("Government and
allies find", "ISIS finds"; see ``game.narrate.grammar``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from game.engine import actions as A
from game.engine.events import Event
from game.engine.geometry import chebyshev
from game.narrate import grammar
from game.narrate.grammar import agree, capital
from game.narrate.names import Names
from game.narrate.orders import action_text
from game.narrate.triggers import detail, why
from game.narrate.visitor import EventVisitor
from game.scenario.catalogue import KINDS
from game.scenario.model import Scenario

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.observation import Observation
    from game.scenario.model import Trigger

SILENT = frozenset({"trigger", "counter", "side_turn_end", "turn_end"})  # bookkeeping, nothing to read


def how_found(names: Names, side: str, how: str) -> str:
    """The engine's note on how a tunnel entrance was found, in words without ids."""
    words = how.split()
    pron = "they" if names.side_plural(side) else "it"
    if len(words) >= 3 and words[0] == "saw" and words[-1] in ("underground", "out"):
        who = names.unit(words[1], watched=True)
        return f"{pron} saw {who} {'go underground' if words[-1] == 'underground' else 'come out'}"
    if len(words) == 3 and words[:2] == ["noticed", "by"]:
        return f"{names.unit(words[2])} noticed it"
    if len(words) == 3 and words[:2] == ["search", "by"]:
        return f"found in a search by {names.unit(words[2])}"
    if how.endswith("stood on it") and words:
        return f"{names.unit(words[0])} stood on it"
    if how == "combat nearby":
        return "fighting nearby gave it away"
    return names.words_for_ids(how)


class Narrator(EventVisitor):
    """Turns events into sentences for ``viewer`` (a side id, or ``None`` for god view).

    ``obs``, when given, is the viewer's current observation: enemy units it shows are named. The
    narrator also remembers the enemy units the viewer has been shown a ``sighted`` event for.
    ``we`` speaks to a player about its own side's fights ("attacks our ...: we lose 2 steps");
    accounts, cards and reports leave it off and stay in the third person.
    """

    def __init__(self, game: Game | Scenario, viewer: str | None = None, obs: Observation | None = None,
                 we: bool = False) -> None:
        super().__init__()
        # A report or a test may have only the scenario: the words need nothing else.
        self.sc: Scenario = game if isinstance(game, Scenario) else game.scenario
        self.viewer = viewer
        self.we = we
        self.names = Names(self.sc, viewer, obs)
        self._out: list[str] = []

    # --- the contract's short names --------------------------------------------------------

    def unit(self, uid: str | None) -> str:
        """A unit's name as this viewer may say it."""
        return self.names.unit(uid)

    def side(self, sid: str | None) -> str:
        """A side's name ('Government and allies')."""
        return self.names.side(sid)

    def zone(self, zid: str | None) -> str:
        """A zone as it reads in a sentence ('the southern outskirts')."""
        return self.names.zone(zid)

    def node(self, nid: str | None) -> str:
        """A tunnel entrance as it reads after 'at' ('the northern market')."""
        return self.names.node(nid)

    def place(self, x: int, y: int) -> str:
        """Where a cell is, in words: never its coordinates."""
        return self.names.place(x, y)

    def words(self, text: str) -> str:
        """An engine message (a refused order's reason) with names and places instead of ids and cells."""
        return capital(self.names.words_for_ids(text))

    @staticmethod
    def steps(n: int) -> str:
        """'1 step', '3 steps'."""
        return grammar.steps(n)

    def when(self, turn: int) -> str:
        """The start of a turn as a reader would write it: '9 November 2017, 18:00'."""
        t = self.sc.calendar.turn_start(turn)
        return f"{t.day} {t:%B %Y, %H:%M}"

    # --- events ------------------------------------------------------------------------------

    def event_lines(self, ev: Event) -> list[str]:
        """What the viewer reads for one event: empty when the viewer could not see it."""
        if not self.names.sees(ev):
            return []
        self.names.learn([ev])
        self.visit(ev)
        out, self._out = self._out, []
        return out

    def lines(self, events: Iterable[Event]) -> Iterator[str]:
        """The lines for a run of events (one action's or one turn's), in order.

        Sightings in the run are learnt first: the engine reports a unit coming out of a tunnel
        before it reports that the watchers saw it, and the reader should get its name at once.
        """
        batch = [ev for ev in events if self.names.sees(ev)]
        self.names.learn(batch)
        for ev in batch:
            yield from self.event_lines(ev)

    def say(self, *lines: str) -> None:
        """Add sentences to the lines of the event being told (first letter upper-cased)."""
        self._out.extend(capital(line) for line in lines)

    def _u(self, ev: Event, key: str = "unit") -> str:
        return self.names.unit(ev.get(key), watched=True)

    def _own(self, ev: Event, key: str = "side") -> bool:
        return self.viewer is None or ev.get(key) == self.viewer

    def _pts(self, ev: Event) -> str:
        p = ev.get("points")
        return f" ({p:+g} points)" if isinstance(p, int | float) and p else ""

    def visit_other(self, ev: Event) -> None:
        if ev.kind in SILENT:
            return
        kind = KINDS.get(ev.kind)
        self.say(kind.description if kind else f"Something happened ({ev.kind.replace('_', ' ')}).")

    def visit_game_start(self, ev: Event) -> None:
        self.say(f"The game begins: {ev.get('title') or self.sc.title}.")

    def visit_turn_start(self, ev: Event) -> None:
        self.say(f"Turn {ev.turn}: {self.when(ev.turn)} ({'night' if ev.get('night') else 'day'})")

    def visit_side_turn_start(self, ev: Event) -> None:
        self.say(f"{self.side(ev.get('side'))} to move")

    def visit_phase(self, ev: Event) -> None:
        self.say(f"Phase: {ev.get('name')}")

    def visit_narration(self, ev: Event) -> None:
        self.say(str(ev.get("title", "")), str(ev.get("text", "")).strip())

    def visit_move(self, ev: Event) -> None:
        who, to = self._u(ev), self.names.to(ev.get("to"))
        if ev.get("retreat"):
            self.say(f"{who} {agree(who, 'falls', 'fall')} back {to}.")
        elif ev.get("stopped"):
            self.say(f"{who} {agree(who, 'makes', 'make')} contact and {agree(who, 'stops', 'stop')} "
                     f"{self.names.at(ev.get('to'))}.")
        elif self._own(ev):
            self.say(f"{who} {agree(who, 'moves', 'move')} {to}.")
        else:
            self.say(f"{who} {agree(who, 'is', 'are')} seen moving {to}.")

    def visit_combat(self, ev: Event) -> None:
        # The defender sees what hits it at arm's length; fire from further off comes from an unknown unit.
        ac, dc = ev.get("attacker_cell"), ev.get("cell")
        close = bool(ac and dc and chebyshev(tuple(ac), tuple(dc)) <= 1)
        a, d = self.names.unit(ev.get("attacker"), watched=close), self._u(ev, "defender")
        how = [label for key, label in (("suicide", "suicide attack"), ("ambush", "ambush from a tunnel exit"),
                                        ("surprise", "defender stood down")) if ev.get(key)]
        extra = f" ({', '.join(how)})" if how else ""
        where = self.names.at(ev.get("cell"))
        ours = self.we and self.viewer is not None and ev.get("defender_side") == self.viewer
        head = f"{a} {agree(a, 'attacks', 'attack')} {'our ' if ours else ''}{d} {where}{extra}".replace("  ", " ")
        lost_a, lost_d = self.steps(ev.get("attacker_losses", 0)), self.steps(ev.get("defender_losses", 0))
        if ev.get("intercepted"):
            self.say(f"{head}: stopped before {agree(a, 'it strikes', 'they strike')}.")
        elif ours:
            self.say(f"{head}: we lose {lost_d}, they lose {lost_a}.")
        elif self.we and self.viewer is not None and ev.get("side") == self.viewer:
            self.say(f"{head}: the enemy loses {lost_d}, we lose {lost_a}.")
        else:
            self.say(f"{head}: attacker loses {lost_a}, defender loses {lost_d}.")

    def visit_exit_fire(self, ev: Event) -> None:
        g, t = self._u(ev), self._u(ev, "target")
        self.say(f"{g} {agree(g, 'fires', 'fire')} on {t} coming out of a tunnel at {self.node(ev.get('node'))}: "
                 f"{self.steps(ev.get('losses', 0))} lost.")

    def visit_sighted(self, ev: Event) -> None:
        who, side = self._u(ev), self.side(ev.get("side"))
        self.say(f"{side} {agree(side, 'spots', 'spot', self.names.side_plural(ev.get('side')))} {who} "
                 f"{self.names.at(ev.get('cell'))}.")

    def visit_lost_sight(self, ev: Event) -> None:
        side = self.side(ev.get("side"))
        lose = agree(side, "loses", "lose", self.names.side_plural(ev.get("side")))
        self.say(f"{side} {lose} sight of {self.names.enemy_of_type(ev.get('unit_type'))} "
                 f"{self.names.at(ev.get('cell'))}.".replace("  ", " "))

    def visit_under_fire(self, ev: Event) -> None:
        who = self._u(ev)
        surprised = ", taken by surprise" if ev.get("surprise") else ""
        self.say(f"{who} {agree(who, 'comes', 'come')} under fire from an enemy out of sight "
                 f"{self.names.at(ev.get('cell'))}{surprised}: {self.steps(ev.get('losses', 0))} lost.".replace("  ", " "))

    def visit_unit_broke(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} {agree(who, 'breaks', 'break')}.")

    def visit_unit_destroyed(self, ev: Event) -> None:
        who, reason = self._u(ev), str(ev.get("reason") or "")
        if reason == "suicide attack":
            self.say(f"{who} {agree(who, 'is', 'are')} spent in the suicide attack.")
        else:
            why = f" ({self.names.words_for_ids(reason)})" if reason and reason != "combat" else ""
            self.say(f"{who} {agree(who, 'is', 'are')} out of action{why}.")

    def visit_unit_rallied(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} {agree(who, 'rallies', 'rally')}.")

    def visit_tunnel_found(self, ev: Event) -> None:
        sid = ev.get("side")
        side = self.side(sid)
        verb = agree(side, "finds", "find", self.names.side_plural(sid))
        how = how_found(self.names, sid, str(ev.get("how") or ""))
        self.say(f"{side} {verb} a tunnel entrance at {self.node(ev.get('node'))}" + (f": {how}." if how else "."))

    def visit_tunnel_demolished(self, ev: Event) -> None:
        who = self._u(ev)
        below = ev.get("losses_below")
        # strength steps lost below: felt, not seen, so never whose
        hit = f"; {self.steps(below)} lost underground" if isinstance(below, int) and below else ""
        self.say(f"{who} {agree(who, 'collapses', 'collapse')} the tunnel entrance at {self.node(ev.get('node'))}{hit}.")

    def visit_search(self, ev: Event) -> None:
        who, found = self._u(ev), ev.get("found") or []
        what = (f"{agree(who, 'finds', 'find')} {grammar.count(len(found), 'tunnel entrance')}" if found
                else f"{agree(who, 'finds', 'find')} nothing")
        self.say(f"{who} {agree(who, 'searches', 'search')} the area {self.names.at(ev.get('cell'))} and {what}."
                 .replace("  ", " "))

    def visit_dive(self, ev: Event) -> None:
        who, at = self._u(ev), self.node(ev.get("node"))
        if self._own(ev):
            self.say(f"{who} {agree(who, 'goes', 'go')} underground at {at}.")
        else:
            self.say(f"{who} {agree(who, 'is', 'are')} seen going underground at {at}.")

    def visit_tunnel_move(self, ev: Event) -> None:
        who, route = self._u(ev), ev.get("route") or []
        self.say(f"{who} {agree(who, 'moves', 'move')} underground to {self.node(route[-1] if route else None)}.")

    def visit_emerge(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} {agree(who, 'comes', 'come')} out of a tunnel at {self.node(ev.get('node'))}.")

    def visit_emerge_blocked(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} cannot come out at {self.node(ev.get('node'))}: an enemy unit holds the exit.")

    def visit_posture(self, ev: Event) -> None:
        who = self._u(ev)
        now = "alert" if ev.get("posture") == "alert" else "stood down"
        reason = str(ev.get("reason") or "")
        why = "" if reason in ("", "order") else f" ({'set by the scenario' if reason == 'scenario' else reason})"
        self.say(f"{who} {agree(who, 'is', 'are')} now {now}{why}.")

    def visit_arrived(self, ev: Event) -> None:
        who = self._u(ev)
        where = (self.names.places.in_zone(ev.get("zone")) if ev.get("zone")
                 else f"underground at {self.node(ev.get('node'))}" if ev.get("node") else self.names.at(ev.get("cell")))
        self.say(f"{who} {agree(who, 'arrives', 'arrive')} {where}.")

    def visit_withdrawn(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} {agree(who, 'leaves', 'leave')} for other fronts{self._pts(ev)}.")

    def visit_entered_zone(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} {agree(who, 'enters', 'enter')} {self.zone(ev.get('zone'))}.")

    def visit_unit_spawned(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} {agree(who, 'appears', 'appear')} {self.names.at(ev.get('cell'))}.")

    def visit_unit_removed(self, ev: Event) -> None:
        who, reason = self._u(ev), self.names.words_for_ids(ev.get("reason") or "")
        self.say(f"{who} {agree(who, 'leaves', 'leave')} the map" + (f" ({reason})." if reason else "."))

    def visit_side_changed(self, ev: Event) -> None:
        who = self._u(ev)
        self.say(f"{who} {agree(who, 'changes', 'change')} sides and now {agree(who, 'fights', 'fight')} "
                 f"with {self.side(ev.get('side'))}.")

    def visit_terrain_changed(self, ev: Event) -> None:
        cells = ev.get("cells") or []
        t = self.sc.terrain.get(ev.get("terrain") or "")
        where = self.names.at(cells[0]) if cells else ""
        reason = f" ({ev.get('reason')})" if ev.get("reason") else ""
        self.say(f"The ground changes {where}: now {t.name.lower() if t else 'different'}{reason}.".replace("  ", " "))

    def visit_control(self, ev: Event) -> None:
        shares = ev.get("shares") or {}
        held = grammar.join([f"{self.side(s)} {grammar.percent(v)}" for s, v in shares.items() if v]) or "nobody"
        self.say(f"Control of {self.zone(ev.get('zone'))}: {held}.")

    def _side_says(self, ev: Event, singular: str, plural: str) -> str:
        sid = ev.get("side")
        return f"{self.side(sid)} {plural if self.names.side_plural(sid) else singular}"

    def visit_victory_declared(self, ev: Event) -> None:
        share = ev.get("control")
        held = f", holding {grammar.percent(share)} of it" if isinstance(share, int | float) else ""
        self.say(f"{self._side_says(ev, 'declares', 'declare')} victory in {self.zone(ev.get('zone'))}{held}"
                 f"{self._pts(ev)}.")

    def visit_declaration_undone(self, ev: Event) -> None:
        they = "they" if self.names.side_plural(ev.get("side")) else "it"
        self.say(f"{self._side_says(ev, 'no longer holds', 'no longer hold')} {self.zone(ev.get('zone'))}, "
                 f"which {they} declared taken{self._pts(ev)}.")

    def visit_objective_reached(self, ev: Event) -> None:
        self.say(f"{self._side_says(ev, 'is', 'are')} first to hold {self.zone(ev.get('zone'))}{self._pts(ev)}.")

    def visit_points(self, ev: Event) -> None:
        self.say(f"{self.side(ev.get('side'))}: {ev.get('points', 0):+g} points "
                 f"({self.names.words_for_ids(ev.get('reason') or 'scenario')}).")

    def visit_game_over(self, ev: Event) -> None:
        self.say(*self.game_over_lines(ev))

    def game_over_lines(self, ev: Event) -> list[str]:
        """The result: why the game ended, each side's points and result, who leads, the losses."""
        out = [f"Game over: {ev.get('reason', 'the game has ended')}."]
        results = ev.get("results") or {}
        for sid, pts in (ev.get("points") or {}).items():
            out.append(f"{self.side(sid)}: {pts:.1f} points, {results.get(sid, 'no result')}")
        winner = ev.get("winner")
        out.append(f"Most points: {self.side(winner) if winner else 'no side (a tie)'}")
        out += self.loss_lines(ev)
        return out

    def loss_lines(self, ev: Event) -> list[str]:
        """Strength lost per faction, and people killed per side as the model's estimate.

        The people figure is the scenario's own conversion (its ``casualties`` section), so the words
        say it is an estimate: a reader must never take it for a sourced count."""
        out = []
        losses = [f"{self.names.faction(f)} {self.steps(n)}" for f, n in (ev.get("losses") or {}).items() if n]
        if losses:
            out.append(f"Strength lost: {', '.join(losses)}")
        people = [f"{self.side(s)} {n:,}" for s, n in (ev.get("casualties_people") or {}).items()]
        if people:
            out.append(f"People killed, model estimate: {', '.join(people)}")
        return out

    def summary(self, events: Iterable[Event]) -> str:
        """A run of events (a skipped turn, an AI's turn) in one line of what the viewer saw.

        "Turn 8 (9 November 2017, 18:00): the ambush begins; 12 fights; 18 steps lost; 3 units out of
        action; 14 moves." Empty when the viewer saw nothing.
        """
        seen = [ev for ev in events if self.names.sees(ev)]
        kinds = [ev.kind for ev in seen]
        parts = [f"“{ev.get('name')}” begins" for ev in seen if ev.kind == "phase" and ev.get("previous")]
        fights = [ev for ev in seen if ev.kind == "combat"]
        if fights:
            lost = sum(int(ev.get("attacker_losses", 0)) + int(ev.get("defender_losses", 0)) for ev in fights)
            parts += [grammar.count(len(fights), "fight"), f"{self.steps(lost)} lost"]
        for kind, one, many in (("unit_destroyed", "unit out of action", "units out of action"),
                                ("unit_broke", "unit broken", "units broken"),
                                ("tunnel_found", "tunnel entrance found", "tunnel entrances found"),
                                ("arrived", "arrival", "arrivals"), ("move", "move", "moves")):
            n = kinds.count(kind)
            if n:
                parts.append(grammar.count(n, one, many))
        parts += [self.event_lines(ev)[0].rstrip(".") for ev in seen
                  if ev.kind in ("victory_declared", "declaration_undone", "game_over")]
        if not parts:
            return ""
        # the turns begun in the run (the action that ends a turn also reports that turn's last events)
        turns = sorted({ev.turn for ev in seen if ev.kind == "turn_start"} or {ev.turn for ev in seen})
        head = f"Turn {turns[0]} ({self.when(turns[0])})" if len(turns) == 1 else f"Turns {turns[0]}-{turns[-1]}"
        return f"{head}: {'; '.join(parts)}."

    # --- actions and triggers -------------------------------------------------------------------

    def action(self, action: A.Action | str, side: str | None = None) -> str:
        """An order in words: 'Fatemiyoun moves to the city centre', 'Government and allies declare victory'."""
        return action_text(self, A.parse(action) if isinstance(action, str) else action, side)

    def trigger_why(self, trigger: Trigger | str) -> str:
        """Why a scenario rule fired, in plain words a class can read (no ids, no rule syntax)."""
        return why(self, trigger)

    def trigger_detail(self, trigger: Trigger | str) -> str:
        """The technical form (trigger id, event, conditions) for a teacher who asks for it."""
        return detail(trigger if not isinstance(trigger, str) else self._trigger(trigger))

    def _trigger(self, tid: str) -> Any:
        return next((t for t in self.sc.triggers if t.id == tid), tid)
