"""Fog of war: what each side sees, remembers and knows (``observation`` builds what it is given).

Sight uses tcod's symmetric shadowcasting on a window around each unit, so the cost grows with
the number of units, not with the map's area. Seeing is mutual on open ground; cover shortens
the distance at which a unit is spotted; a unit underground is never seen.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy as np
import tcod.constants
import tcod.map

from game.engine.geometry import Cell
from game.engine.state import ACTIVE, STOOD_DOWN, Sighting, State, Unit, Watch

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game

FOV = tcod.constants.FOV_SYMMETRIC_SHADOWCAST
UNDERGROUND_SIGHT = 1  # fighters below a node can watch the street above it


def sight_of(game: Game, state: State, u: Unit) -> int:
    """How far ``u`` sees now: its type's sight, halved at night and when stood down; 1 underground."""
    return _sight(game, game.night[state.turn], u.type, u.posture, u.underground)


def _sight(game: Game, night: bool, utype: str, posture: str, underground: bool) -> int:
    if underground:
        return UNDERGROUND_SIGHT
    key = (utype, night, posture)  # asked for every viewer of every layer: kept per Game
    r = game.sight_radii.get(key)
    if r is None:
        s: float = game.scenario.unit_types[utype].sight
        if night:
            s *= game.rules.night_sight
        if posture == STOOD_DOWN:
            s *= 0.5
        r = game.sight_radii[key] = max(1, int(round(s)))
    return r


def _view(game: Game, x: int, y: int, r: int) -> tuple[np.ndarray, int, int]:
    """The field of view of a viewer at (x, y) with radius r, on a window of the map, and its offset.

    Terrain never changes during a game, so each (cell, radius) view is computed once per Game.
    """
    key = (x, y, r)
    cached = game.fov_cache.get(key)
    if cached is None:
        x0, x1 = max(0, x - r), min(game.width, x + r + 1)
        y0, y1 = max(0, y - r), min(game.height, y + r + 1)
        window = game.transparent[y0:y1, x0:x1]
        # tcod's radius is exclusive: r + 1 lets a sight of r reach r cells.
        view = tcod.map.compute_fov(window, (y - y0, x - x0), radius=r + 1, light_walls=True, algorithm=FOV)
        view.setflags(write=False)
        cached = (view, x0, y0)
        game.fov_cache[key] = cached
    return cached


def line_of_sight(game: Game, x: int, y: int, r: int, cell: Cell) -> bool:
    """Whether a viewer at (x, y) with sight r has ``cell`` in its field of view."""
    view, x0, y0 = _view(game, x, y, r)
    h, w = view.shape
    wx, wy = cell[0] - x0, cell[1] - y0
    return 0 <= wx < w and 0 <= wy < h and bool(view[wy, wx])


def viewers(state: State, side: str) -> list[Unit]:
    """The units whose eyes make up ``side``'s sight: all its units on the map, underground ones included."""
    return [u for u in state.units.values() if u.side == side and u.status == ACTIVE]


def _spot_window(game: Game, x: int, y: int, r: int) -> tuple[np.ndarray, int, int]:
    """The cells where a viewer at (x, y) with sight r would spot a unit: in its view and close
    enough for the cell's cover (or next to it). Terrain-only, so cached per Game like the view."""
    key = (x, y, r)
    cached = game.spot_cache.get(key)
    if cached is None:
        view, x0, y0 = _view(game, x, y, r)
        h, w = view.shape
        dx, dy = x0 - x + r, y0 - y + r  # the window's corner in the viewer's square of distances
        d = _distances(r)[dy:dy + h, dx:dx + w]
        spot = view & ((d <= 1) | (d <= r * game.openness[y0:y0 + h, x0:x0 + w]))
        spot.setflags(write=False)
        cached = (spot, x0, y0)
        game.spot_cache[key] = cached
    return cached


@functools.cache
def _distances(r: int) -> np.ndarray:
    """Each cell's distance (in king's moves) from the centre of a square of side ``2 r + 1``: a
    viewer's distances to the cells of its window are a slice of it (the window is that square,
    clipped at the map's edges). Made once per radius, as every new viewer cell needs them."""
    a = np.abs(np.arange(-r, r + 1))
    d = np.maximum(a[:, None], a[None, :])
    d.setflags(write=False)
    return d


def _eye_bits(game: Game, night: bool, eye: tuple[Any, ...]) -> int:
    """One viewer's (an element of ``_eyes``) cells as the bits of a Python int: bit ``i`` for flat map
    index ``i`` of its ``_view``, bit ``size + i`` of its ``_spot_window``. A side's two layers are
    then the OR of its viewers' ints, a few hundred machine words each: cheaper than any numpy
    scatter or count (the layers are rebuilt after most moves). Terrain and unit types only: kept per
    Game, in one dict for the day and one for the night (looked up by the eye alone: no key tuple to
    make and hash for every viewer of every new layer)."""
    kept = game.eye_bits[night]
    bits = kept.get(eye)
    if bits is None:
        x, y = eye[0], eye[1]
        r = eye_sight(game, night, eye)
        cells = np.zeros((2, game.height, game.width), bool)
        for layer, (window, x0, y0) in zip(cells, (_view(game, x, y, r), _spot_window(game, x, y, r)), strict=True):
            h, w = window.shape
            layer[y0:y0 + h, x0:x0 + w] = window
        if len(kept) >= EYE_BITS_LIMIT:
            kept.clear()
        bits = kept[eye] = bits_of(cells)
    return bits


def eye_sight(game: Game, night: bool, eye: tuple[Any, ...]) -> int:
    """The sight radius of a viewer ``eye`` (x, y, posture, underground, unit type) by day or night:
    what its kept cells (``_eye_bits``) were made with."""
    return _sight(game, night, eye[4], eye[2], eye[3])


EYE_BITS_LIMIT = 16_384  # viewers' cells kept per game, by day and by night (under 1 KB each on a 64 x 48 map); emptied when full


def bits_of(cells: np.ndarray) -> int:
    """A boolean array as the bits of a Python int: bit ``i`` is the array's flat element ``i``.

    Unions (``|``) and differences (``& ~``) of whole layers are then one machine-word loop in C,
    with none of numpy's per-call cost on these small maps (see ``unpack`` for the way back)."""
    return int.from_bytes(np.packbits(cells, bitorder="little").tobytes(), "little")


def unpack(game: Game, bits: int, layers: int = 1) -> np.ndarray:
    """``layers`` whole-map layers packed by ``bits_of``, back as one flat boolean array."""
    size = layers * game.height * game.width
    packed = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), np.uint8)
    return np.unpackbits(packed, count=size, bitorder="little").view(bool)


def _layers(game: Game, side: str, night: bool, eyes: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray]:
    """A side's view and spot layers (see ``spot_layer``) for its viewers ``eyes`` (see ``_eyes``).

    Both depend only on the terrain, the night and the eyes, so they are kept together by those:
    the same eyes come back action after action (the other side moves, a side's turn starts), and
    a side that needs one needs the other soon after (its refresh reads both)."""
    key = (night, eyes)
    hit = game.sight_cache.get(key)
    if hit is None:
        hit = _keep(game, key, _union(game, night, eyes))
    return hit


def _union(game: Game, night: bool, eyes: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The union of the viewers' view cells and of their spot cells, as two fresh layers (one OR of
    ``_eye_bits`` per viewer, unpacked once)."""
    kept, bits = game.eye_bits[night], 0
    for eye in eyes:  # _eye_bits(), its lookup inlined: a dozen viewers a side, hundreds of times a game
        eye_bits = kept.get(eye)
        bits |= eye_bits if eye_bits is not None else _eye_bits(game, night, eye)
    lit = unpack(game, bits, 2).reshape(2, game.height, game.width)
    lit.setflags(write=False)  # and so both layers: every caller shares them (see _keep)
    return lit[0], lit[1]


SIGHT_CACHE_SIZE = 1024  # pairs of whole-map sight layers kept per game (6 KB each on a 64 x 48 map)


def _eyes(game: Game, state: State, side: str) -> tuple[Any, ...]:
    """Everything a side's sight layers depend on besides the terrain and the night: each viewer's
    place, posture, whether it is below, and its type (in ``viewers`` order)."""
    return _sight_of_side(game, state, side)[0]  # type: ignore[no-any-return]


def _sight_of_side(game: Game, state: State, side: str) -> list[Any]:
    """``[eyes, game, night, layers]`` for ``side``: its ``_eyes``, and its ``_layers`` on ``game`` at
    ``night`` when they were last asked for (``None`` before).

    Kept in the ``Watch`` of the side's units (see ``side_units``), so it is made again only once one
    of them is assigned to: the other sides' layers are read before and after every move, and
    their units rarely change meanwhile. The watch belongs to the units of one state (copies start
    without one; games in threads play on states of their own). When it is made again with the same
    eyes, what was found for them is kept."""
    kept = _kept_sides(game, state)
    watch = kept[4].get(side)
    if watch is None:  # a side without units
        return [(), None, None, None]
    if watch.valid:
        return watch.value  # type: ignore[no-any-return]
    eyes = tuple([(u.x, u.y, u.posture, u.underground, u.type) for u in kept[2][side] if u.status == ACTIVE])
    watch.valid = True
    sight = watch.value
    if sight is not None and sight[0] == eyes:
        # the assignment moved no eye (a move's points, a fight's losses, a turn's bookkeeping): the
        # layers found for these eyes still hold, and comparing costs less than looking them up again
        return sight  # type: ignore[no-any-return]
    sight = watch.value = [eyes, None, None, None]
    return sight


def _side_layers(game: Game, state: State, side: str) -> tuple[np.ndarray, np.ndarray]:
    """``side``'s view and spot layers now (``_layers`` of its ``_eyes``), kept with its eyes."""
    night = game.night[state.turn]
    sight = _sight_of_side(game, state, side)
    if sight[1] is game and sight[2] == night:
        return sight[3]  # type: ignore[no-any-return]
    layers = _layers(game, side, night, sight[0])
    sight[1:] = game, night, layers
    return layers


def side_units(game: Game, state: State, side: str) -> list[Unit]:
    """The units of ``side`` in ``state``, in the state's order. Units are only added, and a unit
    changes sides only by a trigger (which calls ``sides_changed``), so the lists are kept on the game
    for the state last asked about (by its units' dict, which it holds, and their number); games in
    threads or look-aheads only make it ask again. Each list comes with a ``Watch`` over its units,
    made with it (see ``_sight_of_side``)."""
    return _kept_sides(game, state)[2].get(side, [])


def other_units(game: Game, state: State, side: str) -> list[Unit]:
    """The units of every side but ``side``, in the state's order (the same subsequence a loop over
    ``state.units`` that skips ``side`` would visit): kept with ``side_units``, for the loops that
    read only the others' units after every action (``refresh``)."""
    kept = _kept_sides(game, state)
    others = kept[3].get(side)
    if others is None:
        others = kept[3][side] = [u for u in state.units.values() if u.side != side]
    return others


def _kept_sides(game: Game, state: State) -> KeptSides:
    """The side lists of ``side_units`` and ``other_units`` for ``state``, and the watches over the
    side lists (made again for another state: a unit is in the watch made last)."""
    units = state.units
    kept = game.side_units
    if kept is None or kept[0] is not units or kept[1] != len(units):
        by_side: dict[str, list[Unit]] = {}
        for u in units.values():
            by_side.setdefault(u.side, []).append(u)
        watches = {side: Watch(mine) for side, mine in by_side.items()}
        kept = game.side_units = (units, len(units), by_side, {}, watches)
    return kept


KeptSides = tuple[dict[str, Unit], int, dict[str, list[Unit]], dict[str, list[Unit]], dict[str, Watch]]


def sides_changed(game: Game) -> None:
    """A unit now belongs to another side: every game on this map (the scenario's and each variant a
    trigger made of it) makes its side lists again the next time it is asked."""
    base = game._base
    for g in (base, *base._variants.values()):
        g.side_units = None


def _keep(game: Game, key: tuple[Any, ...], layers: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Cache a side's sight layers on the game (read-only, as ``_union`` made them: every caller shares
    them). The same eyes come back action after action (the other side moves, a side's turn starts),
    so layers are kept across actions and games; the cache is emptied when full rather than grown
    without end."""
    if len(game.sight_cache) >= SIGHT_CACHE_SIZE:
        game.sight_cache.clear()
    game.sight_cache[key] = layers
    return layers


def spot_layer(game: Game, state: State, side: str, eyes: tuple[Any, ...] | None = None) -> np.ndarray:
    """Where ``side`` would spot a unit now, over the whole map: the cover rule, one viewer at a time.

    One viewer must do both: have the cell in its line of sight and be close enough for the
    cell's cover (within ``(1 - cover)`` of its sight, or on the next cell). Two viewers, one
    with the line and one close enough, do not add up to a sighting. The layer depends only on
    the terrain and on where the side's viewers stand and how far they see, so it is cached by those
    (``eyes``: the side's ``_eyes`` when the caller already holds them).
    """
    if eyes is None:
        return _side_layers(game, state, side)[1]
    return _layers(game, side, game.night[state.turn], eyes)[1]


def could_spot(game: Game, state: State, side: str, cell: Cell) -> bool:
    """Whether ``side`` would see a unit standing on ``cell`` now (see ``spot_layer``)."""
    return bool(spot_layer(game, state, side)[cell[1], cell[0]])


def detects(game: Game, state: State, side: str, target: Unit, layer: np.ndarray | None = None) -> bool:
    """Whether ``side`` sees ``target`` now: an enemy on the surface that one of its viewers spots.

    ``layer`` is the side's ``spot_layer`` when the caller already holds it (a loop over units).
    """
    if target.status != ACTIVE or target.underground or target.side == side:
        return False
    if layer is None:
        layer = spot_layer(game, state, side)
    return bool(layer[target.y, target.x])


def witnesses(game: Game, state: State, u: Unit, layers: dict[str, np.ndarray] | None = None) -> set[str]:
    """The sides that see ``u`` now (its own side always does): who may be told what ``u`` does.

    ``layers``: the other sides' ``spot_layer``s when the caller holds them (``others_layers``)."""
    if layers is None:
        return {u.side} | {s for s in game.sides if s != u.side and detects(game, state, s, u)}
    return {u.side} | {s for s, layer in layers.items() if detects(game, state, s, u, layer)}


def others_layers(game: Game, state: State, side: str) -> dict[str, np.ndarray]:
    """Every other side's ``spot_layer``: what a unit of ``side`` is seen by while only ``side``'s
    units move (one unit's move reads them before, during and after it)."""
    return {s: spot_layer(game, state, s) for s in game.sides if s != side}


def refresh(game: Game, state: State, side: str, em: Emitter | None) -> None:
    """Recompute a side's sight and update what it remembers; emit 'sighted' for new contacts."""
    k = state.knowledge[side]
    seen, layer = _side_layers(game, state, side)
    # the shared read-only layer itself, given on to observations as it is: ``effects.force_sight``
    # adds a contact to a copy of its own
    vis = k.visible = seen
    np.copyto(k.seen_control, state.control, where=vis)
    now: set[str] = set()
    last_seen, turn = k.last_seen, state.turn
    # detects(), remember() and forget_if_seen_empty(), inlined: this runs for every unit at every
    # refresh, and most sightings are as they were (a marker is only replaced by a different one);
    # the layer is read as bytes, a Python int a cell instead of a numpy scalar
    spots, width = layer.tobytes(), game.width
    for t in other_units(game, state, side):
        if t.status == ACTIVE and not t.underground and spots[t.y * width + t.x]:
            uid = t.id
            now.add(uid)
            m = last_seen.get(uid)
            if (m is None or m.x != t.x or m.y != t.y or m.turn != turn or m.strength != t.strength
                    or m.type != t.type or m.faction != t.faction):
                last_seen[uid] = Sighting(t.x, t.y, turn, t.type, t.faction, t.strength)
            if uid not in k.seen_units and em is not None:
                em.emit("sighted", seen_by={side}, side=side, unit=uid, unit_side=t.side, cell=[t.x, t.y],
                        unit_type=t.type)
    k.seen_units = now
    for uid in [uid for uid, m in last_seen.items() if uid not in now and spots[m.y * width + m.x]]:
        del last_seen[uid]  # seen empty: the marker was wrong


def spot(game: Game, state: State, target: Unit, em: Emitter | None,
         layers: dict[str, np.ndarray] | None = None) -> None:
    """After ``target`` moved or changed, let every other side notice it (or lose it).

    ``layers``: the other sides' ``spot_layer``s when the caller holds them (``others_layers``).
    Otherwise each side's layer is looked up at most once, for both questions asked of it."""
    surface = target.status == ACTIVE and not target.underground
    for side in game.sides:
        if side == target.side:
            continue
        k = state.knowledge[side]
        layer = None if layers is None else layers[side]
        if surface and layer is None:
            layer = spot_layer(game, state, side)
        if detects(game, state, side, target, layer):
            remember(state, side, target)
            if target.id not in k.seen_units:
                k.seen_units.add(target.id)
                if em is not None:
                    em.emit("sighted", seen_by={side}, side=side, unit=target.id, unit_side=target.side,
                            cell=[target.x, target.y], unit_type=target.type)
        else:
            k.seen_units.discard(target.id)
            forget_if_seen_empty(game, state, side, target.id, layer)


def forget_if_seen_empty(game: Game, state: State, side: str, uid: str, layer: np.ndarray | None = None) -> None:
    """Drop ``side``'s last-known marker of ``uid`` if the side now sees its cell and no unit there.

    "Sees" is the cover rule: if a unit on that cell would be spotted and is not, the marker is
    wrong. A cell in line of sight but too far for its cover keeps the marker: it may hide the unit.
    """
    k = state.knowledge[side]
    m = k.last_seen.get(uid)
    if m is None or uid in k.seen_units:
        return
    if layer is None:
        layer = spot_layer(game, state, side)
    if layer[m.y, m.x]:
        del k.last_seen[uid]


def forget(state: State, sides: set[str], uid: str) -> None:
    """The sides in ``sides`` saw ``uid`` leave the map (destroyed, spent, withdrawn): no marker stays."""
    for side in sides:
        state.knowledge[side].last_seen.pop(uid, None)


def remember(state: State, side: str, t: Unit) -> None:
    """Note where ``side`` saw ``t`` now, and how strong it looked: the last-known marker."""
    state.knowledge[side].last_seen[t.id] = Sighting(t.x, t.y, state.turn, t.type, t.faction, t.strength)


def knows(game: Game, state: State, side: str, u: Unit) -> bool:
    """Whether ``side`` may be told ``u``'s name and place now: its own unit, or one it sees."""
    return u.side == side or detects(game, state, side, u)
