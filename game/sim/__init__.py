"""Monte Carlo studies: many games, one seed each, summarised (see ``game.sim.runner``)."""

from game.sim.runner import RunResult, Summary, run_many, run_one, run_seeds

__all__ = ["RunResult", "Summary", "run_many", "run_one", "run_seeds"]
