"""One capture at a time: the same record as the CLI's, and errors as exceptions."""

from __future__ import annotations

import json
import pickle
import subprocess
from pathlib import Path

import pytest

import dechrome
from conftest import REPO, cli

SAMPLES = REPO / "samples"


def cli_record(path: Path) -> dict[str, object]:
    out = subprocess.run([cli(), "clean", str(path), "--format", "jsonl", "--out", "-", "-q"], capture_output=True)
    record: dict[str, object] = json.loads(out.stdout)
    return record


CAPTURES = sorted(SAMPLES.glob("*.txt")) + sorted((REPO / "tests" / "html").rglob("*.html"))[:4]


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_clean_gives_the_record_the_cli_writes(path: Path) -> None:
    expected = cli_record(path)
    raw = path.read_bytes()
    contents: list[str | bytes] = [raw]
    if expected["encoding"] == "UTF-8" and b"\r" not in raw:
        contents.append(raw.decode("utf-8"))  # as it is: the same text
    for content in contents:
        record = dechrome.clean(content, kind="html" if path.suffix == ".html" else None)
        assert list(record) == list(expected)
        assert {k: v for k, v in record.items() if k != "source"} == {k: v for k, v in expected.items() if k != "source"}


MARKDOWN_PAGES = sorted((REPO / "tests" / "markdown").glob("*.html"))


@pytest.mark.parametrize("path", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_markdown_is_the_clis(path: Path) -> None:
    args = ["--text-format", "markdown", "--links", "--images"]
    out = subprocess.run([cli(), "clean", str(path), "--format", "jsonl", "--out", "-", "-q", *args], capture_output=True)
    expected = json.loads(out.stdout)
    cleaner = dechrome.Cleaner(text_format="markdown", links=True, images=True)
    record = cleaner.clean(path.read_bytes(), kind="html")
    assert record["text"] == expected["text"] and record["cleaned_with"] == expected["cleaned_with"]
    assert record["text"] != dechrome.clean(path.read_bytes(), kind="html")["text"], "Markdown differs from plain"
    with pytest.raises(ValueError, match="text_format"):
        dechrome.Cleaner(text_format="html")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="need text_format"):
        dechrome.Cleaner(links=True)


def test_url_and_kind() -> None:
    page = "<p>The council approved the budget after a long debate, members of the board said.</p>"
    as_text = dechrome.clean(page, kind="text", url="https://www.example.com/a")
    as_page = dechrome.clean(page, kind="html")
    assert as_text["format"] == "text" and as_text["site"] == "www.example.com"
    assert as_page["format"] == "html" and as_page["text"].startswith("The council approved")
    with pytest.raises(ValueError, match="kind must be"):
        dechrome.clean(page, kind="pdf")  # type: ignore[arg-type]


def test_errors_are_exceptions_with_the_clis_messages(tmp_path: Path) -> None:
    with pytest.raises(dechrome.CaptureError, match="^empty file$"):
        dechrome.clean(b"")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x"\nkind = "nope"\n')
    with pytest.raises(dechrome.RuleError, match=r"bad\.toml:\d+:\d+: "):
        dechrome.Cleaner(rules=[bad])
    with pytest.raises(dechrome.DechromeError, match="cannot read .*missing.toml: no such file or folder"):
        dechrome.Cleaner(rules=[tmp_path / "missing.toml"])
    with pytest.raises(dechrome.TemplateError, match="not a dechrome template: it does not open with DCTPL"):
        dechrome.Template.from_bytes(b"nonsense")
    for error in (dechrome.RuleError, dechrome.CaptureError, dechrome.TemplateError, dechrome.ColumnError):
        assert issubclass(error, dechrome.DechromeError)


def test_rules_defaults_and_heuristics_are_options(tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text('[[rule]]\nid = "mine.promo"\nkind = "drop"\nwhy = "A promo."\nlines = ["Subscribe to the Planet"]\n')
    text = "The council approved the budget after a long debate.\nSubscribe to the Planet\n"
    record = dechrome.Cleaner(rules=[rules]).clean(text)
    assert record["text"] == "The council approved the budget after a long debate.\n"
    assert record["removed"][0]["rule"] == "mine.promo"
    bare = dechrome.Cleaner(default_rules=False, heuristics=False).clean("Source link\nA line.\n")
    assert bare["text"] == "Source link\nA line.\n"


def test_templates_merge_round_trip_and_pickle() -> None:
    assert dechrome.Template() == dechrome.Template.from_bytes(dechrome.Template().to_bytes())
    template = dechrome.learn(
        __import__("pyarrow").table({"text": ["Menu\nA.", "Menu\nB.", "Menu\nC.", "Menu\nD."], "url": ["https://a.example/x"] * 4}),
        "text",
        "url",
    )
    assert (template.sites, template.captures) == (1, 4)
    assert pickle.loads(pickle.dumps(template)) == template
    assert dechrome.Template.from_bytes(template.to_bytes()) == template
    doubled = pickle.loads(pickle.dumps(template))
    doubled.merge(template)
    assert doubled.captures == 8 and doubled != template
    assert "4 captures of 1 sites" in repr(template)
