"""Monte Carlo summaries, the format shared by simulate, the educator's odds, lessons and reports.

The format (documented in docs/report.md) is a small JSON document::

    {"policies": {
        "historical": {"runs": 200,
                       "outcomes": {"isis": 120, "government": 70, "none": 10},
                       "beats": {"premature_victory": 190, "ambush": 150, "retreat": 140, "counterattack": 130},
                       "casualties": {"saa": 21.5, "isis": 48.0},
                       "crossing": {"government": 180, "none": 20}},
        "vigilant": {...}}}

``runs`` is required; ``outcomes`` (winner -> runs; "none" or "draw" when no side won) and
``beats`` (phase id -> runs in which that phase began) are counts out of ``runs``. The optional
``casualties`` (faction -> mean strength lost, or {"mean": x}) and ``crossing`` (side -> runs in
which it held the border crossing at the end) are shown as tables. Other keys (date
distributions, metadata) are ignored. A single policy's summary, as ``simulate --json`` prints
it (``runs`` and ``outcomes`` at the top level, the policy's name under ``policy``), is accepted
too.

Why intervals: with a fixed policy every run differs only by the dice, so the spread of one
policy's results is luck; the gap between two policies, beyond their 95% intervals, is decision.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NO_WINNER = frozenset({"none", "null", "draw", "", "no winner"})


class OddsError(Exception):
    """A Monte Carlo summary that cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class PolicyOdds:
    name: str
    runs: int
    outcomes: dict[str, int]
    beats: dict[str, int]
    casualties: dict[str, float] = field(default_factory=dict)
    crossing: dict[str, int] = field(default_factory=dict)

    def share(self, count: int) -> float:
        return count / self.runs

    def interval(self, count: int) -> tuple[float, float]:
        return wilson(count, self.runs)


@dataclass(frozen=True)
class Odds:
    policies: tuple[PolicyOdds, ...]
    side: str | None = None  # the side whose decisions differ between the policies, when the run says
    start: int | None = None  # the action of the line the runs started from ("from_action"), when it says

    @property
    def outcome_keys(self) -> list[str]:
        keys: dict[str, None] = {}
        for p in self.policies:
            keys.update(dict.fromkeys(p.outcomes))
        return list(keys)

    def beat_keys(self, order: list[str] | None = None) -> list[str]:
        keys: dict[str, None] = {}
        for p in self.policies:
            keys.update(dict.fromkeys(p.beats))
        order = order or []
        return sorted(keys, key=lambda k: (order.index(k) if k in order else len(order), k))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a share k/n: honest at small n and near 0 or 1."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    # exactly 0 and 1 at the ends (rounding gave 0.99999... for 6 of 6, so the share fell outside its own interval)
    return (max(0.0, centre - half) if k > 0 else 0.0, min(1.0, centre + half) if k < n else 1.0)


def read_odds(path: str | Path) -> Odds:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OddsError(f"{p}: no such file") from None
    except UnicodeDecodeError:
        raise OddsError(f"{p}: this is not a Monte Carlo summary (it is not text)") from None
    except OSError as e:
        raise OddsError(f"{p}: cannot read it ({e.strerror})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise OddsError(f"{p}: this is not a JSON Monte Carlo summary (line {e.lineno}: {e.msg})") from None
    return parse_odds(doc, str(p))


def parse_odds(doc: Any, where: str = "odds") -> Odds:
    """Check and convert a summary document; every problem is reported as one plain sentence."""
    if not isinstance(doc, dict):
        raise OddsError(f"{where}: a Monte Carlo summary is a JSON object")
    if "runs" in doc:  # one study as ``simulate --json`` prints it ('policies' there is side -> policy name)
        pols = doc.get("policies")
        named = ", ".join(f"{s}={n}" for s, n in pols.items()) if isinstance(pols, dict) else ""
        items = [(str(doc.get("policy") or named or "simulation"), doc)]
    elif "policies" in doc:
        pols = doc["policies"]
        if not isinstance(pols, dict) or not pols:
            raise OddsError(f"{where}: 'policies' must map each policy name to its summary")
        items = list(pols.items())
    else:
        raise OddsError(f"{where}: no 'policies' (or 'runs') found; see docs/report.md for the format")
    side = doc.get("side") if isinstance(doc.get("side"), str) else None
    start = doc.get("from_action")
    start = start if isinstance(start, int) and not isinstance(start, bool) and start >= 0 else None
    return Odds(tuple(_policy(str(name), body, where) for name, body in items), side, start)


def _policy(name: str, body: Any, where: str) -> PolicyOdds:
    at = f"{where}: policy '{name}'"
    if not isinstance(body, dict):
        raise OddsError(f"{at} must be an object with 'runs', 'outcomes' and 'beats'")
    runs = body.get("runs")
    if isinstance(runs, bool) or not isinstance(runs, int) or runs <= 0:
        raise OddsError(f"{at}: 'runs' must be a positive whole number")
    outcomes = _counts(body.get("outcomes", {}), runs, f"{at}: 'outcomes'")
    if sum(outcomes.values()) > runs:
        raise OddsError(f"{at}: the outcomes add up to more than {runs} runs")
    beats = _counts(body.get("beats", {}), runs, f"{at}: 'beats'")
    crossing = _counts(body.get("crossing", {}), runs, f"{at}: 'crossing'") \
        if isinstance(body.get("crossing", {}), dict) else {}
    casualties: dict[str, float] = {}
    cas = body.get("casualties", {})
    if isinstance(cas, dict):
        for k, v in cas.items():
            val = v.get("mean") if isinstance(v, dict) else v
            if isinstance(val, int | float) and not isinstance(val, bool) and math.isfinite(val):
                casualties[str(k)] = float(val)
    return PolicyOdds(name, runs, outcomes, beats, casualties, crossing)


def _counts(value: Any, runs: int, what: str) -> dict[str, int]:
    if not isinstance(value, dict):
        raise OddsError(f"{what} must map names to counts of runs")
    out: dict[str, int] = {}
    for k, v in value.items():
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= runs:
            raise OddsError(f"{what}: '{k}' must be a count between 0 and {runs}")
        key = "none" if k is None or str(k).lower() in NO_WINNER else str(k)
        out[key] = out.get(key, 0) + v
    return out
