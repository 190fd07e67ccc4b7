"""The tutorial offered on the first start: a short, made-up exercise (``scenarios/tutorial.yaml``)
whose narration cards teach the controls step by step.

The offer is made once (the ``tutorial_offered`` setting); afterwards the tutorial is one of the
scenarios on the New game screen like any other.
"""

from __future__ import annotations

from game.control.match import Match, Setup, default_policy
from game.ui.dialogs import Dialog
from game.ui.widgets import esc

TUTORIAL = "tutorial"


def tutorial_setup(seed: int = 1) -> Setup:
    """The player takes the trainees; the computer plays the opponents at its easiest level."""
    from game.ai.registry import policy_names

    return Setup(scenario=TUTORIAL, seed=seed, humans=("trainees",),
                 policies=(("opponents", default_policy(policy_names())),), level=0)


def tutorial_match(seed: int = 1) -> Match:
    return Match.new(tutorial_setup(seed))


def tutorial_offer() -> Dialog:
    """Asked on the first start; 'Not now' (Escape) goes to the main menu."""
    text = esc("New to Abu Kamal? A short exercise on a made-up training ground shows how to move, attack, "
               "read the fog, use tunnels, rest units and declare victory, one card at a time. It takes about "
               "ten minutes. You can also start it later from New game.")
    return Dialog("Play the tutorial?", text, [("yes", "Play the tutorial"), ("no", "Not now")], tag="tutorial",
                  cancel="no", width=620, height=240)
