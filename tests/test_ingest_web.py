"""HTML pages and WARC captures through the whole pipeline: convert, then a real build."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build, convert, make_project, soup
from warcgen import article_page, response, warcinfo, write

FIXTURES = Path(__file__).parent / "fixtures" / "html"
WORDS = (
    "The committee met again on Thursday and heard evidence from three witnesses about the harbour plan, "
    "which would widen the eastern channel and move the ferry terminal north of the old customs house."
)


def test_html_and_warc_seeds_become_articles_with_capture_provenance(tmp_path: Path) -> None:
    page_a = article_page("Harbour plan hearing continues", [WORDS, "A second paragraph follows here for the record."])
    page_b1 = article_page(
        "Bridge repairs delayed", [WORDS.replace("harbour", "bridge"), "First version of the report."]
    )
    page_b2 = article_page(
        "Bridge repairs delayed", [WORDS.replace("harbour", "bridge"), "Corrected version of the report."]
    )
    project = make_project(tmp_path, {"standard.html": (FIXTURES / "standard.html").read_bytes()})
    write(
        project / "seeds" / "crawl.warc.gz",
        [
            warcinfo(gzipped=True),
            response("https://news.example.invalid/a", page_a, gzipped=True, date="2025-03-01T10:00:00Z"),
            response("https://news.example.invalid/a", page_a, gzipped=True, date="2025-03-02T10:00:00Z"),
            response("https://news.example.invalid/b", page_b1, gzipped=True, date="2025-03-01T11:00:00Z"),
            response("https://news.example.invalid/b", page_b2, gzipped=True, date="2025-03-05T11:00:00Z"),
        ],
    )
    result = convert(project)
    assert result.returncode == 0, result.stderr
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    assert len(registry["articles"]) == 3
    by_key = {key: (ident, entry) for ident, entry in registry["articles"].items() for key in entry["keys"]}
    a_id, a_entry = by_key["https://news.example.invalid/a"]
    assert len(a_entry["revisions"]) == 1
    assert len(a_entry["sources"]) == 2  # the same text captured twice: one article, two sources
    b_id, b_entry = by_key["https://news.example.invalid/b"]
    assert [r["number"] for r in b_entry["revisions"]] == [1, 2]
    out = build(project)
    page = soup(out / "archive" / "articles" / f"{b_id}.html")
    assert "Corrected version of the report." in page.select_one(".article-body").get_text()
    record = json.loads((project / "archive" / "records" / a_id / "r1.json").read_text("utf-8"))
    capture = record["provenance"]["capture"]
    assert capture["target_uri"] == "https://news.example.invalid/a"
    assert capture["warc_date"] == "2025-03-01T10:00:00Z"
    assert record["article"]["url"] == "https://news.example.invalid/a"
    assert record["provenance"]["reader"] == "warc (warcio 1.8.1), html (trafilatura 2.3.1)"
