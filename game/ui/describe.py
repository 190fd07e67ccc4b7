"""Words for what the player sees: the selected unit's panel, cell tooltips, the turn banner and the
attack preview. Built from one side's observation only, so no hidden information can slip in.
"""

from __future__ import annotations

from game.control.orders import approach_cell, in_words
from game.engine.combat import Prediction
from game.engine.movement import MP_SCALE
from game.engine.observation import Observation, UnitView
from game.engine.options import UnitOptions
from game.engine.state import ALERT
from game.engine.tally import zone_share
from game.narrate.grammar import stamp_label
from game.ui.briefing import modifiers_html
from game.ui.widgets import esc, tone


def mp_text(v: int | None) -> str:
    return f"{(v or 0) / MP_SCALE:.1f}".rstrip("0").rstrip(".")


def when(obs: Observation) -> str:
    """The turn's start with its weekday ('Mon 6 Nov 2017, 06:00'), in the narrator's day label."""
    start = obs.game.scenario.calendar.turn_start(obs.turn)
    return f"{start:%a} {stamp_label(obs.game.date_of(obs.turn))}"


def banner_left(obs: Observation, short: bool = False) -> str:
    game = obs.game
    phase = game.phase_names.get(obs.phase, obs.phase)
    part = "night" if obs.night else "day"
    if short:
        return f"Turn {obs.turn}/{game.scenario.calendar.turns} · {stamp_label(game.date_of(obs.turn), year=False)} ({part})"
    return f"Turn {obs.turn} of {game.scenario.calendar.turns} · {when(obs)} ({part}) · {phase}"


def banner_right(obs: Observation, status: str) -> str:
    game = obs.game
    side = obs.side
    dec = game.scenario.declarations.get(side or "")
    parts = [status]
    if side is not None:
        parts.append(f"{obs.points.get(side, 0.0):.1f} points")
        zone = dec.zone if dec else None
        vic = game.scenario.victory.get(side)
        if zone is None and vic is not None and vic.objectives:
            zone = vic.objectives[0].zone
        if zone:
            parts.append(f"{game.scenario.zones[zone].name} {zone_share(game, obs.control, zone, side):.0%} held")
    return " · ".join(parts)


Seg = tuple[str, str, bool]  # text, tone, bold


def unit_lines(obs: Observation, uid: str, options: UnitOptions | None = None) -> list[list[Seg]]:
    """The side panel's text for a unit the side can see (its own or a visible enemy); ``options``:
    the engine's options for it, when the caller holds them (the controller keeps them per state)."""
    u = obs.units.get(uid)
    if u is None:
        return [[("No unit selected.", "dim", False)]]
    sc = obs.game.scenario
    ut = sc.unit_types[u.type]
    fac = sc.factions[u.faction]
    own = u.side == obs.side
    lines: list[list[Seg]] = [[(u.name, "title", True)], [(f"{fac.name} · {ut.name}", "dim", False)]]
    lost = u.max_strength - u.strength
    st: list[Seg] = [("Strength ", "info", False), (str(u.strength), "info", True), (f" of {u.max_strength}", "info", False)]
    if lost > 0:
        st.append((f"  ({lost} lost)", "warn", False))
    lines.append(st)
    terrain = sc.terrain_at(u.cell)
    lines.append([(f"At {u.x},{u.y} · {terrain.name} (defence ×{terrain.defence:g})", "info", False)])
    if own:
        status: list[Seg] = []
        if u.underground:
            node = sc.tunnels.nodes.get(u.node or "")
            status.append((f"underground at {node.name if node else u.node}", "warn", False))
        status.append(("alert", "info", False) if u.posture == ALERT else ("stood down", "warn", False))
        if u.broken:
            status.append(("broken: falls back", "bad", False))
        if u.suppressed:
            status.append(("suppressed", "warn", False))
        status.append((f"morale {u.morale}", "info", False))
        if u.fatigue:
            cost = sc.rules.fatigue_penalty * u.fatigue
            status.append((f"fatigue {u.fatigue} (−{cost:.0%} attack and defence)", "warn" if cost >= 0.15 else "info",
                           False))
        joined: list[Seg] = []
        for i, seg in enumerate(status):
            if i:
                joined.append((" · ", "dim", False))
            joined.append(seg)
        lines.append(joined)
        if u.underground and obs.current_side == obs.side:  # the engine's warning, before the order, not after
            risk = (options or obs.game.unit_options(obs, uid)).orders["emerge"].risk
            if risk:
                lines.append([(f"Coming out (U): {in_words(obs, risk)}.", "warn", False)])
        if u.fatigue and sc.rules.fatigue_penalty * u.fatigue >= 0.15 and u.posture == ALERT and not u.underground:
            lines.append([(f"Tired: stand it down (P) where no enemy is near; it recovers {sc.rules.rest_recovery} "
                           "fatigue a turn at rest.", "warn", False)])
        lines.append([("Movement ", "info", False), (mp_text(u.mp), "info", True),
                      (f" of {ut.move:g} · attack {ut.attack:g} · defence {ut.defence:g}"
                       + (f" · range {ut.range}" if ut.range > 1 else ""), "info", False)])
        done = [w for w, on in (("moved", u.moved), ("attacked", u.attacked), ("acted", u.acted)) if on]
        if done:
            lines.append([("This turn: " + ", ".join(done), "dim", False)])
        skills = sorted(ut.abilities - {"armour"})
        if skills:
            lines.append([("Abilities: " + ", ".join(skills), "dim", False)])
    else:
        state = "alert" if u.posture == ALERT else "stood down"
        extra = ", broken" if u.broken else ""
        lines.append([(f"Seen now: {state}{extra}", "enemy", False)])
        lines.append([(f"Attack {ut.attack:g} · defence {ut.defence:g} · range {ut.range}", "dim", False)])
    spec = next((s for s in sc.units if s.id == uid), None)
    if spec is not None and spec.assumption:  # what the sources do not give, in the scenario's own words
        lines.append([(spec.assumption, "dim", False)])
    return lines


def lines_html(lines: list[list[Seg]]) -> str:
    """The same lines as pygame_gui HTML (for dialogs)."""
    out = []
    for line in lines:
        parts = []
        for text, tone_name, bold in line:
            t = tone(text, tone_name)
            parts.append(f"<b>{t}</b>" if bold else t)
        out.append("".join(parts))
    return "<br>".join(out)


def cell_tooltip(obs: Observation, cell: tuple[int, int], selected: UnitView | None = None,
                 can_reach: bool = False, path_cost: int | None = None,
                 options: UnitOptions | None = None) -> list[tuple[str, str]]:
    """Tooltip lines (text, role) for a map cell; ``options``: the selected unit's ``unit_options``
    on the viewer's turn (what it may attack there, and why not)."""
    sc = obs.game.scenario
    x, y = cell
    t = sc.terrain_at(cell)
    out: list[tuple[str, str]] = [(f"{t.name}  ({x},{y})", "head")]
    bits = [f"defence ×{t.defence:g}"]
    if t.cover:
        bits.append(f"cover {t.cover:.0%}")
    if t.move_cost is None or t.river:
        bits.append("impassable on foot")
    else:
        bits.append(f"move cost {t.move_cost:g}")
    if t.blocks_sight:
        bits.append("blocks sight")
    out.append((", ".join(bits), "dim"))
    zones = [z.name for zid, z in sc.zones.items() if obs.game.zone_masks[zid][y, x] and zid in _named_zones(obs)]
    if zones:
        out.append((" · ".join(zones[:3]), "text"))
    if not obs.visible[y, x]:
        out.append(("Not in sight now", "dim"))
    holder = int(obs.control[y, x])
    if holder >= 0:
        out.append((f"Held by {sc.sides[obs.game.sides[holder]].name}" + ("" if obs.visible[y, x] else " (when last seen)"),
                    "text"))
    for nid in obs.known_nodes:
        n = sc.tunnels.nodes[nid]
        if tuple(n.at) == cell:
            state = "collapsed" if nid in obs.collapsed else "open"
            out.append((f"Tunnel entrance: {n.name or nid} ({state})", "warn"))
    for u in obs.units.values():
        if u.cell == cell:
            ut = sc.unit_types[u.type]
            who = "" if u.side == obs.side else f" [{sc.factions[u.faction].name}]"
            under = ", underground" if u.underground else ""
            out.append((f"{u.name}{who}: {ut.name}, strength {u.strength}/{u.max_strength}{under}",
                        "text" if u.side == obs.side else "warn"))
    for _uid, s in obs.last_seen.items():
        if (s.x, s.y) == cell:
            ut = sc.unit_types.get(s.type)
            out.append((f"Last seen on turn {s.turn}: {ut.name if ut else s.type} ({sc.factions[s.faction].name}), "
                        f"strength {s.strength}", "dim"))
    if selected is not None and selected.side == obs.side:
        friend = next((u for u in obs.units.values() if u.cell == cell and u.side == obs.side and u.id != selected.id),
                      None)
        if friend is not None:
            out.append((f"Click: select {friend.name}", "text"))
        if can_reach and path_cost is not None:
            how = "Shift+click: move" if friend is not None else "Move"
            out.append((f"{how} {selected.name} here: {mp_text(path_cost)} of {mp_text(selected.mp)} movement",
                        "good"))
        enemy = next((u for u in obs.units.values() if u.cell == cell and u.side != obs.side), None)
        if enemy is not None and options is not None:  # the engine says whether it may attack, and why not
            if enemy.id in options.targets:
                out.append(("Click or Enter: preview an attack", "warn"))
            elif approach_cell(obs, selected, enemy, options) is not None:
                out.append(("Click or Enter: move next to it, then preview an attack", "warn"))
            else:
                why = options.not_targets.get(enemy.id) or options.why_not("attack") or "it cannot attack now"
                out.append((f"No attack: {in_words(obs, why)}", "dim"))
    return out


def _named_zones(obs: Observation) -> set[str]:
    sc = obs.game.scenario
    keep = set()
    for v in sc.victory.values():
        keep |= {o.zone for o in v.objectives}
    keep |= {d.zone for d in sc.declarations.values()}
    keep |= {zid for zid, z in sc.zones.items() if len(z.cells) <= 40}
    return keep


def attack_html(obs: Observation, attacker: UnitView, defender: UnitView, p: Prediction) -> str:
    sc = obs.game.scenario
    t = sc.terrain_at(defender.cell)
    rows = [
        f"<b>{esc(attacker.name)}</b> ({attacker.strength} steps) attacks <b>{esc(defender.name)}</b> "
        f"({defender.strength} steps) in {esc(t.name.lower())}.",
        "",
        f"Expected enemy losses: <b>{p.defender_loss_mean:.1f}</b> ± {p.defender_loss_sd:.1f} steps",
        f"Expected own losses: <b>{p.attacker_loss_mean:.1f}</b> ± {p.attacker_loss_sd:.1f} steps",
        f"Chance the enemy unit is destroyed: {p.p_defender_destroyed:.0%}",
        f"Chance it breaks and falls back: {p.p_defender_breaks:.0%}",
    ]
    notes = []
    if p.suicide:
        notes.append(f"a suicide attack: the attacking unit is spent; stopped before it strikes {p.intercept:.0%}")
    if p.surprise:
        notes.append("the defender is surprised (stood down or already hit this turn)")
    if p.ambush:
        notes.append("ambush: the attacker came out of a tunnel this turn")
    if notes:
        rows.append("")
        rows += [tone(n[0].upper() + n[1:] + ".", "warn") for n in notes]
    rows += ["", modifiers_html(p), ""]
    rows.append(tone("Losses are drawn at random; the ± figure is one standard deviation.", "dim"))
    return "<br>".join(rows)


def date_title(game: object, turn: int) -> str:
    """A turn's start as a title says it ('6 Nov 2017, 06:00'), in the narrator's day label."""
    return stamp_label(game.date_of(turn))  # type: ignore[attr-defined]
