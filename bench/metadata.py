#!/usr/bin/env python3
"""Metadata (issue #22): byline and title agreement with Mozilla Readability's expectations.

The evaluation corpus's dev pages include Readability's test pages (ids `readability-<name>`);
Readability's repository ships, for each, `test/test-pages/<name>/expected-metadata.json`
with a `byline` and a `title`. They are a reference, not gold: Readability keeps some site
suffixes and takes bylines as the page prints them. This script cleans those pages with the
release binary and counts, per field, the pages where both agree once normalised (case,
white space, a leading "By"; for bylines also the separators between several names).

    python3 bench/metadata.py --expected READABILITY [--bin target/release/dechrome]
                              [--pages DIR] [--show]

READABILITY is a git directory of mozilla/readability (read at HEAD with `git show`) or a
checkout (its `test/test-pages/` is read). --show lists every disagreement. The binary is
not built: build it first (`cargo build --release`).
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path.home() / ".cache" / "dechrome-eval" / "dev" / "html"
PREFIX = "readability-"
TEST_PAGES = "test/test-pages"
LEADING_BY = re.compile(r"^(by|von|par|por)\s+", re.IGNORECASE)
# Several authors: Readability joins them as the page does ("A, B and C"); dechrome uses "; ".
NAME_SEPARATORS = re.compile(r"\s*(?:;|,|\band\b|&)\s*", re.IGNORECASE)


def norm(value):
    value = " ".join((value or "").split()).lower()
    return LEADING_BY.sub("", value).strip()


def norm_byline(value):
    return [n for n in NAME_SEPARATORS.split(norm(value)) if n]


def expected_reader(source):
    """A function from a test page's name to its expected metadata (or None)."""
    source = Path(source)
    checkout = source / TEST_PAGES
    if checkout.is_dir():
        def read(name):
            path = checkout / name / "expected-metadata.json"
            return json.loads(path.read_text()) if path.is_file() else None
        return read

    def show(name):
        spec = f"HEAD:{TEST_PAGES}/{name}/expected-metadata.json"
        done = subprocess.run(["git", "--git-dir", str(source), "show", spec], capture_output=True, text=True)
        return json.loads(done.stdout) if done.returncode == 0 else None
    return show


def clean(binary, pages, work):
    """Runs `dechrome clean` over the Readability pages; their JSON sidecars by name."""
    src = work / "pages"
    src.mkdir()
    for page in sorted(pages.rglob(f"{PREFIX}*.html")):
        shutil.copy(page, src / page.name)
    out = work / "out"
    subprocess.run([str(binary), "clean", str(src), "--out", str(out)], check=True, capture_output=True)
    return {p.stem[len(PREFIX):]: json.loads(p.read_text()) for p in sorted(out.glob(f"{PREFIX}*.json"))}


def compare(got, read_expected):
    """Rows (name, field, expected, ours, agree) for pages with expected metadata."""
    rows = []
    for name, meta in got.items():
        expected = read_expected(name)
        if expected is None:
            continue
        ours_author, want_author = meta.get("author"), expected.get("byline")
        rows.append((name, "byline", want_author, ours_author, norm_byline(want_author) == norm_byline(ours_author)))
        ours_title, want_title = meta.get("title"), expected.get("title")
        rows.append((name, "title", want_title, ours_title, norm(want_title) == norm(ours_title)))
    return rows


def report(rows, show):
    for field in ("byline", "title"):
        of_field = [r for r in rows if r[1] == field]
        agree = sum(r[4] for r in of_field)
        stated = [r for r in of_field if r[2]]
        agree_stated = sum(r[4] for r in stated)
        print(f"{field:7} agree {agree}/{len(of_field)} pages; where Readability has one: {agree_stated}/{len(stated)}")
    if show:
        for name, field, want, ours, agree in rows:
            if not agree:
                print(f"  {name:45} {field:7} expected {want!r}\n  {'':45} {'':7} ours     {ours!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--expected", required=True, help="mozilla/readability git dir or checkout")
    parser.add_argument("--bin", default=str(ROOT / "target" / "release" / "dechrome"))
    parser.add_argument("--pages", default=str(PAGES))
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    binary, pages = Path(args.bin), Path(args.pages)
    if not binary.is_file():
        sys.exit(f"no binary at {binary}: cargo build --release")
    if not pages.is_dir():
        sys.exit(f"no pages at {pages}: bash ../shared/eval/unpack.sh")
    with tempfile.TemporaryDirectory() as work:
        got = clean(binary, pages, Path(work))
    report(compare(got, expected_reader(args.expected)), args.show)


if __name__ == "__main__":
    main()
