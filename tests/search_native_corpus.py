"""Searches as native readers type them (issue 28): articles and queries written for these tests.

Five articles (original sentences): an Arabic one on the olive harvest whose words carry their
prefixes (``والمزارعون``, ``بالقرية``, ``للمعصرة``, ``فالموسم``, ``كالعادة``) and a second
Arabic one on cooking oil (``زيت``, never ``زيتون``); a Hebrew one on a market
(``השוק``, ``בירושלים``, ``והמוכרים``, ``כשהחנויות``); a Chinese one on giant pandas that writes
``大熊猫`` and never ``熊猫`` alone; a Russian one whose queries are inflected forms not in its
text. Each :class:`Query` names the article it must find (or none) and the articles it must not
list. ``python tests/search_native_corpus.py [--repo PATH]`` builds the site from the code of
``PATH`` (default: this checkout), searches every query in Chromium and prints, per kind, how
many were found as expected: run it on an export of an older commit to compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parents[1]
FOUNDING_SEED = "000_b0338e507dd9b773.txt"

ARTICLES: dict[str, tuple[str, str]] = {
    "ar-olives.txt": (
        "قطف الزيتون يبدأ مبكرا في قرى الجليل\n\n"
        "بدأ قطف الزيتون هذا الأسبوع في قرى الجليل، فالموسم جاء أبكر من العام الماضي بسبب الحرارة.\n\n"
        "والمزارعون يخرجون مع أسرهم عند الفجر، ويجمعون الثمار كالعادة تحت الأشجار القديمة.\n\n"
        "ثم تنقل العائلات المحصول بشاحنات صغيرة للمعصرة الوحيدة بالقرية، حيث يتحول إلى زيت الزيتون.\n\n"
        "وقال صاحبها إن الإنتاج هذا العام وفير، وإن الأسعار ستبقى مستقرة في الأسواق المحلية.\n",
        "language: ar\npublished: 2026-10-12\n",
    ),
    "ar-oil.txt": (
        "ارتفاع أسعار زيت الطبخ في المتاجر\n\n"
        "ارتفعت أسعار زيت الطبخ في المتاجر الكبرى خلال الشهر الحالي، وقال تجار إن السبب هو تكاليف النقل.\n\n"
        "وطالبت جمعية المستهلكين الحكومة بمراقبة الأسعار ونشر قائمة أسبوعية بها.\n",
        "language: ar\npublished: 2026-10-20\n",
    ),
    "he-market.txt": (
        "השוק הישן בירושלים נפתח מחדש\n\n"
        "השוק הישן בירושלים נפתח מחדש ביום ראשון, והמוכרים חזרו לדוכנים אחרי שנה שלמה של עבודות.\n\n"
        "כשהחנויות נפתחו בבוקר, כבר חיכו בחוץ תושבים רבים שהגיעו מהכפר הסמוך.\n\n"
        "מנהלת השוק אמרה שהתקרה החדשה תגן על הסחורה מפני הגשם ומפני השמש בקיץ.\n",
        "language: he\npublished: 2026-09-03\n",
    ),
    "zh-pandas.txt": (
        "卧龙保护区三只大熊猫幼崽学会爬树\n\n"
        "四川卧龙国家级自然保护区的工作人员本周表示，今年春天出生的三只大熊猫幼崽已经学会了爬树。\n\n"
        "饲养员介绍说，大熊猫妈妈每天要吃掉大量新鲜竹笋，幼崽则在草地上追逐玩耍。\n\n"
        "保护区计划明年开放一条观察步道，让游客在不打扰动物的情况下看到大熊猫的日常生活。\n",
        "language: zh\npublished: 2026-05-14\n",
    ),
    "ru-embankment.txt": (
        "В Самаре открыли новую набережную\n\n"
        "Власти Самары в пятницу открыли после ремонта набережную Волги, которую жители ждали почти три года.\n\n"
        "На новой набережной появились велосипедные дорожки, скамейки и фонари, а вдоль реки посадили "
        "молодые деревья.\n\n"
        "Архитекторы рассказали, что при строительстве сохранили старые лестницы и отремонтировали причалы "
        "для речных трамвайчиков.\n\n"
        "По словам мэра, летом здесь будут проходить концерты и ярмарки местных мастеров.\n",
        "language: ru\npublished: 2026-06-01\n",
    ),
}


class Query(NamedTuple):
    kind: str  # what is measured (see KINDS)
    query: str
    finds: str | None  # the seed whose article must be listed, or None
    not_listed: tuple[str, ...] = ()  # seeds whose articles must not be listed


KINDS = {
    "ar-with-article": "Arabic, the word with its article ال, as written",
    "ar-bare": "Arabic, the word without the prefixes it is written with",
    "ar-article-under-prefix": "Arabic, ال + word where the text has و/ف/ب/ك/ل before it",
    "he-as-written": "Hebrew, the word with its prefix, as written",
    "he-bare": "Hebrew, the word without its one-letter prefixes",
    "he-article-under-prefix": "Hebrew, ה + word where the text has ו/מ/ש/כ before it",
    "zh-sub-word": "Chinese, a word inside a longer run of characters",
    "ru-inflected": "Russian, an inflected form not in the text",
    "en": "English, the founding article",
    "false-match": "a word the article does not hold must not list it",
}

QUERIES: tuple[Query, ...] = (
    *(
        Query("ar-with-article", q, "ar-olives.txt")
        for q in ("الزيتون", "الجليل", "الأسبوع", "الحرارة", "الأشجار", "المحصول")
    ),
    *(
        Query("ar-bare", q, "ar-olives.txt")
        for q in ("مزارعون", "قرية", "معصرة", "موسم", "عادة", "شاحنات", "عائلات")
    ),
    Query("ar-bare", "زيتون", "ar-olives.txt"),
    Query("ar-bare", "زيتون الجليل", "ar-olives.txt"),  # two words: both must be there
    Query("ar-with-article", "الاسبوع", "ar-olives.txt"),  # typed without the hamza of الأسبوع
    *(
        Query("ar-article-under-prefix", q, "ar-olives.txt")
        for q in ("المزارعون", "القرية", "المعصرة", "الموسم", "العادة")
    ),
    *(Query("he-as-written", q, "he-market.txt") for q in ("השוק", "בירושלים", "והמוכרים", "מהכפר", "כשהחנויות")),
    *(
        Query("he-bare", q, "he-market.txt")
        for q in ("שוק", "ירושלים", "מוכרים", "דוכנים", "חנויות", "כפר", "תקרה")
    ),
    *(Query("he-article-under-prefix", q, "he-market.txt") for q in ("המוכרים", "החנויות", "הכפר", "התקרה")),
    *(
        Query("zh-sub-word", q, "zh-pandas.txt")
        for q in ("熊猫", "幼崽", "保护区", "饲养员", "竹笋", "步道", "妈妈", "卧龙", "熊猫幼崽")
    ),
    *(
        Query("ru-inflected", q, "ru-embankment.txt")
        for q in (
            "набережная", "самара", "ремонтом", "жителям", "дорожка", "скамейку", "фонарь", "река",
            "дерево", "архитектор", "строительства", "лестница", "причал", "концерт", "ярмарка", "мастерам",
        )
    ),
    Query("en", "demilitarized", FOUNDING_SEED),
    Query("false-match", "زيتون", None, ("ar-oil.txt",)),  # the oil article: only زيت starts it
    Query("false-match", "زيتون الطبخ", None, ("ar-olives.txt", "ar-oil.txt")),  # no article holds both
    Query("false-match", "موسمية", None, ("ar-olives.txt",)),  # only موسم (from فالموسم) starts it
    Query("false-match", "שוקולד", None, ("he-market.txt",)),  # only שוק (from השוק) starts it
    Query("false-match", "熊猫馆", None, ("zh-pandas.txt",)),  # 熊猫 starts it, 熊猫馆 is not in the text
    Query("false-match", "竹子", None, ("zh-pandas.txt",)),
)


def _ok(done: subprocess.CompletedProcess[str]) -> None:
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(done.args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def build_site(root: Path, repo: Path = REPO) -> Path:
    """Convert the founding seed and :data:`ARTICLES` under ``root`` with the code of ``repo``,
    build the site as ``make html`` does and index it with Pagefind; return the HTML folder
    (built once per folder)."""
    html_dir = root / "_build" / "html"
    if (html_dir / "pagefind" / "pagefind-entry.json").is_file():
        return html_dir
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(repo / "docs", root / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(repo / "vocabulary", root / "vocabulary")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy2(repo / "seeds" / FOUNDING_SEED, seeds / FOUNDING_SEED)
    for name, (text, sidecar) in ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
        (seeds / f"{name}.meta.yaml").write_text(sidecar, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(repo / "tools"), "SOURCE_DATE_EPOCH": "1767225600"}
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run
    _ok(run([sys.executable, "-m", "seedarchive", "convert", "-q"], cwd=root, env=env, capture_output=True, text=True))
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", "docs", "-n", "-W", "--keep-going", "-q"]
    _ok(run([*command, ".", str(html_dir)], cwd=root, env=env, capture_output=True, text=True))
    _ok(run([sys.executable, "-m", "seedarchive.publish.search", str(html_dir)], cwd=root, env=env,
            capture_output=True, text=True))
    return html_dir


def article_pages(html_dir: Path) -> dict[str, str]:
    """Seed name → the site path of its article page (``/archive/articles/ID.html``)."""
    found: dict[str, str] = {}
    for page in sorted((html_dir.parent.parent / "archive" / "articles").glob("*.md")):
        text = page.read_text("utf-8")
        for name in [*ARTICLES, FOUNDING_SEED]:
            if f"seed: {name}\n" in text:
                found[name] = f"/archive/articles/{page.stem}.html"
    return found


def search(page: Any, query: str) -> list[str]:
    """The result links' paths of searching ``query`` on the search page; console errors and
    failed requests raise."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(f"docs/search-archive.html?q={quote(query)}")
    page.locator(".pagefind-ui__message").first.wait_for()
    page.wait_for_function(
        "() => !/Searching|Loading/i.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"
    )
    page.wait_for_load_state("networkidle")
    found = page.locator(".pagefind-ui__result-link").all()
    links = [urlsplit(str(link.get_attribute("href") or "")).path for link in found]
    if problems:
        raise AssertionError(f"{query!r}: {problems}")
    return links


def judge(query: Query, links: list[str], pages: dict[str, str]) -> bool:
    """True when the results list the article ``query`` must find and none it must not."""
    found = query.finds is None or pages[query.finds] in links
    return found and not any(pages[seed] in links for seed in query.not_listed)


def measure(repo: Path, work: Path) -> dict[str, tuple[int, int, list[str]]]:
    """Kind → (searches as expected, searches, the queries that were not) on a site built from ``repo``."""
    sys.path.insert(0, str(Path(__file__).parent))
    from browser_util import launch, open_page, serve

    site = build_site(work, repo)
    pages = article_pages(site)
    out: dict[str, tuple[int, int, list[str]]] = {}
    with serve(site) as url, launch() as browser, open_page(browser, url, 15_000) as page:
        for query in QUERIES:
            good, total, bad = out.get(query.kind, (0, 0, []))
            ok = judge(query, search(page, query.query), pages)
            out[query.kind] = (good + ok, total + 1, bad if ok else [*bad, query.query])
    return out


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    cli.add_argument("--repo", type=Path, default=REPO, help="the checkout whose code builds the site")
    cli.add_argument("--work", type=Path, default=None, help="where to build (default: a temporary folder)")
    args = cli.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        results = measure(args.repo.resolve(), args.work or Path(temp) / "site")
    for kind, (good, total, bad) in results.items():
        missed = f"  not: {' '.join(bad)}" if bad else ""
        print(f"{kind:26} {good:2}/{total:<2} {KINDS[kind]}{missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
