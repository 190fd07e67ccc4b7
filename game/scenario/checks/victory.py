"""Declarations and victory: known sides and zones, every side scored, thresholds that can all be met."""

from __future__ import annotations

from game.scenario.checks.doc import Doc, as_dict, as_list, is_number


def check_declarations(doc: Doc) -> None:
    """A declaration names a side and zones that exist, and a loss threshold below what it needs."""
    for sid, dec in doc.section("declarations").items():
        doc.ref(("declarations", sid), sid, "sides", "side")
        if not isinstance(dec, dict):
            continue
        for k in ("zone", "withdraw_zone"):
            if k in dec:
                doc.ref(("declarations", sid, k), dec[k], "zones", "zone")
        need, lost = dec.get("min_control"), dec.get("lost_below")
        if is_number(need) and is_number(lost) and lost > need:
            doc.err(("declarations", sid, "lost_below"), f"lost_below {lost} is above min_control {need}: the "
                    "declaration would be undone the moment it is made; use a value at or below min_control")


def check_victory(doc: Doc) -> None:
    """Every side has victory conditions, objectives name zones, and a win is above a loss."""
    vic = doc.section("victory")
    for sid, v in vic.items():
        doc.ref(("victory", sid), sid, "sides", "side")
        for j, o in enumerate(as_list(as_dict(v).get("objectives"))):
            if isinstance(o, dict):
                doc.ref(("victory", sid, "objectives", j, "zone"), o.get("zone"), "zones", "zone")
        win, lose = as_dict(v).get("win_at"), as_dict(v).get("lose_below")
        if is_number(win) and is_number(lose) and win < lose:
            doc.err(("victory", sid, "win_at"), f"win_at {win} is below lose_below {lose}: a score between them "
                    "would be both a win and a loss; win_at must be at least lose_below")
    for sid in doc.section("sides"):
        if vic and sid not in vic:
            doc.err(("victory",), f"side '{sid}' has no victory conditions")
