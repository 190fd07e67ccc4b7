"""The report's collectors: small visitors that each read one thing out of the event log.

They keep plain records (dataclasses) for the templates; all wording that depends on the data is
assembled in the templates or by the narrator, so the text a class reads can be reviewed in one
place. The collectors live in modules by job; this module gathers them for the report's builder:

- ``records``: when something happened, the beats reached, the key zones;
- ``story``: the timeline of beats, narration cards, declarations, arrivals and the end;
- ``counts``: losses, control of zones, the result, per-turn notes under the maps;
- ``decisions``: the choices that mattered and what followed each.
"""

from __future__ import annotations

from game.report.counts import (
    ControlCollector,
    FactionLosses,
    LossCollector,
    OutcomeCollector,
    TurnNote,
    TurnNotesCollector,
)
from game.report.decisions import Aftermath, Decision, DecisionCollector
from game.report.records import BeatReached, Stamp, key_zones, unit_factions, unit_sides, when_label
from game.report.story import TimelineCollector, TimelineEntry

__all__ = [
    "Aftermath", "BeatReached", "ControlCollector", "Decision", "DecisionCollector", "FactionLosses",
    "LossCollector", "OutcomeCollector", "Stamp", "TimelineCollector", "TimelineEntry", "TurnNote",
    "TurnNotesCollector", "key_zones", "unit_factions", "unit_sides", "when_label",
]
