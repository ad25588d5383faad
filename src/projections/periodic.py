"""A daemon thread doing one piece of work every interval until stopped (scheduled jobs of
the process that runs the projections: head samples, audit checkpoints)."""

from __future__ import annotations

import threading


class Periodic:
    """Calls `tick()` at once and then every `interval` seconds until `stop()`; a tick that
    raises is left to `failed` (log it) and the next interval tries again."""

    thread_name = "periodic"

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> None:
        raise NotImplementedError

    def failed(self, error: Exception) -> None:
        """Called with what a tick raised; nothing by default."""

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception as error:  # the database may be away: the next interval retries
                self.failed(error)
            self._stop.wait(self.interval)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
