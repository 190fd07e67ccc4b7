"""Games for the report tests, played once per test run and shared between the test files.

The historical policies play every side (the five beats happen); the branch leaves the historical
line at the start of turn 5 with a vigilant government, as a teacher's "what if" would.
"""

from __future__ import annotations

import functools
from pathlib import Path

from game.ai.base import play_side_turn
from game.ai.registry import make_policy
from game.report.builder import Other, Report, build_report, render_html
from game.session import Session, load

BRANCH_TURN = 5


def play_out(session: Session, policies: dict[str, str], seed: int = 1) -> Session:
    pol = {side: make_policy(policies.get(side, "historical"), side, seed) for side in session.game.sides}
    while not session.state.over:
        play_side_turn(session.game, session.state, pol[session.game.current_side(session.state)], apply=session.play)
    return session


@functools.cache
def historical() -> Session:
    return play_out(Session.new("abu_kamal_2017", seed=1), {})


@functools.cache
def branch() -> tuple[Session, int]:
    """A vigilant-government branch of the historical game and the number of actions they share by design."""
    hist = historical()
    n = hist.snapshots[BRANCH_TURN][0]
    b = hist.branch(n)
    b.meta["branch_of"] = {"save": "historical.json", "at_action": n}
    return play_out(b, {"government": "vigilant"}), n


def save_pair(folder: Path) -> tuple[Path, Path]:
    """Write historical.json and branch.json side by side (the branch names its base by file name)."""
    hist_path = historical().save(folder / "historical.json")
    branch_path = branch()[0].save(folder / "branch.json")
    return hist_path, branch_path


@functools.cache
def historical_report() -> tuple[Report, str]:
    r = build_report(historical(), save_file="historical.json")
    return r, render_html(r)


def branch_report(folder: Path) -> tuple[Report, str]:
    """The report of the branch saved in ``folder``, compared with the historical save beside it."""
    hist_path, branch_path = save_pair(folder)
    b = load(branch_path)
    r = build_report(b, save_file=branch_path.name, other=Other(load(hist_path), "Historical line", hist_path.name),
                     maps="none")  # the maps are tested on the historical report; this one is about the comparison
    return r, render_html(r)
