"""Information-set Monte Carlo over a few candidate plans, for the ``ai`` policy's top level.

At a turn where the choice matters (declare or wait, strike from the tunnels now or wait, press
the attack or hold steady), the policy samples a few full states consistent with its observation
(``determinize``), plays each candidate plan forward in every sample with fast level-0 players on
every side, and keeps the plan whose projected points are best on average. Every plan is played
on copies of the same samples with the same dice (common random numbers), so the comparison
measures the plans, not the luck. It is flat Monte Carlo over plans rather than a tree, which is
what a budget of a few dozen milliseconds a turn affords.

A round played by level-0 players and judged by a static evaluation is a rough guide, so the
heuristics' own choice (already as bold as the side's scoring pays, ``plans.exchange_style``)
stands unless an alternative gains ``MARGIN`` projected points a sample: in paired games a smaller
margin let the lookahead's noise overrule good choices more often than it found better ones.
"""

from __future__ import annotations

import copy
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from game.ai.determinize import determinize
from game.ai.driver import play_side_turn
from game.ai.plans import Style, TurnPlan
from game.engine.observation import Observation
from game.engine.state import ACTIVE, State
from game.engine.turns import share

if TYPE_CHECKING:
    from game.engine.game import Game

AIPolicy = Any  # the planner's policy; not imported here, since the planner imports this module

SAMPLES = 2  # determinizations per decision
BUDGET_ACTIONS = 130  # engine actions the rollouts of one decision may play (~110 ms on the historical map)
BASE_CELLS = 64 * 48
ENDGAME_BUDGET = 3000  # engine actions for a decision played to the end (a few a game)
ENDGAME_SAMPLES = 3
ENDGAME_MARGIN = 0.3  # real points per sample: near the end there is nothing left to estimate
OPPONENT_PROFILE = "historical"  # near the end, the others are expected to keep to the sourced decisions
MARGIN = 3.0  # projected points per sample an alternative must gain to overrule the heuristics' choice


def candidates(policy: AIPolicy, obs: Observation, plan: TurnPlan) -> tuple[list[Style], int]:
    """The plans worth comparing now (what the heuristics would do first), and how many of this
    side's turns to look past this one.

    Fewer than two plans means there is nothing to decide. One-off decisions whose cost shows
    later (declaring victory, the first strike from the tunnels) are only checked when the
    heuristics want them, and are played further ahead; tactical ones (press or hold steady in
    contact) look one round ahead.
    """
    game = obs.game
    base = policy.base_style
    if plan.role == "attacker":
        if policy.side not in obs.declared and policy.decisions.declare() is None and policy._should_declare(obs, plan):
            return [Style("declare", base.aggression, declare=True), Style("wait", base.aggression, declare=False)], 2
        zone = game.scenario.declarations[policy.side].zone
        if _near_zone(obs, zone):
            return [Style("steady", base.aggression), Style("press", base.aggression * 1.6)], 0
        return [], 0
    if plan.role == "hider":
        # Rollouts a turn or two long cannot see what waiting buys (a garrison that stands down
        # later, reinforcements that come only then), so they only check a strike the heuristic
        # wants: is it better now than one more turn underground?
        if plan.strike and not policy._striking(obs) and policy.decisions.strike() is None:
            return [Style("strike", base.aggression, strike=True), Style("wait", base.aggression, strike=False)], 1
        return [], 0
    if any(max(abs(e.x - u.x), abs(e.y - u.y)) <= 3 for u in obs.own() for e in obs.enemies()):
        return [Style("steady", base.aggression), Style("press", base.aggression * 1.6)], 0
    return [], 0


def _near_zone(obs: Observation, zone: str) -> bool:
    from game.ai.tactics import dilate

    mask = dilate(obs.game.zone_masks[zone], 2)
    return any(mask[e.y, e.x] for e in obs.enemies())


class _OutOfBudget(Exception):
    pass


def action_budget(game: Game) -> int:
    """Engine actions the rollouts of one decision may play: ``BUDGET_ACTIONS`` on a map the size
    of the historical one, fewer on bigger maps (every action costs more there)."""
    return int(BUDGET_ACTIONS * BASE_CELLS / (game.width * game.height))


def choose_style(policy: AIPolicy, obs: Observation, plan: TurnPlan) -> Style | None:
    """The candidate plan with the best mean projected points over sampled states, or None.

    Samples are played until ``SAMPLES`` are done (``ENDGAME_SAMPLES`` near the end) or the
    decision's action budget is spent; a sample counts only if every candidate was played on it.
    The budget is counted in engine actions, not seconds, so a decision does not depend on how busy
    the machine is (the same seed gives the same game). The policy remembers what a rollout costs:
    when not even one sample would fit (a big map), the lookahead is skipped and the heuristics decide.
    """
    options, horizon = candidates(policy, obs, plan)
    if len(options) < 2 or plan.belief is None:
        return None
    game = obs.game
    to_end = _reaches_end(game, obs.turn, horizon)
    budget = [ENDGAME_BUDGET if to_end else action_budget(game)]
    key = -1 - horizon if to_end else horizon
    cost = policy.rollout_actions.get(key)
    if cost is not None and len(options) * cost > budget[0]:
        return None
    totals = np.zeros(len(options))
    samples = 0
    try:
        for _ in range(ENDGAME_SAMPLES if to_end else SAMPLES):
            world, root = determinize(obs, plan.belief, policy.intel, policy.rng)
            seed = int(policy.rng.integers(2**31))
            for i, style in enumerate(options):
                before = budget[0]
                try:
                    totals[i] += rollout(world, root.copy(), policy, style, seed, budget, horizon)
                finally:
                    used = before - budget[0]
                    old = policy.rollout_actions.get(key)
                    policy.rollout_actions[key] = used if old is None else 0.7 * old + 0.3 * used
            samples += 1
    except _OutOfBudget:
        pass
    policy.last_lookahead = {"turn": obs.turn, "options": [o.name for o in options], "samples": samples,
                             "totals": [round(float(t), 6) for t in totals]}  # the decision's inputs, for tests
    if samples == 0:
        return None
    best = int(np.argmax(totals))
    if totals[best] - totals[0] < (ENDGAME_MARGIN if to_end else MARGIN) * samples:
        return options[0]  # the heuristics' own choice comes first: leave it only for a clear gain
    return options[best]


def _reaches_end(game: Game, turn: int, horizon: int) -> bool:
    """A rollout from ``turn`` looking ``horizon`` of the side's turns further plays to the last turn."""
    return turn + horizon >= game.scenario.calendar.turns


def _heir(policy: AIPolicy, seed: int, level: int) -> AIPolicy:
    """A fresh player for ``policy``'s side in a rollout, at ``level``, that remembers what the
    policy remembers (decisions lapsed, units picked to leave, the strike begun and the reserve
    kept below), so a rollout does not replay a one-off decision the side has already taken."""
    heir = type(policy)(policy.side, seed, level, style=policy.base_style, profile=policy.profile)
    if policy.commander is not None:
        heir.commander = copy.deepcopy(policy.commander, {id(policy.commander.profile): policy.commander.profile})
    heir.intel = copy.deepcopy(policy.intel)
    heir.struck_turn, heir.reserve, heir.searched = policy.struck_turn, set(policy.reserve), dict(policy.searched)
    return heir


def rollout(game: Game, state: State, policy: AIPolicy, style: Style, seed: int, budget: list[int] | None = None,
            horizon: int = 0) -> float:
    """Play ``style`` for the rest of this side-turn (with level-1 heuristics, as the policy will
    play it), the other sides' answers, and ``horizon`` more rounds (this side plays on with its
    default plan); then score ``side``. ``budget[0]`` (engine actions left) is spent as it goes.

    Far from the end the other sides are played by fast level-0 players and the position is
    judged by ``projected_points``. A rollout that reaches the end of the game plays them with
    level-1 tactics (the opponent a level-2 side should expect; few turns are left, so it can
    afford them) and scores the points the game actually gives, with nothing left to estimate.
    """
    make = type(policy)  # no import of the planner here: it imports this module
    side = policy.side
    to_end = _reaches_end(game, state.turn, horizon)
    players = {s: make(s, seed, 1, profile=OPPONENT_PROFILE) if to_end else make(s, seed, 0) for s in game.sides}
    players[side] = _heir(policy, seed, 1)  # the plan, played with its decisions and the heuristics that will play it
    players[side].force(style, game.scenario.calendar.turns if to_end else state.turn)  # an endgame plan holds
    own_turns = 0
    while not state.over:
        current = game.current_side(state)
        assert current is not None
        if current == side:
            if own_turns > horizon:
                break
            own_turns += 1
        before = state.actions_taken
        play_side_turn(game, state, players[current])
        if budget is not None:
            budget[0] -= state.actions_taken - before
            if budget[0] < 0:
                raise _OutOfBudget
    if state.over:
        return float(state.points.get(side, 0.0))
    return projected_points(game, state, side)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def projected_points(game: Game, state: State, side: str) -> float:
    """Points now plus what the objectives are likely to bring by the end, judged from control now.

    A static evaluation: 'end' objectives count by how surely the zone is held (a soft step at the
    required share), 'each_turn' ones for every turn left, unclaimed 'first' ones by progress; a
    declaration at risk costs its penalty by the chance of falling below its threshold; and each
    strength step still in the field is worth a little (it can still score or be lost).
    """
    sc = game.scenario
    pts = float(state.points.get(side, 0.0))
    v = sc.victory.get(side)
    if v is None:
        return pts
    left = max(0, sc.calendar.turns - state.turn)
    trust = math.exp(-left / 6.0)  # how much control now says about control at the end
    for o in v.objectives:
        sh = share(game, state, side, o.zone)
        p_now = _sigmoid((sh - o.hold) / 0.05)
        p_end = trust * p_now + (1 - trust) * (0.5 + 0.5 * (p_now - 0.5))
        if o.when == "end":
            pts += o.points * p_end
        elif o.when == "each_turn":
            near = min(left, 4)
            pts += o.points * (near * p_now + (left - near) * p_end)
        elif o.when == "first" and f"{o.zone}:first" not in state.claims:
            pts += 0.5 * o.points * min(1.0, sh / max(o.hold, 1e-6))
    dec = sc.declarations.get(side)
    if dec is not None and side in state.declared and side not in state.penalised and dec.lost_below is not None:
        sh = share(game, state, side, dec.zone)
        p_low = _sigmoid((dec.lost_below - sh) / 0.05)
        pts -= dec.penalty * (trust * p_low + (1 - trust) * (0.5 * p_low + 0.1))
    own = sum(u.strength for u in state.units.values() if u.side == side and u.status == ACTIVE)
    pts += 0.5 * abs(v.own_step) * own
    return pts
