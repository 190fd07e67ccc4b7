"""Place names instead of grid coordinates: where a cell is, in the scenario's own words.

A reader knows "the city centre" or "near the Al-Qa'im border crossing", not "(25, 31)". A cell is
named, in this order of preference:

1. by the smallest scenario zone that contains it ("in the city centre", "in Al-Baghuz");
2. by a zone within ``NEAR`` steps ("near the Al-Qa'im border crossing");
3. by its bearing and distance from the nearest key zone (the zones a side scores or declares
   on, chosen from the data), e.g. "about 4 km north-west of Abu Kamal".

Zone names are scenario text, so how they read in a sentence is guessed from their form and
written down here: a name whose first word is a generic word ("Northern districts", "City
centre", "Road to T-2", "Left bank by the border") or whose last word names a built feature
("Al-Qa'im border crossing") takes "the" and has its generic first word lower-cased; a name
about a road or a river bank takes "on", a crossing, bridge or base takes "at", anything else
"in". Proper names ("Abu Kamal", "Al-Baghuz", "Iraq") stand alone.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import TYPE_CHECKING

from game.engine.geometry import chebyshev

if TYPE_CHECKING:
    from game.scenario.model import Scenario

NEAR = 2  # steps from a zone's edge that still read as "near" it

_GENERIC_FIRST = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "north-western",
    "north-eastern", "south-western", "south-eastern", "northwestern", "northeastern", "southwestern",
    "southeastern", "city", "town", "road", "left", "right", "left-bank", "right-bank", "rear", "old", "new",
    "upper", "lower", "desert", "river", "main", "outer", "inner", "front", "border",
})
_FEATURE_LAST = frozenset({"crossing", "bridge", "dam", "checkpoint", "station", "junction",
                           "airport", "fields", "field", "market", "highway"})
_ON_WORDS = frozenset({"road", "highway", "bank", "left-bank", "right-bank", "front", "approaches"})
_AT_WORDS = frozenset({"crossing", "bridge", "dam", "checkpoint", "station", "base", "airbase", "junction",
                       "airport", "post"})
_COMPASS = ("east", "south-east", "south", "south-west", "west", "north-west", "north", "north-east")


def the_name(name: str) -> str:
    """A zone name as it reads inside a sentence: 'the city centre', 'Abu Kamal'."""
    words = name.split()
    if not words:
        return name
    first = words[0].lower()
    if first in ("the", "a", "an"):  # 'The bridge' as a designer titled it reads 'the bridge' mid-sentence
        return " ".join([first, *words[1:]])
    if first in _GENERIC_FIRST:
        return " ".join(["the", first, *words[1:]])
    if len(words) > 1 and words[-1].lower() in _FEATURE_LAST:
        return f"the {name}"
    return name


def preposition(name: str) -> str:
    """'on' for roads and banks, 'at' for crossings and bases, else 'in'."""
    words = {w.lower().strip(",") for w in name.split()}
    if words & _ON_WORDS:
        return "on"
    if words & _AT_WORDS:
        return "at"
    return "in"


def compass(dx: float, dy: float) -> str:
    """The eight-point bearing of a vector on the map (y grows southwards, north is up)."""
    angle = math.degrees(math.atan2(dy, dx)) % 360
    return _COMPASS[int((angle + 22.5) // 45) % 8]


class Places:
    """Names cells of one scenario's map; built once and cheap to ask repeatedly."""

    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self._cache: dict[tuple[int, int], str] = {}

    def zone(self, zid: str) -> str:
        """A zone's name as it reads in a sentence ('the southern outskirts')."""
        z = self.sc.zones.get(zid)
        return the_name(z.name) if z else "an unnamed area"

    def in_zone(self, zid: str) -> str:
        """'in Al-Baghuz', 'on the road to T-2', 'at the Al-Qa'im border crossing'."""
        z = self.sc.zones.get(zid)
        if z is None:
            return "in an unnamed area"
        return f"{preposition(z.name)} {the_name(z.name)}"

    @cached_property
    def _by_size(self) -> list[tuple[str, frozenset[tuple[int, int]]]]:
        zones = [(zid, z.cells) for zid, z in self.sc.zones.items() if z.cells]
        return sorted(zones, key=lambda item: len(item[1]))

    @cached_property
    def _key_zones(self) -> list[str]:
        keys: list[str] = [d.zone for d in self.sc.declarations.values()]
        for v in self.sc.victory.values():
            keys += [o.zone for o in v.objectives]
        keys = [z for z in dict.fromkeys(keys) if z in self.sc.zones and self.sc.zones[z].cells]
        return keys or [zid for zid, _ in self._by_size]

    def containing(self, x: int, y: int) -> str | None:
        """The smallest zone that holds the cell, if any."""
        return next((zid for zid, cells in self._by_size if (x, y) in cells), None)

    def place(self, x: int, y: int) -> str:
        """Where a cell is, as a phrase that follows a verb: 'in the city centre', 'near Al-Susah'."""
        key = (int(x), int(y))
        if key not in self._cache:
            self._cache[key] = self._place(*key)
        return self._cache[key]

    def _place(self, x: int, y: int) -> str:
        inside = self.containing(x, y)
        if inside is not None:
            return self.in_zone(inside)
        best: tuple[int, int, str] | None = None
        for zid, cells in self._by_size:
            d = min(chebyshev((x, y), c) for c in cells)
            if best is None or (d, len(cells)) < best[:2]:
                best = (d, len(cells), zid)
        if best is not None and best[0] <= NEAR:
            return f"near {self.zone(best[2])}"
        return self._bearing(x, y)

    def _bearing(self, x: int, y: int) -> str:
        def dist(zid: str) -> float:
            return min(math.dist((x, y), c) for c in self.sc.zones[zid].cells)

        anchor = min(self._key_zones, key=dist)
        cells = self.sc.zones[anchor].cells
        cx = sum(c[0] for c in cells) / len(cells)
        cy = sum(c[1] for c in cells) / len(cells)
        km = dist(anchor) * self.sc.cell_km
        far = f"about {km:.0f} km" if km >= 1.5 else "just"
        return f"{far} {compass(x - cx, y - cy)} of {self.zone(anchor)}"
