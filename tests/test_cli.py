"""The command line, run as a user runs it: data on stdout, one-line errors on stderr, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.docs import generated

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("Gunmen attacked a police checkpoint in Bamako on Monday, killing four officers, "
        "the security ministry said.\n")


def cli(*args: str, stdin: str | None = None, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EVENTWIRE_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300, check=False)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("home")
    gazetteer = Path(os.environ.get("EVENTWIRE_HOME", Path.home() / ".local/share/eventwire")) / "gazetteer.sqlite"
    if gazetteer.is_file():  # reuse the compiled index rather than build it again
        (path / "gazetteer.sqlite").symlink_to(gazetteer)
    return path


def test_extract_from_stdin_prints_one_json_document(home: Path) -> None:
    run = cli("extract", "-", "--published", "2024-03-04", "--source", "Test Wire", stdin=TEXT, home=home)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert set(doc) >= {"article", "events", "figures", "mentions"}
    assert doc["article"]["source"] == "Test Wire" and doc["article"]["published"] == "2024-03-04"
    assert any(f["kind"] == "killed" and f["best"] == 4 for f in doc["figures"])


def test_jsonl_keeps_order_and_reports_bad_lines_in_place(home: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join([
        json.dumps({"id": "first", "text": TEXT, "published": "2024-03-04"}),
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "last", "text": "Protesters marched in Nairobi on Tuesday."}),
    ]) + "\n", encoding="utf-8")
    run = cli("extract", "--jsonl", str(corpus), home=home)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[0]["article"]["id"] == "first" and lines[3]["article"]["id"] == "last"
    assert "error" in lines[1] and lines[2] == {"id": "empty", "error": lines[2]["error"]}


@pytest.mark.parametrize(("args", "stdin"), [
    (("extract", "/no/such/file.txt"), None),
    (("extract", "-"), "   \n"),
    (("extract", "-", "--published", "31-02-2024"), TEXT),
    (("extract",), None),
])
def test_bad_input_gives_one_line_and_non_zero_exit(home: Path, args: tuple[str, ...], stdin: str | None) -> None:
    run = cli(*args, stdin=stdin, home=home)
    assert run.returncode != 0
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_ingest_then_list_in_every_format(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    run = cli("ingest", str(article), "--published", "2024-03-04", "--db", str(db), home=home)
    assert run.returncode == 0, run.stderr
    again = cli("ingest", str(article), "--published", "2024-03-04", "--db", str(db), home=home)
    assert again.returncode == 0
    events = json.loads(cli("events", "--db", str(db), "--format", "json", home=home).stdout)
    assert events and len({e["id"] for e in events}) == len(events)  # re-ingest did not double them
    for fmt in ("table", "csv", "geojson", "acled", "plover", "jsonl"):
        run = cli("events", "--db", str(db), "--format", fmt, home=home)
        assert run.returncode == 0 and run.stdout.strip(), (fmt, run.stderr)
    figures = json.loads(cli("figures", "--db", str(db), "--format", "json", "--kind", "killed", home=home).stdout)
    assert [f["best"] for f in figures] == [4]


@pytest.mark.parametrize("command", ["extract", "ingest", "events", "figures", "incidents", "serve", "eval",
                                     "gazetteer", "watch", "check", "schema"])
def test_every_command_is_wired(home: Path, command: str) -> None:
    run = cli(command, "--help", home=home)
    assert run.returncode == 0 and run.stdout.startswith(f"usage: eventwire {command}"), run.stderr


def test_generated_docs_are_current() -> None:
    for path, text in generated().items():
        assert path.is_file(), f"{path.name} missing: run python -m eventwire.docs"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python -m eventwire.docs"
