"""The publishing workflows the project ships (issue 30), checked as far as can be offline:
valid YAML of the shape GitHub Actions and GitLab CI read, every command they run is a make
target (or a shell line bash can parse), and the folder they publish is the one `make publish`
writes. Whether GitHub and GitLab accept them is only known there (docs/publish.md says so)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT
from seedarchive.publish import settings

GITHUB = ROOT / ".github" / "workflows" / "pages.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
GUIDE = ROOT / "docs" / "publish.md"


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict), f"{path}: not a YAML mapping"
    return data


def make_targets() -> set[str]:
    """The targets of the Makefile, as `make -qp` prints its database."""
    done = subprocess.run(["make", "-qp"], cwd=ROOT, capture_output=True, text=True, check=False)
    return {m for m in re.findall(r"^([A-Za-z][\w-]*):(?!=)", done.stdout, flags=re.M)}


def published_folder() -> str:
    """Where `make publish` puts the site: the --out of the site build it runs."""
    env = {**os.environ, "SEEDARCHIVE_BASEURL": "https://example.edu/"}
    done = subprocess.run(["make", "-n", "publish"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    (out,) = re.findall(r"bin/seedarchive site --out (\S+)", done.stdout)
    return out


def commands(lines: list[str]) -> list[list[str]]:
    out = []
    for line in lines:
        subprocess.run(["bash", "-n", "-c", line], check=True)  # parses as shell
        out.append(shlex.split(line))
    return out


def check_make(words: list[str], targets: set[str]) -> None:
    if words[0] == "make":
        named = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        assert named and set(named) <= targets, (words, targets)


def test_the_github_workflow_builds_with_make_publish_and_deploys_its_folder() -> None:
    data = load(GITHUB)
    triggers = data[True]  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    uses = [step["uses"] for step in build["steps"] if "uses" in step]
    assert [u.split("@")[0] for u in uses] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-pages-artifact",
    ]
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", u) for u in uses)
    assert build["steps"][0]["with"]["fetch-depth"] == 0  # edition tags
    runs = [step for step in build["steps"] if "run" in step]
    targets = make_targets()
    for words in commands([step["run"] for step in runs]):
        check_make(words, targets)
    assert [step["run"] for step in runs] == ["make publish"]
    assert runs[0]["env"] == {"SEEDARCHIVE_BASEURL": "${{ vars.SEEDARCHIVE_BASEURL }}"}
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == published_folder()
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_gitlab_job_publishes_what_make_publish_built_as_public() -> None:
    data = load(GITLAB)
    job = data["pages"]  # GitLab Pages publishes the job named pages
    assert job["variables"]["GIT_DEPTH"] == 0
    targets = make_targets()
    script = commands(job["script"])
    for words in script:
        check_make(words, targets)
    assert script == [["make", "publish"], ["rm", "-rf", "public"], ["mv", published_folder(), "public"]]
    assert job["artifacts"]["paths"] == ["public"]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_an_empty_variable_leaves_base_url_to_archive_toml() -> None:
    """GitHub passes an unset repository variable as an empty string."""
    got = settings.parse({"base_url": "https://example.edu/a/"}, environ={"SEEDARCHIVE_BASEURL": ""})
    assert (got.base_url, got.base_url_from) == ("https://example.edu/a/", "archive.toml, base_url")


def test_the_guide_names_both_workflow_files_and_every_key() -> None:
    guide = GUIDE.read_text("utf-8")
    assert ".github/workflows/pages.yml" in guide and ".gitlab-ci.yml" in guide
    assert settings.docs_table() in guide, "docs/publish.md: paste seedarchive.publish.settings.docs_table()"
