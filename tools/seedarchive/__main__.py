"""Allow ``python -m seedarchive``."""

from seedarchive.cli import main

raise SystemExit(main())
