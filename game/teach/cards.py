"""Beat cards: what happened at a phase change, why (the rule event and the scenario trigger),
what each side knew at that moment, and the sources, in neutral words for a classroom."""

from __future__ import annotations

from dataclasses import dataclass

from game.cli.account import Account
from game.engine.events import Event
from game.report.collectors import describe_trigger
from game.teach.timeline import Beat, Timeline


@dataclass(frozen=True)
class BeatCard:
    phase: str
    title: str
    when: str
    what: list[str]  # narration paragraphs, with their [S..] markers
    why: list[str]  # the event that woke the trigger and the trigger's conditions
    knew: dict[str, str]  # side name -> what that side could see and knew
    sources: list[tuple[str, str]]  # (marker, title)


def beat_card(tl: Timeline, beat: Beat) -> BeatCard:
    sc = tl.game.scenario
    events = tl.session.events
    phase_spec = next((p for p in sc.phases if p.id == beat.phase), None)
    what: list[str] = []
    markers: list[str] = list(phase_spec.sources) if phase_spec else []
    for ev in events[beat.event_index + 1:beat.event_index + 4]:
        if ev.kind == "narration":
            what.append(ev.get("text"))
            markers += [m for m in ev.get("sources") if m not in markers]
            break
    if not what and phase_spec and phase_spec.description:
        what.append(phase_spec.description)
    why = _why(tl, beat, events)
    knew = {sc.sides[s].name: _knew(tl, beat.position, s) for s in tl.game.sides}
    sources = [(m, sc.sources.get(m, {}).get("title", "")) for m in markers]
    when = f"{beat.date} {beat.time}, turn {beat.turn}"
    return BeatCard(beat.phase, beat.name, when, what, why, knew, sources)


def _why(tl: Timeline, beat: Beat, events: list[Event]) -> list[str]:
    sc = tl.game.scenario
    if beat.position == 0:
        return ["The scenario starts in this phase."]
    trig_ev = next((events[i] for i in range(beat.event_index - 1, -1, -1) if events[i].kind == "trigger"), None)
    if trig_ev is None:
        return []
    trig = next(t for t in sc.triggers if t.id == trig_ev.get("trigger"))
    zone = (trig.conditions.get("control") or {}).get("zone") if trig.on == "control" else None
    woke = next((events[i] for i in range(beat.event_index - 1, -1, -1)
                 if events[i].kind == trig_ev.get("on") and (zone is None or events[i].get("zone") == zone)), None)
    out = []
    if woke is not None:
        said = list(Account(tl.game).lines([woke]))
        detail = " ".join(s.strip() for s in said) or _plain(woke)
        out.append(f"What set it off: {detail}")
        rule = _rule_note(woke)
        if rule:
            out.append(rule)
    out.append(f"Why this phase began: {describe_trigger(trig.id, trig.on, trig.conditions)}.")
    return out


def _plain(ev: Event) -> str:
    if ev.kind == "control":
        shares = ", ".join(f"{s} {v:.0%}" for s, v in ev.get("shares").items())
        return f"control of {ev.get('zone')} changed: {shares}."
    return f"a {ev.kind.replace('_', ' ')} event."


def _rule_note(ev: Event) -> str:
    """The rule behind a combat, in one sentence (see docs/rules.md)."""
    if ev.kind != "combat":
        return ""
    notes = []
    if ev.get("ambush"):
        notes.append("a unit that comes out of a tunnel attacks that turn with an ambush bonus")
    if ev.get("surprise"):
        notes.append("a stood-down unit is surprised: it defends and fires back at half strength")
    if ev.get("suicide"):
        notes.append("a suicide attack ignores cover; only an alert defender can stop it")
    return ("The rules at work: " + "; ".join(notes) + ".") if notes else ""


def _knew(tl: Timeline, position: int, side: str) -> str:
    """What one side could see at this moment, against what was really there."""
    game = tl.game
    state = tl.state_at(position)
    obs = game.observe(state, side)
    decl = [d.zone for s, d in game.scenario.declarations.items()]
    zone = decl[0] if decl else next(iter(game.scenario.zones))
    mask = game.zone_masks[zone]
    zname = game.scenario.zones[zone].name
    seen = sum(1 for e in obs.enemies() if mask[e.y, e.x])
    real = [u for u in state.units.values() if u.side != side and u.status == "active" and mask[u.y, u.x]]
    hidden = sum(1 for u in real if u.underground)
    own = obs.own()
    if not own:
        return "had no units on the map yet."
    stood = sum(1 for u in own if u.posture == "stood_down")
    nodes = len(game.nodes)
    parts = [f"saw {seen} enemy unit{'s' if seen != 1 else ''} in {zname} (really there: {len(real)}, "
             f"{hidden} of them in tunnels)",
             f"knew {len(obs.known_nodes)} of {nodes} tunnel entrances",
             f"{stood} of {len(own)} of its units stood down"]
    return "; ".join(parts) + "."
