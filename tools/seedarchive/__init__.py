"""seedarchive: news articles ("seeds") into a permanent, citable Sphinx archive.

The converter runs in stages, one module each:

``seeds`` (find and read seed files, decode text) → ``readers`` (one per format:
text, HTML, WARC) → ``model`` (the article as a frozen, validated value) →
``identity`` (permanent identifiers, revisions, the registry) → ``render`` (MyST
pages) → ``write`` (the archive folder, written only where content changed).
``convert`` runs them in order; ``cli`` is the ``seedarchive`` command.
``sphinxext`` is the Sphinx extension that builds the site from ``archive/``.
"""

__version__ = "0.1.0"
CONVERTER = "seedarchive"
