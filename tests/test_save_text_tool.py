"""tools/save_text.py: a looked-up page is saved as the annotators read it, or not at all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import save_text

TEXT = "Border incident reported\n\nUnits opened fire near the village overnight."


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An index of one row, its annotation, and a texts folder, all in *tmp_path*."""
    (tmp_path / "index.csv").write_text(
        "id,published,source,lang,title,url\n"
        "t-1,2021-05,Wire,en,Border incident,https://example.org/news/1\n"
    )
    at = TEXT.index("Units")
    gold = {"id": "t-1", "events": [{"anchor": [at, len(TEXT)]}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    monkeypatch.setattr(
        save_text, "INDEXES", {"own": (tmp_path / "index.csv", tmp_path / "gold.jsonl")}
    )
    monkeypatch.setattr(save_text, "TEXTS", tmp_path / "texts")
    return tmp_path


def run(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> None:
    monkeypatch.setattr(sys, "argv", ["save_text.py", *args])
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(stdin))
    save_text.main()


@pytest.mark.parametrize("token", [" date 2021-05-03 ", " date 2021-05 ", " date 2021 "])
def test_the_excerpt_is_saved_without_its_date_token(
    index: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    excerpt = json.dumps(token + TEXT + "\n")
    run(monkeypatch, excerpt, "t-1", "http://www.example.org/news/1/")
    assert capsys.readouterr().out.strip() == "ok"
    [line] = (index / "texts" / "own.jsonl").read_text().splitlines()
    assert json.loads(line) == {
        "id": "t-1", "published": "2021-05", "source": "Wire", "lang": "en", "text": TEXT
    }  # fmt: skip
    run(monkeypatch, json.dumps(TEXT), "t-1", "https://example.org/news/1")  # saved again
    assert len((index / "texts" / "own.jsonl").read_text().splitlines()) == 1


def test_a_paste_with_a_difference_is_not_saved(
    index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit, match="anchors do not fit"):
        run(
            monkeypatch,
            json.dumps(TEXT.replace("Border", "Bordr")),
            "t-1",
            "https://example.org/news/1",
        )
    assert not (index / "texts" / "own.jsonl").exists()
    with pytest.raises(SystemExit, match="the index's url"):
        run(monkeypatch, json.dumps(TEXT), "t-1", "https://example.org/news/2")
    with pytest.raises(SystemExit, match="not one JSON string"):
        run(monkeypatch, TEXT, "t-1", "https://example.org/news/1")
    with pytest.raises(SystemExit, match="no such id"):
        run(monkeypatch, json.dumps(TEXT), "t-9", "https://example.org/news/1")


def test_the_tool_runs_as_a_command() -> None:
    tool = Path(__file__).resolve().parents[1] / "tools" / "save_text.py"
    done = subprocess.run([sys.executable, str(tool), "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "Save one collected news text" in done.stdout
