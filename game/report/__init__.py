"""The after-action report: visitors over the event log, map and chart pictures, Jinja2 templates.

Kept import-light: ``game.report.visitor`` is used by other exporters without pulling in
matplotlib or Jinja2; ``game.report.builder`` brings those in.
"""
