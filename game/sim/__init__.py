"""Monte Carlo studies: many games, one seed each, summarised (see ``game.sim.runner``)."""

from game.sim.runner import RunResult, Study, Summary, run_many, run_one, run_seeds, run_studies

__all__ = ["RunResult", "Study", "Summary", "run_many", "run_one", "run_seeds", "run_studies"]
