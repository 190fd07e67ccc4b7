"""Who plays a side, in words for a class: "Vigilant (what-if): keep the garrison alert, ...
(computer, tactics level 1)" instead of a registry name such as ``vigilant1``.

A player is a decision profile from the scenario (what the side's commanders decide) times a
tactics level (how well the computer moves its units), or a person at the keyboard.
"""

from __future__ import annotations

import re

from game.scenario.model import Scenario

HUMAN = "human"
_NAME = re.compile(r"^([a-z_]+?)(\d*)$")


def profile_and_level(policy: str) -> tuple[str, int | None]:
    """'vigilant1' -> ('vigilant', 1); 'historical' -> ('historical', None); 'ai2' -> ('ai', 2)."""
    m = _NAME.match(policy)
    if not m:
        return policy, None
    return m.group(1), int(m.group(2)) if m.group(2) else None


def profile_title(sc: Scenario, side: str, policy: str) -> str:
    """The profile's name from the scenario ("As decided in November 2017"), or plain words."""
    if policy == HUMAN:
        return "played by a person"
    name, _ = profile_and_level(policy)
    prof = sc.decisions.get(side, {}).get(name)
    if prof is not None:
        return prof.name
    if name == "ai":
        return "the computer's own judgement"
    if name == "random":
        return "random orders"
    return name


def player_words(sc: Scenario, side: str, policy: str, detail: bool = True) -> str:
    """The profile's name and, with ``detail``, what it decides and the tactics level."""
    if policy == HUMAN:
        return "played by a person"
    name, level = profile_and_level(policy)
    title = profile_title(sc, side, policy)
    prof = sc.decisions.get(side, {}).get(name)
    text = title
    if detail and prof is not None and prof.description:
        words = prof.description.rstrip(".")
        text += f": {words[:1].lower()}{words[1:]}"
    if detail and level is not None:
        text += f", computer at tactics level {level}"
    return text
