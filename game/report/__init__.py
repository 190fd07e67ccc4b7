"""The after-action report: collectors over the event log, map and chart pictures, Jinja2 templates.

Kept import-light: the collectors build on ``game.narrate`` (its visitor and its names) without
pulling in matplotlib or Jinja2; ``game.report.builder`` brings those in.
"""
