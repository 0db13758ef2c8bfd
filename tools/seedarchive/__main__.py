"""Allow ``python -m seedarchive``."""

from seedarchive.cli import run

run()
