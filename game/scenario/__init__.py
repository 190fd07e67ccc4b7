"""The scenario format: YAML files validated into typed, immutable records the engine plays.

A scenario is data, so the engine holds no battle's specifics; designers get every problem at once,
each located by file, line and path, before anything is built (``validate.check_file``, then
``validate.load_scenario``).
"""
