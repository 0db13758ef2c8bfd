"""One progress display for a whole conversion, on standard error (issue 32).

The converter says where it is by calling its ``progress(stage, done, total)`` for each step
of each stage (reading seeds, writing records, tagging articles, rendering pages, writing the
site's pages, checking fixity); a large WARC or WACZ says how far it is inside the file
(:meth:`Display.inside`). :func:`display_for` chooses how that is shown:

- on a terminal, one line redrawn in place (at most ten times a second): the stage, a bar,
  the count, the share done and the time the stage has left, and the file being read;
- in CI and logs (standard error not a terminal, or ``CI`` set, or ``TERM=dumb``), a plain
  line every :data:`DEFAULT_INTERVAL` seconds at most, e.g.
  ``convert: rendering 1,200/2,000 (60 %), about 40 s left``, and nothing for a conversion
  shorter than that; never a carriage return.

``SEEDARCHIVE_PROGRESS_SECONDS`` sets that interval (``0``: a line for every step, as the
tests use). Nothing here is written to the archive: times are shown, never recorded.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from typing import TextIO

#: The variable that sets the seconds between two plain lines.
INTERVAL_VARIABLE = "SEEDARCHIVE_PROGRESS_SECONDS"
DEFAULT_INTERVAL = 5.0
#: The shortest time between two redraws of the terminal line.
REDRAW = 0.1
BAR = 20


def interval() -> float:
    """The seconds between two plain lines: :data:`INTERVAL_VARIABLE` if it is a number of
    seconds (0 or more), else :data:`DEFAULT_INTERVAL`."""
    text = os.environ.get(INTERVAL_VARIABLE, "").strip()
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_INTERVAL
    return value if value >= 0 else DEFAULT_INTERVAL


def on_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person watches (not CI, not a dumb terminal)."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty: Callable[[], bool] = getattr(stream, "isatty", lambda: False)
    return isatty()


def duration(seconds: float) -> str:
    """``40 s``, ``3 min 20 s``, ``1 h 5 min``: a time left, rounded up to what is shown."""
    whole = max(1, round(seconds))
    if whole < 90:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s" if whole < 600 else f"{round(whole / 60)} min"
    return f"{whole // 3600} h {round(whole % 3600 / 60)} min"


class Display:
    """The converter's ``progress(stage, done, total)``, shown on ``stream`` as one line
    redrawn in place (``tty``) or as a plain line every ``every`` seconds. ``clock``: a
    monotonic clock (seconds)."""

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool,
        every: float,
        clock: Callable[[], float] = time.monotonic,
        width: Callable[[], int] = lambda: shutil.get_terminal_size((80, 24)).columns,
    ) -> None:
        self.stream = stream
        self.tty = tty
        self.every = every
        self.clock = clock
        self.width = width
        self.pid = os.getpid()
        self.stage = ""
        self.done = 0
        self.total = 0
        self.detail = ""  # where reading is inside a large file
        self.since = clock()  # when the stage began
        self.shown = self.since  # when a line was last shown
        self.drawn = False  # the terminal line holds a drawing

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        changed = stage != self.stage
        if changed:
            self.stage, self.since, self.detail = stage, now, ""
        self.done, self.total = done, total
        if self.tty:
            if changed or now - self.shown >= min(REDRAW, self.every):
                self._draw(now)
        elif now - self.shown >= self.every:
            self._line(now, self.line(now))

    def inside(self, text: str) -> None:
        """How far reading has got inside one large file (a WARC or WACZ reader's line)."""
        now = self.clock()
        if os.getpid() != self.pid:  # a forked reader: the terminal line is the parent's
            if not self.tty and now - self.shown >= self.every:
                self._line(now, f"convert: {text}")
            return
        self.detail = text
        if self.tty:
            if now - self.shown >= min(REDRAW, self.every):
                self._draw(now)
        elif now - self.shown >= self.every:
            self._line(now, f"convert: {text}")

    def close(self) -> None:
        """Clear the terminal line (what follows is the summary)."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

    def line(self, now: float) -> str:
        """The plain line: ``convert: rendering 1,200/2,000 (60 %), about 40 s left``."""
        text = f"convert: {self.stage}"
        if self.total:
            text += f" {self.done:,}/{self.total:,} ({100 * self.done // self.total} %)"
            left = self.left(now)
            if left is not None:
                text += f", about {duration(left)} left"
        return text

    def left(self, now: float) -> float | None:
        """Seconds the stage has left at the pace it has gone so far (None: not known yet)."""
        spent = now - self.since
        if not self.total or not 0 < self.done < self.total or spent <= 0:
            return None
        return spent / self.done * (self.total - self.done)

    def _line(self, now: float, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
        self.shown = now

    def _draw(self, now: float) -> None:
        parts = []
        if self.total:
            filled = BAR * self.done // self.total
            parts.append(f"[{'#' * filled}{'.' * (BAR - filled)}] {self.done:,}/{self.total:,} "
                         f"({100 * self.done // self.total} %)")
            left = self.left(now)
            if left is not None:
                parts.append(f"about {duration(left)} left")
        if self.detail:
            parts.append(self.detail)
        text = f"convert: {self.stage:<15} {' · '.join(parts)}".rstrip()
        text = text[: max(20, self.width() - 1)]  # a wrapped line cannot be redrawn
        self.stream.write(f"\r{text}\x1b[K")
        self.stream.flush()
        self.shown, self.drawn = now, True


def display_for(stream: TextIO, *, quiet: bool = False) -> Display | None:
    """The display for ``stream`` (None when ``quiet``)."""
    if quiet:
        return None
    return Display(stream, tty=on_terminal(stream), every=interval())
