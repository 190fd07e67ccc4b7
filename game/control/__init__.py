"""The game's control layer, without pygame: the match being played (session, who plays what,
undo, the message log), the game loop (turn flow, computer players on a worker thread, pacing),
autosave, order building from the engine's ``unit_options``, and what input means (intents and
the key map as a table). Front ends import this package; it imports none of them.
"""
