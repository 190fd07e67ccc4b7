"""Names for one viewer: units, sides, zones and tunnel entrances as that viewer may name them.

Fog applies to words as it does to the map. A viewer names its own and its allies' units and every
enemy unit it has identified (seen: a ``sighted`` event it was shown, or its observation); any
other enemy unit is "enemy <type>" when the viewer is watching it act, and "an unidentified enemy
unit" otherwise.
God view (viewer ``None``) names everything. No internal id is ever returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from game.engine.events import Event
from game.narrate import grammar
from game.narrate.places import Places, the_name

if TYPE_CHECKING:
    from game.engine.observation import Observation
    from game.scenario.model import Scenario

_CELL = re.compile(r"\b(at|reach|to) (\d+),? (\d+)\b")
_TOKEN = re.compile(r"'?[A-Za-z][\w-]*'?")
_AGREE = {"is": "are", "has": "have", "was": "were"}

UNKNOWN_UNIT = "an unidentified unit"
UNKNOWN_ENEMY = "an unidentified enemy unit"


def _lower_generic(name: str) -> str:
    """'Suicide attackers' -> 'suicide attackers'; 'ISIS fighters' and 'Tiger Forces' keep their capitals."""
    words = name.split()
    if not words or words[0].isupper() or any(w[:1].isupper() for w in words[1:]):
        return name
    return name[:1].lower() + name[1:]


_MASS = frozenset({"infantry", "militia", "support", "artillery", "armour", "armor", "cavalry", "police"})


def enemy_kind(type_name: str) -> str:
    """'enemy infantry', 'enemy ISIS fighters', 'an enemy mechanised brigade': a unit known only by its kind."""
    kind = _lower_generic(type_name)
    head = grammar.head_noun(kind).lower()
    return f"enemy {kind}" if head in _MASS or grammar.is_plural(kind) else f"an enemy {kind}"


class Names:
    """What one viewer calls things; learns which enemy units it has identified as events arrive."""

    def __init__(self, scenario: Scenario, viewer: str | None, obs: Observation | None = None) -> None:
        self.sc = scenario
        self.viewer = viewer
        self.obs = obs
        self.places = Places(scenario)
        self._specs = {u.id: u for u in self.sc.units}
        self._known: set[str] = set()

    # --- what the viewer knows -----------------------------------------------------------

    def sees(self, ev: Event) -> bool:
        """Whether the viewer was shown this event (god view sees every event)."""
        return self.viewer is None or ev.visible_to(self.viewer)

    def learn(self, events: Iterable[Event]) -> None:
        """Note the enemy units these events identify to the viewer (its own sightings)."""
        for ev in events:
            if ev.kind == "sighted" and self.viewer is not None and ev.get("side") == self.viewer:
                self._known.add(str(ev.get("unit")))

    def side_of_unit(self, uid: str | None) -> str | None:
        """The side a unit fights for, from the scenario (None for an unknown id)."""
        spec = self._specs.get(uid or "")
        if spec is None:
            return None
        faction = self.sc.factions.get(spec.faction)
        return faction.side if faction else None

    def identifies(self, uid: str | None) -> bool:
        """Whether the viewer may call this unit by its name."""
        if uid not in self._specs:
            return False
        side = self.side_of_unit(uid)
        if self.viewer is None or side == self.viewer or uid in self._known:
            return True
        if self.sc.allied(self.viewer, side):  # allies know each other's units
            return True
        return self.obs is not None and (uid in self.obs.units or uid in self.obs.last_seen)

    # --- names -------------------------------------------------------------------------------

    def unit(self, uid: str | None, watched: bool = False) -> str:
        """A unit's name, or what the viewer can tell about it (see the module docstring)."""
        spec = self._specs.get(uid or "")
        if spec is None:
            return UNKNOWN_UNIT
        if self.identifies(uid):
            return spec.name
        if watched:
            kind = self.sc.unit_types.get(spec.type)
            return enemy_kind(kind.name) if kind else UNKNOWN_ENEMY
        return UNKNOWN_ENEMY

    def enemy_of_type(self, tid: str | None) -> str:
        """An enemy unit known only by its type ('an enemy mechanised brigade')."""
        t = self.sc.unit_types.get(tid or "")
        return enemy_kind(t.name) if t else UNKNOWN_ENEMY

    def side(self, sid: str | None) -> str:
        """A side's name ('Government and allies'); 'no side' for none."""
        s = self.sc.sides.get(sid or "")
        return s.name if s else "no side"

    def side_plural(self, sid: str | None) -> bool:
        """Whether a side's name takes a plural verb (the scenario's flag, else its form)."""
        s = self.sc.sides.get(sid or "")
        return grammar.is_plural(s.name, getattr(s, "plural", None)) if s else False

    def faction(self, fid: str | None) -> str:
        """A faction's name ('Iraqi PMU')."""
        f = self.sc.factions.get(fid or "")
        return f.name if f else "an unnamed faction"

    def zone(self, zid: str | None) -> str:
        """A zone as it reads in a sentence: 'Abu Kamal', 'the southern outskirts'."""
        return self.places.zone(zid or "")

    def node(self, nid: str | None) -> str:
        """A tunnel entrance as it reads after 'at': 'the northern market', 'Riverside'."""
        n = self.sc.tunnels.nodes.get(nid or "")
        if n is None:
            return "an unnamed tunnel entrance"
        if n.name:
            return the_name(n.name)
        return f"the tunnel entrance {self.places.place(*n.at)}"

    def phase(self, pid: str | None) -> str:
        """A phase's name in quotes, as a class reads it in a sentence."""
        p = next((p for p in self.sc.phases if p.id == pid), None)
        return f"“{p.name}”" if p else "an unnamed phase"

    def place(self, x: int, y: int) -> str:
        """Where a cell is: 'in the city centre', 'near Al-Susah', 'about 4 km south of Abu Kamal'."""
        return self.places.place(x, y)

    def at(self, cell: Any) -> str:
        """The place of an event's ``[x, y]`` field, or '' when it has none."""
        if not cell or len(cell) != 2:
            return ""
        return self.places.place(int(cell[0]), int(cell[1]))

    def to(self, cell: Any) -> str:
        """Where a unit went, after 'moves' or 'falls back': 'to the southern outskirts'."""
        if not cell or len(cell) != 2:
            return "to an unknown position"
        x, y = int(cell[0]), int(cell[1])
        inside = self.places.containing(x, y)
        if inside is not None:
            return f"to {self.places.zone(inside)}"
        return f"to a position {self.places.place(x, y)}"

    def words_for_ids(self, text: str) -> str:
        """Free text from the engine with ids and cells in it put into words for this viewer.

        Engine messages (a refused order's reason, how a tunnel was found) name units, tunnel
        nodes and sides by id and cells as "x y"; a reader gets names and places instead.
        """
        def cell(m: re.Match[str]) -> str:
            x, y = int(m.group(2)), int(m.group(3))
            if m.group(1) == "at":
                return self.place(x, y)
            return f"{m.group(1)} {self.to((x, y)).removeprefix('to ')}"

        text = _CELL.sub(cell, str(text))
        out: list[str] = []
        last, plural = 0, False
        for m in _TOKEN.finditer(text):
            word = m.group(0)
            named = self._word(word)
            if plural and word in _AGREE:  # the verb after a plural name: "Government and allies have"
                named = _AGREE[word]
            plural = named != word and grammar.is_plural(named)
            out += [text[last:m.start()], named]
            last = m.end()
        return "".join(out) + text[last:]

    def _word(self, w: str) -> str:
        bare = w.strip("'\"")
        if bare in self._specs:
            return self.unit(bare, watched=True)
        if bare in self.sc.tunnels.nodes:
            return self.node(bare)
        if bare in self.sc.sides:
            return self.side(bare)
        if bare in self.sc.zones:
            return self.zone(bare)
        return w
