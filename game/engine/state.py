"""The game state: plain data (numpy layers and records), copied and hashed cheaply.

Everything that changes during a game lives here, including the one random generator, so a
state can be saved, restored and compared. The rules live elsewhere and never keep state.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

ACTIVE, WAITING, DESTROYED, SPENT, WITHDRAWN = "active", "waiting", "destroyed", "spent", "withdrawn"
ALERT, STOOD_DOWN = "alert", "stood_down"
POSTURES = (ALERT, STOOD_DOWN)


_set = object.__setattr__


class Watch:
    """What is worked out from the fields of a group of units (a side's sight, see ``fog``): valid
    until one of them is assigned to. Each unit of the group holds the watch (``Unit.watch``), whose
    ``valid`` its ``__setattr__`` clears; whoever works the value out again sets it back."""

    __slots__ = ("valid", "value")

    def __init__(self, units: list[Unit]) -> None:
        """A watch over ``units`` (each leaves any watch it was in), with nothing worked out yet."""
        self.valid = False
        self.value: Any = None
        for u in units:
            _set(u, "watch", self)


class _Kept:
    """Slots for what is worked out from a unit's fields: its views (``observation``), kept with the
    unit until any field changes, and the ``Watch`` of its group. Not dataclass fields: not saved,
    hashed, compared or copied."""

    __slots__ = ("kept", "watch")
    kept: Any
    watch: Watch | None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        self = object.__new__(cls)
        _set(self, "kept", None)  # set from the start (copies and pickles are made through here too)
        _set(self, "watch", None)
        return self


@dataclass(slots=True)
class Unit(_Kept):
    """One unit as the engine knows it (the truth): a side sees it only through ``observation.view_of``.

    ``kept`` holds values derived from the fields (None until asked for): every assignment to a unit
    goes through ``__setattr__``, which empties it, so it can never outlive the values it came from,
    whatever field is added or whoever assigns it; so with its ``watch``, for values derived from
    several units."""

    id: str
    type: str
    faction: str
    side: str
    name: str
    x: int
    y: int
    strength: int
    max_strength: int
    morale: int
    posture: str = ALERT
    status: str = ACTIVE
    underground: bool = False
    node: str | None = None
    mp: int = 0
    moved: bool = False
    attacked: bool = False
    acted: bool = False
    broken: bool = False
    suppressed: bool = False
    fatigue: int = 0
    surprised_turn: int = 0
    emerged_turn: int = 0

    def __setattr__(self, name: str, value: Any) -> None:
        _set(self, name, value)
        watch = self.watch
        if watch is not None:
            watch.valid = False  # what was worked out from its group's fields (a side's sight)
        if self.kept is not None:
            _set(self, "kept", None)  # whatever was derived from the old values (set again by ``keep``)

    def __getstate__(self) -> tuple[Any, ...]:
        """The fields only, in order (copies and pickles): what is kept is made again when asked for."""
        return tuple([getattr(self, f) for f in _UNIT_FIELDS])

    def __setstate__(self, values: tuple[Any, ...]) -> None:
        """The fields back from ``__getstate__``, set directly: a state's copy (every look-ahead makes
        many) restores every unit, and nothing was kept with a unit just made."""
        for f, v in zip(_UNIT_FIELDS, values, strict=True):
            _set(self, f, v)

    @property
    def cell(self) -> tuple[int, int]:
        """The unit's cell as an (x, y) tuple (its tunnel node's cell while underground)."""
        return (self.x, self.y)

    @property
    def on_map(self) -> bool:
        """Whether the unit is in play (not waiting to arrive, destroyed, spent or withdrawn)."""
        return self.status == ACTIVE

    @property
    def on_surface(self) -> bool:
        """Whether the unit is in play above ground: the units that block, hold ground and can be seen."""
        return self.status == ACTIVE and not self.underground


_UNIT_FIELDS = tuple(f.name for f in fields(Unit))


def keep(u: Unit, value: Any) -> None:
    """Keep ``value``, worked out from ``u``'s fields as they are now, with ``u`` (see ``Unit``)."""
    _set(u, "kept", value)


@dataclass(slots=True)
class Sighting:
    """What a side remembers of an enemy unit it saw: where, when, and how strong it looked."""

    x: int
    y: int
    turn: int
    type: str
    faction: str
    strength: int


@dataclass
class Knowledge:
    """One side's view of the world, kept up to date by the engine."""

    visible: np.ndarray
    seen_control: np.ndarray
    last_seen: dict[str, Sighting] = field(default_factory=dict)
    known_nodes: set[str] = field(default_factory=set)
    seen_units: set[str] = field(default_factory=set)


@dataclass
class State:
    """Everything that changes during a game, as plain data: saved, copied, hashed and replayed."""

    turn: int
    side_index: int
    phase: str
    phase_since: int
    units: dict[str, Unit]
    control: np.ndarray
    knowledge: dict[str, Knowledge]
    rng: np.random.Generator
    seed: int
    collapsed: set[str] = field(default_factory=set)
    declared: dict[str, int] = field(default_factory=dict)
    penalised: set[str] = field(default_factory=set)
    points: dict[str, float] = field(default_factory=dict)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    claims: dict[str, str] = field(default_factory=dict)
    fired: set[str] = field(default_factory=set)
    losses: dict[str, int] = field(default_factory=dict)
    kills: dict[str, int] = field(default_factory=dict)
    zone_shares: dict[str, dict[str, float]] = field(default_factory=dict)
    over: bool = False
    outcome: dict[str, Any] | None = None
    actions_taken: int = 0
    counters: dict[str, int] = field(default_factory=dict)  # scenario counters (triggers' 'counter' effect)
    terrain: dict[str, str] = field(default_factory=dict)  # "x,y" -> terrain id changed by a trigger
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)  # derived; never saved

    def copy(self) -> State:
        """A deep, independent copy (the generator included), for undo, lookahead and branching."""
        saved, self.cache = self.cache, {}
        try:
            return copy.deepcopy(self)
        finally:
            self.cache = saved

    # --- serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A canonical, JSON-ready form: the same state always gives the same document."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "cache" or f.name in ("counters", "terrain") and not v:
                continue  # unused scenario extras are left out, so older saves and hashes stay the same
            if f.name == "units":
                v = [_record(u) for u in v.values()]
            elif f.name == "knowledge":
                v = {s: {"visible": _arr(k.visible), "seen_control": _arr(k.seen_control),
                         "last_seen": {u: _record(s_) for u, s_ in sorted(k.last_seen.items())},
                         "known_nodes": sorted(k.known_nodes), "seen_units": sorted(k.seen_units)}
                     for s, k in sorted(v.items())}
            elif f.name == "control":
                v = _arr(v)
            elif f.name == "rng":
                v = _jsonable(v.bit_generator.state)
            elif isinstance(v, set):
                v = sorted(v)
            elif isinstance(v, dict):
                v = dict(sorted(v.items()))
            out[f.name] = v
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> State:
        """The state ``to_dict`` wrote (a save's document), with its generator where it left off."""
        kw = dict(d)
        kw["units"] = {u["id"]: Unit(**u) for u in d["units"]}
        kw["control"] = _unarr(d["control"])
        kw["knowledge"] = {s: Knowledge(visible=_unarr(k["visible"]), seen_control=_unarr(k["seen_control"]),
                                        last_seen={u: Sighting(**x) for u, x in k["last_seen"].items()},
                                        known_nodes=set(k["known_nodes"]), seen_units=set(k["seen_units"]))
                           for s, k in d["knowledge"].items()}
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = d["rng"]
        kw["rng"] = rng
        for name in ("collapsed", "penalised", "fired"):
            kw[name] = set(d[name])
        return cls(**kw)

    def hash(self) -> str:
        """sha256 of the canonical serialisation: equal states, equal hashes, on any machine."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _record(obj: Unit | Sighting) -> dict[str, Any]:
    """``dataclasses.asdict`` for a ``Unit`` or ``Sighting``, whose fields are all plain immutable
    values (so nothing needs the deep copy ``asdict`` makes): the same dict, field for field, at a
    fraction of the cost. Every game ends with a checksum over every unit and every sighting."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    return {n: getattr(obj, n) for n in names}


def _arr(a: np.ndarray) -> dict[str, Any]:
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()}


def _unarr(d: dict[str, Any]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(d["data"]), dtype=d["dtype"]).reshape(d["shape"]).copy()


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, np.integer):
        return int(x)
    return x


def state_hash(state: State) -> str:
    """The state's checksum (``State.hash``), for callers that hold a function rather than a state."""
    return state.hash()
