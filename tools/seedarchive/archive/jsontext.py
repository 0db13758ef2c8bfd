"""Kept at its old import path: :mod:`seedarchive.jsontext` is on the ground floor now, so
that the registry (identity) writes its JSON without importing the archive stage (issue 29)."""

from __future__ import annotations

from seedarchive.jsontext import dumps

__all__ = ["dumps"]
