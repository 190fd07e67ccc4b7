"""Triggers: every reference resolves, every effect can act, and a trigger that can never fire says why.

Conditions nest: ``any`` (a list of condition mappings, one must hold) and ``not`` (a mapping that
must not hold) contain the same keys as ``if`` itself, so the checks walk them with the same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from game.scenario.catalogue import KINDS, carrying
from game.scenario.checks.doc import Doc, Path, as_dict, as_list, is_number
from game.scenario.checks.timing import check_when

COMPARISONS = ("control", "alert", "units_in_zone")


def leaves(cond: dict[str, Any], path: Path, negated: bool = False) -> Iterator[tuple[str, Any, Path, bool]]:
    """Every plain condition inside ``cond`` (through any/not), with its path and whether it is negated."""
    for key, value in cond.items():
        if key == "any":
            for j, sub in enumerate(as_list(value)):
                yield from leaves(as_dict(sub), (*path, "any", j), negated)
        elif key == "not":
            yield from leaves(as_dict(value), (*path, "not"), not negated)
        else:
            yield key, value, (*path, key), negated


def reachable_phases(doc: Doc) -> set[str]:
    """Phases the game can enter: the first, then those set by triggers that can fire in a reachable phase.

    A trigger that needs phase P and is the only one to enter P never fires: it cannot open its own door.
    """
    phases = doc.ids("phases")
    reachable = set(phases[:1])
    grew = True
    while grew:
        grew = False
        for _, t in doc.records("triggers"):
            need = as_dict(t.get("if")).get("phase")
            need_list = need if isinstance(need, list) else [need] if need is not None else None
            if need_list is not None and not reachable.intersection(map(str, need_list)):
                continue
            for eff in as_list(t.get("do")):
                target = as_dict(eff).get("set_phase")
                if isinstance(target, str) and target not in reachable:
                    reachable.add(target)
                    grew = True
    return reachable


def check_triggers(doc: Doc) -> None:
    """Each trigger: its event, its conditions, its effects."""
    reachable = reachable_phases(doc)
    for i, t in doc.records("triggers"):
        tid = t.get("id", f"#{i}")
        if "on" in t:
            doc.err(("triggers", i, "on"), f"'on:' is now 'when:' (a YAML 1.1 reader such as PyYAML reads a bare on "
                    f"as true): write 'when: {t['on']}' on this line")
        elif "when" not in t or "do" not in t:
            doc.err(("triggers", i), f"trigger '{tid}' needs 'when' (the event) and 'do' (the effects)")
        cond = as_dict(t.get("if"))
        _phase(doc, i, tid, cond, reachable)
        for key, value, path, negated in leaves(cond, ("triggers", i, "if")):
            _condition(doc, tid, key, value, path, negated)
        _never_fires(doc, i, tid, t.get("when"), cond)
        if t.get("when") in KINDS or t.get("when") is None:
            for j, eff in enumerate(as_list(t.get("do"))):
                if isinstance(eff, dict) and len(eff) == 1:
                    verb, arg = next(iter(eff.items()))
                    _effect(doc, t, verb, arg, ("triggers", i, "do", j, verb))


def _phase(doc: Doc, i: int, tid: Any, cond: dict[str, Any], reachable: set[str]) -> None:
    ph = cond.get("phase")
    wanted = ph if isinstance(ph, list) else [ph] if ph is not None else []
    base = ("triggers", i, "if", "phase")
    known = [doc.ref((*base, j) if isinstance(ph, list) else base, p, "phases", "phase") for j, p in enumerate(wanted)]
    if wanted and all(known) and not any(isinstance(p, str) and p in reachable for p in wanted):
        names = "', '".join(map(str, wanted))
        doc.err(base, f"trigger '{tid}' can never fire: the game never enters phase '{names}' "
                "(it is not the first phase, and no trigger that can fire sets it)")


def _condition(doc: Doc, tid: Any, key: str, value: Any, path: Path, negated: bool) -> None:
    """References and bounds of one plain condition."""
    if key == "phase" and path[-2:-1] != ("if",):
        for j, p in enumerate(value if isinstance(value, list) else [value]):
            doc.ref((*path, j) if isinstance(value, list) else path, p, "phases", "phase")
    if key in ("side", "declared", "not_declared"):
        doc.ref(path, value, "sides", "side")
    elif key == "zone":
        doc.ref(path, value, "zones", "zone")
    elif key == "unit":
        doc.ref(path, value, "units", "unit") if value not in _spawned(doc) else None
    elif key == "arrived":
        for j, uid in enumerate(value if isinstance(value, list) else []):
            doc.ref((*path, j), uid, "units", "unit") if uid not in _spawned(doc) else None
    elif key == "unit_type":
        for j, v in enumerate(value if isinstance(value, list) else [value]):
            doc.ref((*path, j) if isinstance(value, list) else path, v, "unit_types", "unit type")
    elif key in COMPARISONS and isinstance(value, dict):
        doc.ref((*path, "side"), value.get("side"), "sides", "side")
        doc.ref((*path, "zone"), value.get("zone"), "zones", "zone")
    elif key == "counter" and isinstance(value, dict) and isinstance(value.get("name"), str) \
            and value["name"] not in _counters(doc):
        doc.err((*path, "name"), f"no effect ever changes the counter '{value['name']}'; counters start at 0 "
                f"and change only with '- counter: {{name: {value['name']}, add: 1}}'")
    if isinstance(value, dict):
        lo, hi = value.get("at_least"), value.get("at_most")
        if is_number(lo) and is_number(hi) and lo > hi and not negated:
            doc.err(path, f"trigger '{tid}' can never fire: at_least {lo} is above at_most {hi}")


def _effect_args(doc: Doc, verb: str, key: str) -> set[str]:
    """The ``key`` of every ``verb`` effect's mapping (counter names, spawned unit ids)."""
    out: set[str] = set()
    for _, t in doc.records("triggers"):
        for e in as_list(t.get("do")):
            value = as_dict(as_dict(e).get(verb)).get(key)
            if isinstance(value, str):
                out.add(value)
    return out


def _counters(doc: Doc) -> set[str]:
    return _effect_args(doc, "counter", "name")


def _spawned(doc: Doc) -> set[str]:
    return _effect_args(doc, "spawn", "id")


def _never_fires(doc: Doc, i: int, tid: Any, when: Any, cond: dict[str, Any]) -> None:
    """Conditions that can never hold for this event, and events that this scenario never produces."""
    at = ("triggers", i, "when")
    never = f"trigger '{tid}' can never fire"
    declaring = set(doc.section("declarations"))
    if when == "victory_declared" and not declaring:
        doc.err(at, f"{never}: no side may declare victory (no 'declarations')")
    if when == "arrived" and not any("arrives" in u for _, u in doc.records("units")):
        doc.err(at, f"{never}: no unit has 'arrives', so nothing ever arrives")
    if when == "tunnel_found" and not doc.nodes:
        doc.err(at, f"{never}: the scenario has no tunnel nodes to find")
    if when == "withdrawn" and not any("withdraw_zone" in as_dict(d) for d in doc.section("declarations").values()):
        doc.err(at, f"{never}: no declaration has a 'withdraw_zone', so no unit can withdraw")
    kind = KINDS.get(when) if isinstance(when, str) else None
    for key, _value, path, negated in leaves(cond, ("triggers", i, "if")):
        field = {"zone": "cell"}.get(key, key)
        if kind is not None and not negated and key in ("side", "zone", "ambush", "unit", "unit_type") \
                and not kind.carries(field) and (key != "ambush" or _value is True):
            doc.err(path, f"{never}: '{when}' events carry no {field}, so the condition '{key}' never holds; "
                    f"events that carry one: {', '.join(carrying(field))}")
    _never_for_side(doc, never, when, cond, i, declaring)
    _never_by_calendar(doc, never, cond, i)
    check_when(doc, ("triggers", i, "if"), cond)


def _never_for_side(doc: Doc, never: str, when: Any, cond: dict[str, Any], i: int, declaring: set[str]) -> None:
    """A side condition no event of this kind can meet for this scenario's sides."""
    side = cond.get("side")
    path = ("triggers", i, "if", "side")
    if isinstance(cond.get("declared"), str) and cond["declared"] not in declaring and cond["declared"] in doc.ids("sides"):
        doc.err(("triggers", i, "if", "declared"), f"{never}: side '{cond['declared']}' has no entry in "
                "'declarations', so it never declares victory")
    if not isinstance(side, str) or side not in doc.ids("sides"):
        return
    if when == "victory_declared" and declaring and side not in declaring:
        doc.err(path, f"{never}: side '{side}' has no entry in 'declarations'")
    if when == "withdrawn" and "withdraw_zone" not in as_dict(doc.section("declarations").get(side)):
        doc.err(path, f"{never}: side '{side}' has no declaration with a 'withdraw_zone', so none of its units "
                "withdraws")
    abilities = {tid: set(as_list(as_dict(t).get("abilities"))) for tid, t in doc.section("unit_types").items()}
    factions = doc.section("factions")
    own = [u for _, u in doc.records("units") if as_dict(factions.get(u.get("faction"))).get("side") == side]
    if when == "combat" and cond.get("ambush") is True and \
            not any("tunnels" in abilities.get(u.get("type"), set()) for u in own):
        doc.err(path, f"{never}: an ambush comes out of a tunnel, and no unit of side '{side}' has the "
                "'tunnels' ability")
    if when == "tunnel_found" and isinstance(cond.get("zone"), str) and doc.grid is not None:
        try:
            cells = doc.zone_cells(cond["zone"])
        except Exception:  # noqa: BLE001 - a union loop is reported with the zones
            return
        if not any(tuple(as_list(as_dict(n).get("at"))) in cells for n in doc.nodes.values()):
            doc.err(("triggers", i, "if", "zone"), f"{never}: zone '{cond['zone']}' has no tunnel node to find")


def _never_by_calendar(doc: Doc, never: str, cond: dict[str, Any], i: int) -> None:
    cal = doc.calendar
    if cal is None:
        return
    pt = cond.get("phase_turns_at_least")
    if isinstance(pt, int) and pt >= cal.turns:
        doc.err(("triggers", i, "if", "phase_turns_at_least"), f"{never}: a phase cannot last {pt} turns in a "
                f"game of {cal.turns}")
    lo, hi = cond.get("turn_at_least"), cond.get("turn_at_most")
    if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
        doc.err(("triggers", i, "if"), f"{never}: turn_at_least {lo} is after turn_at_most {hi}")
    if isinstance(cond.get("night"), bool) and cond["night"] not in {cal.is_night(n) for n in range(1, cal.turns + 1)}:
        doc.err(("triggers", i, "if", "night"), f"{never}: no turn of this calendar is "
                f"{'a night' if cond['night'] else 'a day'} turn")


def _effect(doc: Doc, t: dict[str, Any], verb: str, arg: Any, p: Path) -> None:
    """The references of one effect, and effects that could not do what they say."""
    if verb == "set_phase":
        doc.ref(p, arg, "phases", "phase")
    elif verb == "narrate":
        doc.ref(p, arg, "narration", "narration") if isinstance(arg, str) else None
        if isinstance(arg, dict):
            doc.ref((*p, "narration"), arg.get("narration"), "narration", "narration")
            doc.ref((*p, "to"), arg.get("to"), "sides", "side")
    elif verb == "reinforce":
        for k, uid in enumerate(as_list(arg)):
            if uid not in doc.units_by_id:
                doc.ref((*p, k), uid, "units", "unit")
            elif not isinstance(doc.units_by_id[uid].get("arrives"), dict):
                doc.err((*p, k), f"unit '{uid}' is on the map from the start; only units with 'arrives' can be "
                        "brought in")
    elif isinstance(arg, dict):
        from game.scenario.checks.effects import check_effect_arg

        check_effect_arg(doc, t, verb, arg, p)
