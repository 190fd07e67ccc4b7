"""Terrain-only results kept between runs: a study's workers start where the last study's ended.

A game keeps what it works out from the terrain alone, per ``Game``: the bare reaches a move is
searched on (``movement.bare_reach``), the single-cell distance fields goals are composed from
(``tactics.cell_fields``) and the viewers' cells (``fog._eye_bits``). A new process starts
without them, and a worker's first games spend a tenth of their time making them again (the
first game about 150 ms more than the later ones). They depend on the terrain and on the code
that makes them, never on a game's seed or its units, so they are stored in the user cache folder
(``game.paths.cache_dir``) and read back when a study builds its ``Game``: a game played with them
is the same game as one played without (the tests check it), only sooner.

The file is keyed by a digest of everything the results depend on: the map's terrain layers,
this code and the versions of numpy and tcod; a file made from another map or other code is
never read, and one that cannot be read is ignored (with a warning) and replaced. A viewer's
cells also depend on its sight, which the scenario's unit types set: each is stored with the
radius it was made for and read back only where the scenario still gives that radius. Files are
``numpy`` archives read without pickle and written atomically (a new file, then a rename).

Workers send back what they learned with each batch (``learned``); the parent adds it to its own
``Game`` (``adopt``) and writes the whole once the study is over (``save``).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import weakref
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import tcod

from game import paths
from game.ai import tactics
from game.engine import fog
from game.engine.game import Game
from game.engine.movement import Bare
from game.jsondoc import write_atomic

FORMAT = 1
Packed = dict[str, np.ndarray]  # what a file holds and a worker sends: arrays only (no pickle)

# At most this many of each kind are stored: about 16 MB and 80 ms to read at most. Studies of
# every mix on the bundled scenario keep about 1,000 reaches, 100 fields and 3,500 viewers (6 MB)
STORED_REACHES = 4_000  # about 2 KB each
STORED_CELL_FIELDS = 256  # 12 KB each on a 64 x 48 map
STORED_EYES = 6_000  # by day and by night, under 1 KB each

log = logging.getLogger(__name__)


@dataclass
class _Known:
    """The keys a process has read, received or sent, per kind: ``learned`` sends only the others."""

    reaches: set[tuple[int, int, bool, int]] = field(default_factory=set)
    cells: set[tuple[int, int, bool]] = field(default_factory=set)
    eyes: tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]] = field(default_factory=lambda: (set(), set()))
    unsaved: bool = False  # something sent or received that the file may lack (``save`` writes then)
    key: str = ""  # the game's ``store_key``, once worked out


_KNOWN: weakref.WeakKeyDictionary[Game, _Known] = weakref.WeakKeyDictionary()


def _known(game: Game) -> _Known:
    k = _KNOWN.get(game)
    if k is None:
        k = _KNOWN[game] = _Known()
    return k


# --- where, and for what -------------------------------------------------------------------------

@cache
def _code_digest() -> str:
    """The source of the code whose results are stored (the engine, the AI's fields, this module)."""
    h = hashlib.sha256()
    engine = Path(fog.__file__).parent
    for p in [*sorted(engine.rglob("*.py")), Path(tactics.__file__), Path(__file__)]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def store_key(game: Game) -> str:
    """The digest a stored file must carry to be read for ``game`` (worked out once per Game)."""
    known = _known(game)
    if not known.key:
        known.key = _digest(game)
    return known.key


def _digest(game: Game) -> str:
    h = hashlib.sha256(f"{FORMAT} {_code_digest()} numpy {np.__version__} tcod {tcod.__version__}".encode())
    h.update(repr((game.height, game.width)).encode())
    for layer in (game.move_cost10, game.river, game.standable, game.transparent, game.openness):
        h.update(layer.dtype.str.encode())
        h.update(np.ascontiguousarray(layer).tobytes())
    return h.hexdigest()


def store_path(game: Game) -> Path | None:
    """The file for ``game``'s terrain, or None when caching is off."""
    folder = paths.cache_dir()
    if folder is None:
        return None
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", game.scenario.id) or "scenario"
    return folder / "terrain" / f"{name}-{store_key(game)[:16]}.npz"


# --- packing: a game's results as plain arrays, and back -----------------------------------------

def _eye_bytes(game: Game) -> int:
    """The bytes of one viewer's cells: its view and its spot layers, a bit a cell (``fog._eye_bits``)."""
    return (2 * game.height * game.width + 7) // 8


def pack(game: Game, reaches: list[tuple[tuple[int, int, bool, int], Bare]],
         cells: list[tuple[tuple[int, int, bool], np.ndarray]],
         eyes: list[tuple[bool, tuple[Any, ...], int]]) -> Packed:
    """The results given as arrays (with the ``meta`` the reader checks them against)."""
    postures = sorted({e[2] for _, e, _ in eyes})
    types = sorted({e[4] for _, e, _ in eyes})
    meta = {"format": FORMAT, "scenario": game.scenario.id, "key": store_key(game),
            "shape": [game.height, game.width], "postures": postures, "types": types}
    out: Packed = {"meta": np.frombuffer(json.dumps(meta).encode(), np.uint8)}
    out["reach_keys"] = np.array([[x, y, int(boat), budget, *b.box] for (x, y, boat, budget), b in reaches],
                                 np.int64).reshape(-1, 8)
    for name, dtype in (("cost", game.move_cost10.dtype), ("dist", np.int32), ("endable", bool), ("touched", bool)):
        parts = [getattr(b, name).ravel() for _, b in reaches]
        out[f"reach_{name}"] = np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)
    out["cell_keys"] = np.array([list(k) for k, _ in cells], np.int64).reshape(-1, 3)
    out["cell_fields"] = (np.stack([f for _, f in cells]) if cells
                          else np.zeros((0, game.height, game.width), np.int32)).astype(np.int32, copy=False)
    nbytes = _eye_bytes(game)
    out["eye_keys"] = np.array([[int(night), e[0], e[1], postures.index(e[2]), int(e[3]), types.index(e[4]),
                                 fog.eye_sight(game, night, e)] for night, e, _ in eyes], np.int64).reshape(-1, 7)
    out["eye_bits"] = np.frombuffer(b"".join(bits.to_bytes(nbytes, "little") for _, _, bits in eyes),
                                    np.uint8).reshape(-1, nbytes)
    return out


class StoreError(ValueError):
    """A stored file (or a worker's message) that does not hold what ``pack`` writes."""


def _readonly(a: np.ndarray) -> np.ndarray:
    a = a.copy()  # its own data, as a freshly made result has (caches key some arrays by id)
    a.setflags(write=False)
    return a


def adopt(game: Game, packed: Packed, *, from_worker: bool = True) -> int:
    """Add the packed results to ``game``'s own (those it already has are kept); how many were new.

    Raises ``StoreError`` when the arrays are not what ``pack`` makes for this game's terrain."""
    try:
        meta = json.loads(bytes(packed["meta"]).decode())
        arrays = {k: packed[k] for k in ("reach_keys", "reach_cost", "reach_dist", "reach_endable", "reach_touched",
                                         "cell_keys", "cell_fields", "eye_keys", "eye_bits")}
    except (KeyError, ValueError, TypeError) as e:
        raise StoreError(f"not a terrain store ({e})") from e
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise StoreError(f"format {meta.get('format') if isinstance(meta, dict) else '?'} is not {FORMAT}")
    if meta.get("key") != store_key(game):
        raise StoreError("made for another map or another version of the game")
    known = _known(game)
    added = _adopt_reaches(game, arrays, known) + _adopt_cells(game, arrays, known) + _adopt_eyes(game, arrays, meta, known)
    if from_worker and added:
        known.unsaved = True
    return added


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise StoreError(what)


def _adopt_reaches(game: Game, a: Packed, known: _Known) -> int:
    keys = a["reach_keys"]
    _check(keys.ndim == 2 and keys.shape[1] == 8 and keys.dtype.kind == "i", "reach keys have the wrong shape")
    if not len(keys):
        return 0
    x, y, _, _, x0, y0, x1, y1 = keys.T
    _check(bool(((x0 >= 0) & (x0 <= x) & (x < x1) & (x1 <= game.width)
                 & (y0 >= 0) & (y0 <= y) & (y < y1) & (y1 <= game.height)).all()), "a reach window lies off the map")
    sizes = (x1 - x0) * (y1 - y0)
    grown = (x1 - x0 + 2) * (y1 - y0 + 2)
    for name, n in (("cost", sizes), ("dist", sizes), ("endable", sizes), ("touched", grown)):
        _check(a[f"reach_{name}"].ndim == 1 and len(a[f"reach_{name}"]) == int(n.sum()), f"reach {name} has the wrong length")
    _check(a["reach_cost"].dtype == game.move_cost10.dtype and a["reach_dist"].dtype == np.int32
           and a["reach_endable"].dtype == bool and a["reach_touched"].dtype == bool, "reach layers have the wrong types")
    ends = np.cumsum(sizes).tolist()
    grown_ends = np.cumsum(grown).tolist()
    added = 0
    start = grown_start = 0
    for row, end, grown_end in zip(keys.tolist(), ends, grown_ends, strict=True):
        kx, ky, boat, budget, bx0, by0, bx1, by1 = row
        key = (kx, ky, bool(boat), budget)
        h, w = by1 - by0, bx1 - bx0
        if key not in game.reach_boxes:
            dist = _readonly(a["reach_dist"][start:end].reshape(h, w))
            bare = Bare((bx0, by0, bx1, by1), _readonly(a["reach_cost"][start:end].reshape(h, w)), dist,
                        _readonly(a["reach_endable"][start:end].reshape(h, w)), _readonly(np.zeros((h, w), bool)),
                        budget, _readonly(a["reach_touched"][grown_start:grown_end].reshape(h + 2, w + 2)))
            game.reach_boxes[key] = bare
            wide = game.widest_reach.get(key[:3])
            if wide is None or budget > wide.budget:
                game.widest_reach[key[:3]] = bare
            added += 1
        known.reaches.add(key)
        start, grown_start = end, grown_end
    return added


def _adopt_cells(game: Game, a: Packed, known: _Known) -> int:
    keys, fields = a["cell_keys"], a["cell_fields"]
    _check(keys.ndim == 2 and keys.shape[1] == 3 and keys.dtype.kind == "i"
           and fields.shape == (len(keys), game.height, game.width) and fields.dtype == np.int32,
           "cell fields have the wrong shape")
    cells = tactics.cell_fields(game)
    added = 0
    for (cy, cx, boat), f in zip(keys.tolist(), fields, strict=True):
        _check(0 <= cy < game.height and 0 <= cx < game.width, "a cell field's cell lies off the map")
        key = (cy, cx, bool(boat))
        if key not in cells:
            cells[key] = _readonly(f)
            added += 1
        known.cells.add(key)
    return added


def _adopt_eyes(game: Game, a: Packed, meta: dict[str, Any], known: _Known) -> int:
    keys, bits = a["eye_keys"], a["eye_bits"]
    nbytes = _eye_bytes(game)
    postures, types = meta.get("postures"), meta.get("types")
    if not (isinstance(postures, list) and isinstance(types, list)):
        raise StoreError("viewer names are missing")
    _check(keys.ndim == 2 and keys.shape[1] == 7 and keys.dtype.kind == "i"
           and bits.shape == (len(keys), nbytes) and bits.dtype == np.uint8, "viewers' cells have the wrong shape")
    added = 0
    for (night, x, y, pi, under, ti, r), row in zip(keys.tolist(), bits, strict=True):
        _check(0 <= pi < len(postures) and 0 <= ti < len(types), "a viewer's names are out of range")
        eye = (x, y, postures[pi], bool(under), types[ti])
        if eye[4] not in game.scenario.unit_types or fog.eye_sight(game, bool(night), eye) != r:
            continue  # the scenario's sight for this viewer is not what its cells were made with
        kept = game.eye_bits[bool(night)]
        if eye not in kept:
            kept[eye] = int.from_bytes(row.tobytes(), "little")
            added += 1
        known.eyes[bool(night)].add(eye)
    return added


# --- what a process learned, the file --------------------------------------------------------------

def _entries(game: Game, new_only: bool, limits: tuple[int, int, int] | None = None) -> tuple[list[Any], list[Any], list[Any]]:
    known = _known(game)
    lr, lc, le = limits or (len(game.reach_boxes), 1 << 62, 1 << 62)
    # each dict copied in one step first: games in other threads (a thread executor) may add to it
    reaches = [(k, b) for k, b in list(game.reach_boxes.items()) if not (new_only and k in known.reaches)][:lr]
    cells = [(k, f) for k, f in list(tactics.cell_fields(game).items()) if not (new_only and k in known.cells)][:lc]
    eyes = [(night, e, bits) for night in (False, True) for e, bits in list(game.eye_bits[night].items())
            if not (new_only and e in known.eyes[night])][:le]
    return reaches, cells, eyes


def learned(game: Game) -> Packed | None:
    """What ``game`` has worked out since it was read, received or last sent (None: nothing), now
    counted as sent: a worker returns it with each batch (nothing when caching is off)."""
    if paths.cache_dir() is None:
        return None
    reaches, cells, eyes = _entries(game, new_only=True)
    if not (reaches or cells or eyes):
        return None
    _mark(game, reaches, cells, eyes)
    _known(game).unsaved = True  # for a thread executor's process: its games' results are this one's
    return pack(game, reaches, cells, eyes)


def _mark(game: Game, reaches: list[Any], cells: list[Any], eyes: list[Any]) -> None:
    known = _known(game)
    known.reaches.update(k for k, _ in reaches)
    known.cells.update(k for k, _ in cells)
    for night, e, _ in eyes:
        known.eyes[night].add(e)


def load(game: Game) -> int:
    """Read the stored results for ``game``'s terrain into it; how many. A missing file reads as
    none; an unreadable or foreign one too, with a warning (the next ``save`` replaces it)."""
    path = store_path(game)
    if path is None or not path.is_file():
        return 0
    try:
        with np.load(path, allow_pickle=False) as z:
            packed = {k: z[k] for k in z.files}
        added = adopt(game, packed, from_worker=False)
    except (StoreError, OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as e:
        log.warning("the terrain cache %s could not be read (%s); it will be made again", path, e)
        return 0
    return added


def save(game: Game) -> Path | None:
    """Write ``game``'s results if it has any the file lacks (the path written, else None). Never
    raises: the cache only saves time, so a folder that cannot be written is passed over."""
    path = store_path(game)
    known = _known(game)
    fresh = _entries(game, new_only=True)
    if path is None or not (known.unsaved or any(fresh)):
        return None
    packed = pack(game, *_entries(game, new_only=False, limits=(STORED_REACHES, STORED_CELL_FIELDS, STORED_EYES)))
    buf = io.BytesIO()
    np.savez(buf, allow_pickle=False, **packed)
    try:
        write_atomic(path, buf.getvalue())
        for old in path.parent.glob(f"{path.name[:-21]}-{'?' * 16}.npz"):
            if old != path:  # made for an earlier version of the code or the map: never read again
                old.unlink(missing_ok=True)
    except OSError as e:
        log.warning("the terrain cache could not be written to %s (%s)", path, e)
        return None
    known.unsaved = False
    _mark(game, *fresh)
    return path
