"""New game: scenario, who plays each side (a person or an AI policy), AI level and seed."""

from __future__ import annotations

import random
import re
from functools import lru_cache

import pygame
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.control.match import Match, Setup, default_policy
from game.scenario.errors import ScenarioError
from game.scenario.model import Scenario
from game.ui import flow, keys
from game.ui.commands import Command, Pop, Push
from game.ui.dialogs import HelpScreen
from game.ui.screen import Screen
from game.ui.widgets import FocusRing, esc

LEVELS = (0, 1, 2)  # the registry's policy levels: 0 easiest, 2 strongest
LEVEL_NAMES = {0: "Easy (quick, plays simply)", 1: "Normal", 2: "Hard (looks further ahead, slower)"}
DEFAULT_LEVEL = 1  # the middle one
# the computer players in plain words (the registry's names are for the command line)
ROLE_NAMES = {"ai": "the computer", "historical": "the computer, deciding as the commanders did",
              "vigilant": "the computer, with a vigilant commander", "random": "random orders (for testing)"}


@lru_cache(maxsize=8)
def scenario_info(ref: str) -> Scenario:
    from game.scenario.validate import load_scenario

    return load_scenario(ref)


def bundled_refs() -> list[str]:
    from game.scenario.validate import bundled_scenarios

    return [p.stem for p in bundled_scenarios()] or ["abu_kamal_2017"]


class NewGameScreen(Screen):
    name = "new_game"

    def __init__(self, refs: list[str] | None = None, seed: int | None = None) -> None:
        super().__init__()
        from game.ai.registry import policy_names

        self.refs = refs or bundled_refs()
        self.scenario_i = 0
        # "ai0".."ai2" are "ai" at a fixed level: the level line below covers them
        self.policies = [p for p in policy_names() if not re.fullmatch(r"ai\d+", p)]
        self.roles: dict[str, str] = {}
        self.level = DEFAULT_LEVEL
        self.seed = seed if seed is not None else random.randint(1, 9999)
        self.status = ""
        self.ring = FocusRing()
        self.status_label: UILabel | None = None
        self._reset_roles()

    @property
    def scenario(self) -> Scenario:
        return scenario_info(self.refs[self.scenario_i])

    def _reset_roles(self) -> None:
        sides = self.scenario.turn_order
        ai = default_policy(self.policies)
        self.roles = {s: ("human" if i == 0 else ai) for i, s in enumerate(sides)}

    def role_options(self) -> list[str]:
        return ["human", *self.policies]

    def role_text(self, role: str) -> str:
        return "a person at this computer" if role == "human" else ROLE_NAMES.get(role, f"the computer ({role})")

    def setup(self) -> Setup:
        sc = self.scenario
        humans = tuple(s for s in sc.turn_order if self.roles.get(s) == "human")
        pol = tuple((s, self.roles[s]) for s in sc.turn_order if self.roles.get(s) != "human")
        return Setup(scenario=self.refs[self.scenario_i], seed=self.seed, humans=humans, policies=pol,
                     level=self.level)

    # --- widgets ---------------------------------------------------------------------------
    def rows(self) -> list[tuple[str, str]]:
        sc = self.scenario
        out = [("scenario", f"Scenario:  {sc.title}")]
        for s in sc.turn_order:
            out.append((f"side:{s}", f"{sc.sides[s].name}:  {self.role_text(self.roles[s])}"))
        out.append(("level", f"Computer player:  {LEVEL_NAMES.get(self.level, self.level)}"))
        out.append(("seed", f"Random seed:  {self.seed}   (type digits to change)"))
        return out

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px, (w, h) = ctx.px, ctx.size
        cw = min(w - px(40), px(720))
        x0 = (w - cw) // 2
        y = max(px(10), h // 2 - px(350))
        UILabel(pygame.Rect(x0, y, cw, px(44)), "New game", ctx.manager, container=self.container,
                object_id="#heading")
        y += px(48)
        UILabel(pygame.Rect(x0, y, cw, px(22)), "Choose who plays each side. Left / Right or click to change a line.",
                ctx.manager, container=self.container, object_id="#hint")
        y += px(28)
        rows = self.rows()
        # the scenario's description under its line; it and the rows give way on a small window
        room = h - y - px(100) - len(rows) * px(46)
        desc_h = max(px(44), min(px(132), room))
        step = px(46) if room >= px(44) else max(px(34), (h - y - px(100) - desc_h) // len(rows))
        sc = self.scenario
        about = (("<b>What-if.</b> " if sc.extends else "") + esc(" ".join(sc.summary.split()))) or esc(sc.title)
        entries = []
        cyc = set()
        for ident, text in rows:
            b = UIButton(pygame.Rect(x0, y, cw, step - px(6)), text, ctx.manager, container=self.container,
                         object_id="#choice_button")
            entries.append((ident, b))
            cyc.add(ident)
            y += step
            if ident == "scenario":
                UITextBox(about, pygame.Rect(x0, y - px(2), cw, desc_h), ctx.manager, container=self.container)
                y += desc_h + px(4)
        self.status_label = UILabel(pygame.Rect(x0, y, cw, px(26)), self.status or " ", ctx.manager,
                                    container=self.container, object_id="#status")
        y += px(30)
        bw = px(200)
        start = UIButton(pygame.Rect(x0 + cw - bw, y, bw, px(44)), "Start the game", ctx.manager,
                         container=self.container, object_id="#primary_button")
        back = UIButton(pygame.Rect(x0 + cw - 2 * bw - px(12), y, bw, px(44)), "Back", ctx.manager,
                        container=self.container)
        entries += [("start", start), ("back", back)]
        keep = self.ring.current
        self.ring.set(entries, cyc)
        if keep:
            self.ring.focus(keep)

    def refresh(self) -> None:
        keep = self.ring.current
        assert self.ctx is not None
        self.attach(self.ctx, self.depth)
        if keep:
            self.ring.focus(keep)

    # --- behaviour -------------------------------------------------------------------------
    def cycle(self, ident: str, step: int) -> None:
        if ident == "scenario":
            self.scenario_i = (self.scenario_i + step) % len(self.refs)
            self._reset_roles()
        elif ident.startswith("side:"):
            side = ident.split(":", 1)[1]
            opts = self.role_options()
            cur = self.roles.get(side, "human")
            self.roles[side] = opts[(opts.index(cur) + step) % len(opts)] if cur in opts else opts[0]
        elif ident == "level":
            self.level = LEVELS[(LEVELS.index(self.level) + step) % len(LEVELS)] if self.level in LEVELS else DEFAULT_LEVEL
        elif ident == "seed":
            self.seed = max(0, self.seed + step)
        self.status = ""
        self.refresh()

    def start(self) -> Command | None:
        setup = self.setup()
        if not setup.humans:
            self.status = "At least one side must be played by a person."
            self.refresh()
            return None
        try:
            match = Match.new(setup)
        except (ScenarioError, ValueError) as e:
            self.status = f"The game cannot start: {str(e).splitlines()[0]}"
            self.refresh()
            return None
        return flow.start_match(match)

    def activate(self, ident: str) -> Command | None:
        if ident == "start":
            return self.start()
        if ident == "back":
            return Pop()
        if ident == "seed":
            self.seed = random.randint(1, 9999)
            self.refresh()
            return None
        self.cycle(ident, 1)
        return None

    def handle(self, event: pygame.event.Event) -> Command | None:
        ident = self.ring.pressed(event)
        if ident:
            return self.activate(ident)
        if keys.is_help(event):
            return Push(HelpScreen())
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if self.ring.current == "seed" and event.unicode.isdigit():
                self.seed = int(f"{self.seed}{event.unicode}"[-6:])
                self.refresh()
                return None
            if self.ring.current == "seed" and event.key == pygame.K_BACKSPACE:
                self.seed = int(str(self.seed)[:-1] or 0)
                self.refresh()
                return None
        got = self.ring.on_key(event)
        if got and got[0] == "cycle":
            self.cycle(got[1], got[2])
        elif got and got[0] == "activate":
            return self.activate(got[1])
        return None
