"""Orders in words: what a player asked a unit to do, as the undo button or a replay list says it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import actions as A
from game.narrate.grammar import agree, capital

if TYPE_CHECKING:
    from game.narrate.narrator import Narrator


def action_text(n: Narrator, act: A.Action, side: str | None = None) -> str:
    """One order as a sentence without ids or coordinates ('Fatemiyoun moves to the city centre')."""
    side = side or n.viewer
    if isinstance(act, A.Declare):
        who = n.side(side) if side else "The side to move"
        return capital(f"{who} {agree(who, 'declares', 'declare', n.names.side_plural(side))} victory")
    if isinstance(act, A.EndTurn):
        who = n.side(side) if side else "The side to move"
        return capital(f"{who} {agree(who, 'ends', 'end', n.names.side_plural(side))} the turn")
    who = n.names.unit(getattr(act, "unit", None))
    if isinstance(act, A.Move):
        return capital(f"{who} {agree(who, 'moves', 'move')} {n.names.to((act.x, act.y))}")
    if isinstance(act, A.Attack):
        return capital(f"{who} {agree(who, 'attacks', 'attack')} {n.names.unit(act.target, watched=True)}")
    if isinstance(act, A.Posture):
        verb = agree(who, "goes on alert", "go on alert") if act.posture == "alert" else agree(
            who, "stands down", "stand down")
        return capital(f"{who} {verb}")
    if isinstance(act, A.Demolish):
        return capital(f"{who} {agree(who, 'collapses', 'collapse')} the tunnel entrance at {n.node(act.node)}")
    if isinstance(act, A.Tunnel):
        return capital(f"{who} {agree(who, 'moves', 'move')} underground to {n.node(act.node)}")
    plain = {"search": ("searches for tunnel entrances", "search for tunnel entrances"),
             "dive": ("goes underground", "go underground"),
             "emerge": ("comes out of the tunnels", "come out of the tunnels"),
             "withdraw": ("leaves for other fronts", "leave for other fronts")}
    one, many = plain.get(act.verb, (f"carries out an order ({act.verb})", f"carry out an order ({act.verb})"))
    return capital(f"{who} {agree(who, one, many)}")
