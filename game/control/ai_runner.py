"""The computer players' thinking, off the main thread.

A slow policy must not freeze the window, so its choice is computed on a worker thread and polled
once a frame; the engine state is only ever changed on the main thread (``Match.ai_apply``).
"""

from __future__ import annotations

import concurrent.futures

from game.control.match import Match
from game.engine import actions as A


class AiRunner:
    """Asks an AI policy for its next action on a worker thread, so the window stays responsive
    while a slow policy thinks. The engine state is only changed on the main thread."""

    def __init__(self, threaded: bool = True) -> None:
        self.threaded = threaded
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._future: concurrent.futures.Future[A.Action] | None = None
        self._key: tuple[int, int] | None = None

    def poll(self, match: Match) -> A.Action | None:
        """The chosen action once ready (None while thinking); starts thinking if idle."""
        key = (id(match), match.version)
        if not self.threaded:
            return match.ai_choose()
        if self._future is not None and self._key != key:
            self._future.cancel()
            self._future = None
        if self._future is None:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="ai")
            self._key = key
            self._future = self._pool.submit(match.ai_choose)
            return None
        if not self._future.done():
            return None
        fut, self._future = self._future, None
        try:
            return fut.result()
        except Exception as e:  # a policy bug must not take the game down: the AI ends its turn
            raise AiFailure(str(e) or type(e).__name__) from e

    @property
    def thinking(self) -> bool:
        """A choice is being computed (the banner says so)."""
        return self._future is not None and not self._future.done()

    def shutdown(self) -> None:
        """Stop thinking and let the worker go (the screen is closing)."""
        if self._future is not None:
            self._future.cancel()
            self._future = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class AiFailure(Exception):
    """The AI policy raised instead of choosing."""
