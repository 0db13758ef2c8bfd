"""Articles in other languages and scripts, written for these tests (original sentences).

Each entry: seed file name → (seed text, sidecar text or None, a query that must find it,
the language the page must state or "" when unknown, the direction). Chinese and Japanese
queries are words inside runs of characters; the Russian query is an inflected form that
is not in the text (only stemming finds it); the Arabic one has the article prefix ``ال``.
Shared by tests/test_i18n_pages.py and tests/test_browser_i18n.py.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import sphinx_build

REPO = Path(__file__).resolve().parents[1]
FOUNDING_SEED = "000_b0338e507dd9b773.txt"


class Case(NamedTuple):
    text: str
    sidecar: str | None
    query: str
    language: str
    direction: str


CASES: dict[str, Case] = {
    "zh-panda.txt": Case(
        "成都熊猫基地迎来两只新生幼崽\n\n"
        "成都大熊猫繁育研究基地本周宣布，两只大熊猫幼崽在夏季出生，目前体重已经超过三公斤。\n\n"
        "饲养员说，幼崽每天睡眠时间很长，醒来后会在木架上练习攀爬，游客可以隔着玻璃看到熊猫宝宝在育幼馆里玩耍。\n\n"
        "研究人员表示，今年的竹子长势良好，为母亲提供了充足的食物，基地计划在秋天公布幼崽的名字。\n",
        "language: zh\npublished: 2025-07-02\n",
        "熊猫",
        "zh",
        "ltr",
    ),
    "ja-library.txt": Case(
        "港町の図書館が改装を終えて再開\n\n"
        "長い改装工事を終えた港町の市立図書館が、今週の月曜日に再び開館しました。\n\n"
        "新しい閲覧室には海を望む大きな窓があり、地元の高校生たちが放課後に集まって静かに勉強しています。\n\n"
        "館長は、古い郷土資料をデジタル化する作業も進めており、来年には誰でもネットで閲覧できるようになると話しました。\n",
        None,
        "閲覧室",
        "",
        "ltr",
    ),
    "ar-library.txt": Case(
        "افتتاح مكتبة جديدة في وسط مدينة الإسكندرية\n\n"
        "افتتحت بلدية الإسكندرية يوم الأحد مكتبة عامة جديدة في وسط المدينة، تضم أكثر من عشرين ألف كتاب "
        "باللغة العربية ولغات أخرى.\n\n"
        "وقال مدير المكتبة إن القاعة الرئيسية ستبقى مفتوحة حتى العاشرة مساء طوال أيام الأسبوع، لكي يتمكن "
        "الطلاب والعمال من زيارتها بعد الدوام.\n\n"
        "وأضاف أن المكتبة ستنظم ورشات أسبوعية للأطفال في القراءة والكتابة، وأن التسجيل فيها مجاني لجميع "
        "سكان المدينة.\n",
        "language: ar\nauthors:\n- سلمى حداد\npublished: 2025-11-18\n",
        "المكتبة",
        "ar",
        "rtl",
    ),
    "he-rain.txt": Case(
        "גשם כבד הציף את רחובות חיפה\n\n"
        "גשם כבד שירד במשך כל הלילה הציף את רחובות העיר התחתית של חיפה, ונהגים רבים נאלצו להשאיר את "
        "מכוניותיהם בצד הדרך.\n\n"
        "עובדי העירייה פתחו את תעלות הניקוז בשעות הבוקר המוקדמות, והתנועה חזרה בהדרגה לשגרה לפני הצהריים.\n\n"
        "לפי החזאים, הסערה צפויה להיחלש עד סוף השבוע, אך תושבים התבקשו להישאר זהירים ליד הים.\n",
        None,
        "תעלות",
        "",
        "rtl",
    ),
    "ru-library.txt": Case(
        "В Казани открылась новая библиотека\n\n"
        "В центре Казани в субботу открылась новая городская библиотека, в которой собрано более тридцати "
        "тысяч книг на русском и татарском языках.\n\n"
        "Директор библиотеки рассказала, что читальный зал будет работать до позднего вечера, чтобы студенты "
        "могли заниматься после лекций.\n\n"
        "Кроме того, каждую неделю здесь будут проходить бесплатные занятия для детей и встречи с местными "
        "писателями.\n",
        "language: ru\nauthors:\n- Анна Соколова\n",
        "библиотеку",
        "ru",
        "ltr",
    ),
    "es-market.txt": Case(
        "El mercado de Valencia amplía su horario\n\n"
        "El mercado central de Valencia abrirá hasta las nueve de la noche a partir del lunes, según anunció "
        "el ayuntamiento en una nota breve.\n\n"
        "Los comerciantes esperan que el nuevo horario atraiga a quienes trabajan durante el día y no pueden "
        "hacer la compra por la mañana.\n",
        "language: es\n",
        "comerciantes",
        "es",
        "ltr",
    ),
}


def page_html(case: Case) -> bytes:
    """The case as a saved web page (for the HTML reader): headline and paragraphs."""
    blocks = [b.strip() for b in case.text.split("\n\n") if b.strip()]
    lang = f' lang="{case.language}"' if case.language else ""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in blocks[1:])
    return (
        f"<!DOCTYPE html><html{lang}><head><meta charset='utf-8'><title>{html.escape(blocks[0])}</title></head>"
        f"<body><article><h1>{html.escape(blocks[0])}</h1>\n{paragraphs}</article></body></html>\n"
    ).encode()


def _ok(done: subprocess.CompletedProcess[str]) -> None:
    """Fail the test with the command and its output unless it succeeded."""
    if done.returncode != 0:
        pytest.fail(f"{' '.join(done.args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def build_site(root: Path) -> Path:
    """Convert the founding seed and every case under ``root``, build the site as ``make html``
    does and index it with Pagefind; return the HTML folder (built once per folder)."""
    html_dir = root / "_build" / "html"
    if (html_dir / "pagefind" / "pagefind-entry.json").is_file():
        return html_dir
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "vocabulary", root / "vocabulary")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy2(REPO / "seeds" / FOUNDING_SEED, seeds / FOUNDING_SEED)
    for name, case in CASES.items():
        (seeds / name).write_text(case.text, encoding="utf-8")
        if case.sidecar:
            (seeds / f"{name}.meta.yaml").write_text(case.sidecar, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools"), "SOURCE_DATE_EPOCH": "1767225600"}
    _ok(subprocess.run([sys.executable, "-m", "seedarchive", "convert", "-q"],
                       cwd=root, env=env, capture_output=True, text=True, check=False))
    _ok(sphinx_build(".", html_dir, env=env, cwd=root))
    _ok(subprocess.run([sys.executable, "-m", "seedarchive", "search", str(html_dir)],
                       cwd=root, env=env, capture_output=True, text=True, check=False))
    return html_dir


def shared_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.getbasetemp() / "i18n-site")


def article_pages(html_dir: Path) -> dict[str, Path]:
    """Seed name → its article page, read from the converted pages' front matter."""
    found: dict[str, Path] = {}
    for page in sorted((html_dir.parent.parent / "archive" / "articles").glob("*.md")):
        text = page.read_text("utf-8")
        for name in CASES:
            if f"seed: {name}\n" in text:
                found[name] = html_dir / "archive" / "articles" / f"{page.stem}.html"
    return found
