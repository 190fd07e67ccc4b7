"""The game screen's orders: what a click, Enter or an order key asks of the game, carried out.

``GameOrders`` is mixed into ``GameScreen``: the decisions come from the control package
(``plan_click``, ``order_action``, ``ready_units``, all reading the engine's ``unit_options``) and
``Match.play``; this part only shows the outcome (a log line, a notice on the map, a dialog).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.control import orders
from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.events import Event
from game.ui import game_cards as cards
from game.ui.commands import Command, Push
from game.ui.saves import new_save_path

if TYPE_CHECKING:
    from game.control.match import Match
    from game.engine.observation import Observation, UnitView
    from game.ui.camera import Camera
    from game.ui.game_input import Pointer
    from game.ui.game_map import MapLayer
    from game.ui.screen import UiContext

Cell = tuple[int, int]


class GameOrders:
    """Order handling of the game screen (the attributes below are the screen's)."""

    match: Match
    pointer: Pointer
    map: MapLayer
    camera: Camera
    ctx: UiContext | None

    @property
    def obs(self) -> Observation:
        return self.match.observe()

    @property
    def my_turn(self) -> bool:
        m = self.match
        return m.human_turn and m.current == m.viewer

    def own_selected(self) -> UnitView | None:
        return self.map.own_selected()

    def now(self) -> float:
        return self.ctx.now() if self.ctx else 0.0

    def say(self, text: str, tone_name: str = "info") -> None:
        self.match.log.add(self.match.viewer, text, tone_name)

    def sync_events(self) -> int:
        raise NotImplementedError

    def _refresh(self) -> None:
        raise NotImplementedError

    # --- orders ----------------------------------------------------------------------------
    def play(self, action: A.Action) -> list[Event]:
        if not self.my_turn:
            self.say("It is not your turn.", "warn")
            return []
        try:
            events = self.match.play(action)
        except EngineError as e:
            self.say(orders.in_words(self.obs, str(e)), "bad")
            return []
        self.sync_events()
        if isinstance(action, A.EndTurn) or self.own_selected() is None:
            self.pointer.selected = None
        self._refresh()
        return events

    def refuse(self, text: str, cell: Cell | None) -> None:
        """Say why not in the log and, when there is a cell, on the map where the player looks."""
        self.say(text, "warn")
        if cell is not None:
            self.map.say_at(cell, text, self.now())

    def end_turn(self) -> None:
        if self.my_turn:
            self.play(A.EndTurn())
            self.pointer.cursor = None

    def end_turn_asking(self) -> Command | None:
        """Enter with nothing selected ends the turn, but asks first while units can still act
        (Enter is also how cards are closed, so a stray press must not end a turn)."""
        if not self.my_turn:
            return None
        ready = orders.ready_units(self.obs, self.match.options)
        if not ready:
            self.end_turn()
            return None
        return Push(cards.end_turn_question(len(ready)))

    def undo(self) -> None:
        ok, _ = self.match.can_undo()
        self.say(self.match.undo(), "own" if ok else "warn")
        self.map.markers.clear()
        if self.pointer.selected and self.pointer.selected not in self.obs.units:
            self.pointer.selected = None

    def save(self) -> None:
        assert self.ctx is not None
        m = self.match
        path = new_save_path(self.ctx.saves_dir, m.game.scenario.id, m.state.turn)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            m.save(path)
        except OSError as e:
            self.say(f"Could not save: {e.strerror or e}", "bad")
            return
        self.say(f"Saved as {path.name} (in {path.parent})", "good")

    def select(self, uid: str | None, follow: bool = True) -> None:
        """Select a unit; ``follow`` scrolls it into view (Tab). A click never scrolls: the view
        must not move under the pointer between two clicks."""
        self.pointer.selected = uid
        self.map.forget_pointer()
        if follow and uid is not None and uid in self.obs.units:
            u = self.obs.units[uid]
            self.camera.ensure_visible(u.x, u.y)

    def cycle_units(self, step: int = 1) -> None:
        obs = self.obs
        own = sorted(obs.own(), key=lambda u: u.id)
        if not own:
            return
        ids = [u.id for u in (orders.ready_units(obs, self.match.options) if self.my_turn else []) or own]
        cur = self.pointer.selected
        nxt = ids[(ids.index(cur) + step) % len(ids)] if cur in ids else ids[0 if step > 0 else -1]
        self.select(nxt)
        self.pointer.cursor = obs.units[nxt].cell
        self.pointer.keyboard = True

    def act_at(self, cell: Cell, stack: bool = False) -> Command | None:
        """A click (or Enter) on a cell: select, move, tunnel, preview an attack, or say why not."""
        plan = orders.plan_click(self.obs, self.own_selected(), cell, self.match.options, self.my_turn, stack)
        if plan.kind == orders.SELECT:
            self.select(plan.unit, follow=False)
        elif plan.kind == orders.PLAY and plan.action is not None:
            self.play(plan.action)
        elif plan.kind == orders.PREVIEW and isinstance(plan.action, A.Attack):
            return self.attack_preview(plan.action)
        elif plan.kind == orders.APPROACH and isinstance(plan.action, A.Move) and plan.unit is not None:
            return self.approach(plan.action, plan.unit)
        elif plan.kind == orders.REFUSE:
            self.refuse(plan.reason, plan.cell)
        return None

    def approach(self, move: A.Move, target: str) -> Command | None:
        """Move next to an enemy out of range, then open the attack preview (if it may still attack)."""
        if not self.play(move):
            return None
        opts = self.match.options(move.unit)
        if target in opts.targets:
            return self.attack_preview(A.Attack(move.unit, target))
        why = opts.not_targets.get(target) or opts.why_not("attack")
        if why:
            self.say(orders.in_words(self.obs, f"No attack after the move: {why}."), "warn")
        return None

    def attack_preview(self, action: A.Attack) -> Command | None:
        obs = self.obs
        p = self.match.game.preview(obs, action.unit, action.target)
        return Push(cards.attack_preview(obs, obs.units[action.unit], obs.units[action.target], p, action))

    def unit_order(self, kind: str) -> Command | None:
        """The side panel's and the letter keys' orders for the selected unit."""
        sel = self.own_selected()
        if sel is None or not self.my_turn:
            self.say("Select one of your units first (Tab, or click it)." if self.my_turn else "It is not your turn.",
                     "warn")
            return None
        opts = self.match.options(sel.id)
        action = orders.order_action(kind, opts, self.obs, self.pointer.cursor)
        if action is None:
            self.refuse(orders.refusal(kind, opts, self.obs, sel.name), sel.cell)
            return None
        self.play(action)
        return None

    def declare(self) -> Command | None:
        if not self.my_turn:
            return None
        reason = self.match.game.declare_blocked(self.obs)
        if reason:
            self.say(f"A declaration of victory is not possible: {reason}.", "warn")
            return None
        return Push(cards.declare_question(self.match.game, self.match.viewer))

