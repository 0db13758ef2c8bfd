"""The benchmark and the synthetic seeds it measures: not part of the seedarchive package.

Run from the repository root: ``python -m bench`` (``make bench``), ``python -m bench.cite``,
``python -m bench.pages``, ``python -m bench.plot``, ``python -m bench.warc``,
``python -m bench.synth``. Figures and how to read them: ``bench/README.md``.
"""
