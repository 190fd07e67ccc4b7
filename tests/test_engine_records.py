"""Records filled directly (``records.filled``) are the very records their constructors make."""

from __future__ import annotations

import dataclasses

from game.engine.events import Event
from game.engine.observation import UnitView, view_of
from game.engine.records import filled
from game.engine.state import Unit


def test_a_filled_record_equals_and_hashes_like_the_constructed_one() -> None:
    fields = {"kind": "move", "turn": 3, "date": "2017-11-08", "time": "06:00", "data": {"unit": "u"},
              "seen_by": frozenset({"isis"})}
    made = filled(Event, fields)
    assert made == Event(**fields)
    assert dataclasses.asdict(made) == dataclasses.asdict(Event(**fields))


def test_a_unit_view_is_what_the_constructor_makes_from_the_same_fields() -> None:
    u = Unit(id="u", type="t", faction="f", side="s", name="n", x=1, y=2, strength=3, max_strength=3, morale=50,
             mp=6, fatigue=2, node="n1", underground=True)
    for full in (True, False):
        v = view_of(u, full)
        names = [f.name for f in dataclasses.fields(UnitView)]
        built = UnitView(**{n: getattr(v, n) for n in names})
        assert v == built and hash(v) == hash(built)
        assert set(vars(v)) == set(names)  # every field filled, nothing else
    enemy = view_of(u, False)
    assert (enemy.underground, enemy.node, enemy.morale, enemy.mp) == (False, None, None, None)
