"""The page data's contracts: ``article.schema.json`` (JSON Schema, for people and validators)
and :mod:`.article` (the same mapping as ``TypedDict``, for mypy), kept equal by
``tests/test_page_contract.py``."""
