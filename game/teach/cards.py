"""Beat cards and step text for the educator: what happened, why, and what each side knew.

A class reads the card: the narration, the "why" in plain words (the event that set the beat off,
the rule at work, the scenario's condition with names instead of ids) and what each side could see
against what was really there. The technical detail (trigger id, event kind, raw conditions) is
kept apart in ``BeatCard.detail`` for a teacher who asks for it. All words come from the narrator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from game.engine.events import Event
from game.engine.game import Game
from game.engine.state import STOOD_DOWN
from game.narrate import Narrator
from game.narrate.grammar import count, when_label
from game.narrate.narrator import SILENT
from game.scenario.sources import cited_line
from game.teach.timeline import Beat, Timeline


@dataclass(frozen=True)
class BeatCard:
    """One beat of the story as a card: title, date, narration, why, who knew what, sources."""

    phase: str
    title: str
    when: str
    what: list[str]  # narration paragraphs, with their [S..] markers
    why: list[str]  # plain words for a class: what set it off, the rule at work, the scenario's condition
    knew: dict[str, str]  # side name -> what that side could see and knew
    sources: list[tuple[str, str]]  # (marker, title)
    detail: list[str] = field(default_factory=list)  # technical: trigger id, event kind, raw conditions


def beat_card(tl: Timeline, beat: Beat) -> BeatCard:
    """The card shown when the timeline reaches ``beat``."""
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
    # the sources' account of the days this beat lasts (in a what-if only up to the next day: with no
    # later beat, the historical reports of the following week would read as that game's story)
    meta = tl.session.meta if isinstance(tl.session.meta, dict) else {}
    last_day = _next_day(beat.date) if meta.get("mode") == "branch" else "9999-12-31"
    for ev in events[beat.event_index + 1:next_beat_index(events, beat.event_index)]:
        if ev.kind == "narration" and ev.get("text") not in what and ev.date <= last_day:
            what.append(f"{when_label(ev.date, ev.time)}: {ev.get('title')}. {ev.get('text')}")
            markers += [m for m in ev.get("sources") if m not in markers]
    why, detail = _why(tl, beat, events)
    narrator = Narrator(tl.game)
    knew = {narrator.side(s): _knew(tl, beat.position, s) for s in tl.game.sides}
    sources = [(m, cited_line(sc.sources, m)) for m in markers]
    when = f"{when_label(beat.date, beat.time)}, turn {beat.turn}"
    return BeatCard(beat.phase, beat.name, when, what, why, knew, sources, detail)


def _next_day(date: str) -> str:
    """'2017-11-09' -> '2017-11-10' (ISO dates compare as text); an unparsed date limits nothing."""
    import datetime as dt

    try:
        return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return "9999-12-31"


def next_beat_index(events: list[Event], index: int) -> int:
    """The index of the next phase event after ``index`` (or the end of the log)."""
    return next((i for i in range(index + 1, len(events)) if events[i].kind == "phase"), len(events))


def _why(tl: Timeline, beat: Beat, events: list[Event]) -> tuple[list[str], list[str]]:
    """(plain words for the class, technical detail for the teacher)."""
    sc = tl.game.scenario
    if beat.position == 0:
        return ["The scenario starts in this phase."], []
    trig_ev = next((events[i] for i in range(beat.event_index - 1, -1, -1) if events[i].kind == "trigger"), None)
    if trig_ev is None:
        return [], []
    trig = next(t for t in sc.triggers if t.id == trig_ev.get("trigger"))
    zone = (trig.conditions.get("control") or {}).get("zone") if trig.on == "control" else None
    woke = next((events[i] for i in range(beat.event_index - 1, -1, -1)
                 if events[i].kind == trig_ev.get("on") and (zone is None or events[i].get("zone") == zone)), None)
    narrator = Narrator(tl.game)  # the teacher's view: every name
    out: list[str] = []
    detail = [f"Trigger: {narrator.trigger_detail(trig)}."]
    if woke is not None:
        said = " ".join(narrator.event_lines(woke)) or "an event the scenario watches for."
        out.append(f"What set it off: {said}")
        rule = _rule_note(woke)
        if rule:
            out.append(rule)
        detail.append(f"Event: {woke.kind} on turn {woke.turn} ({when_label(woke.date, woke.time)}).")
    plain = narrator.trigger_why(trig)
    out.append(f"Why this phase began: the scenario moves on {plain[:1].lower()}{plain[1:]}")
    return out, detail


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
    """What one side could see at this moment, against what was really there (the god view)."""
    game = tl.game
    state = tl.state_at(position)
    obs = game.observe(state, side)
    truth = game.observe(state, None)
    decl = [d.zone for d in game.scenario.declarations.values()]
    zone = decl[0] if decl else next(iter(game.scenario.zones))
    mask = game.zone_masks[zone]
    zname = Narrator(game).zone(zone)
    seen = sum(1 for e in obs.enemies() if mask[e.y, e.x])
    real = [u for u in truth.units.values() if u.side != side and mask[u.y, u.x]]
    hidden = sum(1 for u in real if u.underground)
    own = obs.own()
    if not own:
        return "had no units on the map yet."
    stood = sum(1 for u in own if u.posture == STOOD_DOWN)
    nodes = len(game.nodes)
    parts = [f"saw {count(seen, 'enemy unit')} in {zname} (really there: {len(real)}, {hidden} of them in tunnels)",
             f"knew {len(obs.known_nodes)} of {nodes} tunnel entrances",
             f"{stood} of {len(own)} of its units stood down"]
    return "; ".join(parts) + "."


def step_text(game: Game, viewer: str | None, events: Iterable[Event]) -> list[tuple[str, str]]:
    """One step of the timeline as (paragraph, tone) for the educator's step panel.

    Every event the viewer could see is told, moves included, so an empty list means that nothing
    the viewer could see happened. Tones: 'title' (a new turn), 'warn' (a new phase), 'dim' (a
    narration's heading), 'info' (everything else).
    """
    narrator = Narrator(game, viewer)
    out: list[tuple[str, str]] = []
    batch = [ev for ev in events if ev.kind not in SILENT]
    narrator.names.learn(batch)  # a unit coming out of a tunnel is named by the sighting that follows it
    for ev in batch:
        said = narrator.event_lines(ev)
        if not said:
            continue
        if ev.kind == "turn_start":
            out.append((said[0], "title"))
        elif ev.kind == "phase":
            out.append((said[0], "warn"))
        elif ev.kind == "narration":
            out += [(said[0], "dim"), *((t, "info") for t in said[1:])]
        else:
            out += [(t, "info") for t in said]
    return out
