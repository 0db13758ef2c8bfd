"""The one error a seed can cause: it names the file, the problem and the fix."""

from __future__ import annotations


class SeedError(Exception):
    """A seed (or its sidecar) that cannot be archived as it is.

    ``str(error)`` is the one message the user sees, e.g.
    ``seeds/a.txt:3: the sidecar key 'date' is unknown. Fix: use 'published'.``
    """

    def __init__(self, seed: str, problem: str, fix: str, *, line: int | None = None) -> None:
        self.seed = seed
        self.problem = problem
        self.fix = fix
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.seed}:{self.line}" if self.line else self.seed
        return f"{where}: {self.problem}. Fix: {self.fix}"

    def __reduce__(self) -> tuple[type[SeedError], tuple[str, str, str], dict[str, int | None]]:
        """Pickled as its parts (it travels back from the converter's worker processes)."""
        return (type(self), (self.seed, self.problem, self.fix), {"line": self.line})


class SeedErrors(SeedError):
    """Several problems of one seed (a sidecar with three mistakes), reported in one run: it
    reads as its first problem, and :attr:`parts` holds every one, each with its own line."""

    def __init__(self, parts: list[SeedError]) -> None:
        first = parts[0]
        super().__init__(first.seed, first.problem, first.fix, line=first.line)
        self.parts = list(parts)

    def __reduce__(self) -> tuple[type[SeedErrors], tuple[list[SeedError]]]:  # type: ignore[override]
        return (type(self), (self.parts,))


def each(error: SeedError) -> list[SeedError]:
    """Every problem ``error`` reports: its parts, or itself."""
    return list(error.parts) if isinstance(error, SeedErrors) else [error]


class ArchiveError(Exception):
    """The archive folder itself is inconsistent (a registry or record that cannot be read)."""
