"""Shared by the tests: generated pages of several sites, and the CLI to compare with."""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[3]

# Each site's chrome: lines no built-in rule knows, repeated on its pages, which only learning
# removes.
SITES = {
    "www.dailyplanet.example": ["Daily Planet Metro Desk", "Lois Lane files from the newsroom", "Planet Club members read free"],
    "news.gotham.example": ["Gotham Gazette Evening Brief", "Night edition by the harbour team", "Gazette Insider benefits"],
    "www.smallville.example": ["Smallville Ledger Farm Report", "Kent family corner", "Ledger Readers Circle"],
    "centralcity.example": ["Central City Picture News", "Iris West reporting live", "Picture News Plus"],
    "www.starling.example": ["Starling Star Daily", "Harbour and Glades section", "Star Supporters Club"],
}
WORDS = (
    "council budget river bridge school teacher harbour market farmer election mayor storm "
    "museum library festival railway station hospital doctor nurse court judge jury ferry "
    "orchard village township district reporter season harvest concert theatre garden"
).split()


def sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, 12)
    return " ".join(words).capitalize() + ", officials said on the record."


def page_text(rng: random.Random, chrome: list[str]) -> str:
    body = "\n\n".join(" ".join(sentence(rng) for _ in range(3)) for _ in range(rng.randint(2, 4)))
    head = "\n".join(chrome[:2])
    return f"{head}\n\n{body}\n\n{chrome[2]}\n"


def page_html(rng: random.Random, chrome: list[str], title: str) -> str:
    body = "".join(f"<p>{' '.join(sentence(rng) for _ in range(3))}</p>" for _ in range(3))
    day = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 300))
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>'
        f'<meta property="article:published_time" content="{day.isoformat()}"></head><body>'
        f"<header>{chrome[0]}</header><nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>{chrome[2]}</footer></body></html>"
    )


def make_records(pages: int, seed: int = 20) -> list[dict[str, Any]]:
    """Text captures of several sites, with repeated chrome lines, a few of them failing."""
    rng = random.Random(seed)
    hosts = list(SITES)
    records = []
    for i in range(pages):
        host = hosts[i % len(hosts)]
        text = page_text(rng, SITES[host]) if i % 97 else ""  # an empty capture fails
        records.append({"id": f"p{i}", "url": f"https://{host}/story/{i}", "text": text})
    return records


def make_html_records(pages: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    hosts = list(SITES)
    return [
        {"id": f"h{i}", "url": f"https://{hosts[i % 5]}/page/{i}", "html": page_html(rng, SITES[hosts[i % 5]], f"Story {i}")}
        for i in range(pages)
    ]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_parquet(folder: Path, records: list[dict[str, Any]], files: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(records) // files)
    for n in range(files):
        pq.write_table(pa.Table.from_pylist(records[n * size : (n + 1) * size]), folder / f"part-{n}.parquet")
    return folder


def cli() -> str:
    """The CLI binary, built by `cargo test` (./test.sh) or here."""
    binary = Path(os.environ.get("DECHROME_BIN", REPO / "target" / "debug" / "dechrome"))
    if not binary.exists():
        subprocess.run(["cargo", "build", "-p", "dechrome-cli"], cwd=REPO, check=True)
    return str(binary)


def cli_records(jsonl: Path, *args: str) -> dict[str, dict[str, Any]]:
    """`dechrome clean FILE --format jsonl` on a JSONL file, its records by id."""
    out = jsonl.with_suffix(".out.jsonl")
    run = subprocess.run([cli(), "clean", str(jsonl), "--format", "jsonl", "--out", str(out), "-q", *args])
    assert run.returncode in (0, 1), run
    return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


# The fields compared: every metadata field but `source` (a file's line there, a batch's row here).
COMPARED = [
    "format", "encoding", "site", "site_name", "url", "id", "title", "author", "date", "date_modified",
    "language", "words_in", "words_out", "removed", "rules_applied", "content_hash", "cleaned_with", "dechrome",
    "warnings", "error", "text",
]  # fmt: skip


def as_cli(row: dict[str, Any]) -> dict[str, Any]:
    """A batch row's compared fields as the CLI's JSON has them."""
    out = {name: row.get(name) for name in COMPARED}
    for field in ("date", "date_modified"):
        if isinstance(out[field], datetime.date):
            out[field] = out[field].isoformat()
    return out


def assert_same_as_cli(rows: list[dict[str, Any]], expected: dict[str, dict[str, Any]], *, learned: int = 0) -> None:
    """Every row equals the CLI's record of the same id; at least `learned` had template lines removed."""
    assert len(rows) == len(expected)
    for row in rows:
        want = {name: expected[row["id"]].get(name) for name in COMPARED}
        assert as_cli(row) == want, row["id"]
    with_template = sum(any(r["rule"] == "learned.site-template" for r in row["removed"]) for row in rows)
    assert with_template >= learned, with_template


@pytest.fixture(scope="session")
def records() -> list[dict[str, Any]]:
    return make_records(600)
