#!/usr/bin/env python3
"""Markdown output (issue #21), measured in one command on the evaluation corpus's dev pages:

1. Same words: every dev HTML page cleaned as plain text and as Markdown; the Markdown read
   as text (pulldown-cmark's text events, through `cargo run --example markdown_structure`)
   against the plain output: 4-gram F1 over all pages; and both scored against the gold text
   with the corpus's score.py.
2. Structure: on the Readability test pages (ids `readability-*`), the share of the expected
   article's headings, list items and table rows that come out as Markdown headings, list
   items and table rows with the same words, beside trafilatura's Markdown on the same pages;
   and, for dechrome, where the misses went (their words not in the output at all, or there
   but in another structure).
3. Speed: `dechrome clean HTML --dry-run --jobs 1`, plain and Markdown runs alternated, the
   median of each and their ratio.

    python3 bench/markdown.py [--runs 5] [--no-trafilatura] [--keep DIR]

Needs the corpus (`bash ../shared/eval/unpack.sh`, run by this script) and builds the release
binary. trafilatura is installed into a venv under /tmp on first use.
"""
import sys
from pathlib import Path

# bench/html.py would shadow the standard library's `html`.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import html.parser  # noqa: E402
import json
import os
import re
import shutil
import statistics
import subprocess
import tarfile
import tempfile
import time
from collections import Counter

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
if not EVAL.is_dir():
    EVAL = Path("/work/shared/eval")
VENV = Path("/tmp/dechrome-bench-markdown-venv")
TOKEN = re.compile(r"\w+")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def norm(text):
    return " ".join(TOKEN.findall(text.lower()))


# --- the expected structure of a page, from its HTML --------------------------------------

class Structure(html.parser.HTMLParser):
    """Headings, list items (without their nested lists) and table rows of an HTML page."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.items, self.rows = [], [], []
        self.open = []  # [kind, parts]
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.HEADINGS:
            self.open.append(["heading", []])
        elif tag == "li":
            self.open.append(["item", []])
        elif tag == "tr":
            self.open.append(["row", []])
        elif tag in ("td", "th"):
            self.feed_text(" | ")
        elif tag == "br":
            self.feed_text(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
            return
        kind = {"li": "item", "tr": "row"}.get(tag, "heading" if tag in self.HEADINGS else None)
        if kind is None:
            if tag in ("p", "div"):
                self.feed_text(" ")
            return
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == kind:
                done = self.open[i]
                del self.open[i:]
                text = norm("".join(done[1]))
                if text:
                    {"heading": self.headings, "item": self.items, "row": self.rows}[kind].append(text)
                return

    def handle_data(self, data):
        if not self.skip:
            self.feed_text(data)

    def feed_text(self, text):
        # A list item's text stops at a nested list: only the innermost open element takes it.
        if self.open:
            self.open[-1][1].append(text)


def expected_structure(path):
    parser = Structure()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return {"headings": parser.headings, "items": parser.items, "rows": parser.rows}


# --- Markdown read back ---------------------------------------------------------------------

def read_markdown(folder):
    """id -> record of the example: text, headings, items, rows (as pulldown-cmark reads them)."""
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "dechrome", "--example", "markdown_structure", "--", str(folder)],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    records = {}
    for line in out.splitlines():
        rec = json.loads(line)
        records[Path(rec["path"]).name[:-len(".md")]] = rec
    return records


def share(expected, found):
    """How many of `expected` (normalized texts, a multiset) `found` has."""
    have = Counter(norm(t) for t in found)
    hit = 0
    for text in expected:
        if have[text] > 0:
            have[text] -= 1
            hit += 1
    return hit


# --- scores ---------------------------------------------------------------------------------

def shingles(tokens, n=4):
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def prf(pairs):
    """Mean P, mean R and their F1 over pages, as score.py pools them."""
    ps, rs = [], []
    for ref, pred in pairs:
        g, p = shingles(TOKEN.findall(ref)), shingles(TOKEN.findall(pred))
        tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
        if tp + fp > 0:
            ps.append(tp / (tp + fp))
        if tp + fn > 0:
            rs.append(tp / (tp + fn))
        if fp == fn == 0 and tp == 0:
            ps.append(1.0)
            rs.append(1.0)
    P, R = statistics.mean(ps), statistics.mean(rs)
    return P, R, 2 * P * R / (P + R)


def eval_f1(folder, split):
    report = folder.parent / (folder.name + ".score.json")
    run([sys.executable, str(EVAL / "score.py"), "--split-dir", str(split), "--no-peers", "--json", str(report),
         str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(report.read_text())[folder.name]["ALL"]["f"]


# --- trafilatura ----------------------------------------------------------------------------

def trafilatura_python():
    py = VENV / "bin" / "python"
    if not py.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
        run([str(py), "-m", "pip", "install", "-q", "trafilatura", "lxml_html_clean"])
    return py


TRAFILATURA = """
import sys, json, pathlib, trafilatura
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
urls = json.loads(sys.argv[3])
for page in sorted(src.rglob("readability-*.html")):
    md = trafilatura.extract(page.read_text(encoding="utf-8", errors="replace"), output_format="markdown",
                             url=urls.get(page.stem)) or ""
    (dst / (page.stem + ".md")).write_text(md, encoding="utf-8")
"""


# --- main -----------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each format (default 5)")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="use target/release/dechrome as it is")
    ap.add_argument("--keep", type=Path, help="leave the outputs in this folder")
    args = ap.parse_args()

    split = Path(subprocess.run(["bash", str(EVAL / "unpack.sh")], check=True, capture_output=True,
                                text=True).stdout.strip().splitlines()[-1])
    pages = split / "html"
    if not args.no_build:
        run(["cargo", "build", "--release", "-q", "-p", "dechrome-cli"], cwd=ROOT)
    run(["cargo", "build", "-q", "-p", "dechrome", "--example", "markdown_structure"], cwd=ROOT)
    binary = ROOT / "target" / "release" / "dechrome"
    work = args.keep or Path(tempfile.mkdtemp(prefix="dechrome-md-"))
    work.mkdir(parents=True, exist_ok=True)
    plain, md, md_text = work / "plain", work / "markdown", work / "markdown-as-text"
    for folder in (plain, md, md_text):
        shutil.rmtree(folder, ignore_errors=True)

    # 1. Same words.
    run([str(binary), "clean", str(pages), "--out", str(plain), "-q"])
    run([str(binary), "clean", str(pages), "--out", str(md), "--text-format", "markdown", "-q"])
    ours = read_markdown(md)
    md_text.mkdir()
    pairs = []
    for txt in sorted(plain.rglob("*.txt")):
        stem = txt.name[:-len(".txt")]
        rec = ours.get(stem, {"text": ""})
        (md_text / txt.name).write_text(rec["text"], encoding="utf-8")
        pairs.append((txt.read_text(encoding="utf-8"), rec["text"]))
    p, r, f = prf(pairs)
    plain_eval, md_eval = eval_f1(plain, split), eval_f1(md_text, split)
    print(f"## Same words ({len(pairs)} dev HTML pages)\n")
    print("| measure | value |\n| --- | ---: |")
    print(f"| 4-gram F1, Markdown-as-text vs plain output (P / R) | {f:.5f} ({p:.5f} / {r:.5f}) |")
    print(f"| eval F1 (score.py, ALL), plain | {plain_eval:.4f} |")
    print(f"| eval F1 (score.py, ALL), Markdown-as-text | {md_eval:.4f} |")
    print(f"| difference | {md_eval - plain_eval:+.4f} |\n")

    # 2. Structure on the Readability pages.
    expected_dir = work / "expected"
    if not expected_dir.is_dir():
        with tarfile.open(EVAL / "readability-expected-dev.tar.gz") as tar:
            tar.extractall(expected_dir, filter="data")
    expected = {p.stem: expected_structure(p) for p in expected_dir.rglob("readability-*.html")}
    systems = {"dechrome": ours}
    if not args.no_trafilatura:
        try:
            manifest = [json.loads(l) for l in open(split / "manifest.jsonl", encoding="utf-8") if l.strip()]
            urls = {d["id"]: d.get("url") for d in manifest if d["id"].startswith("readability-")}
            traf = work / "trafilatura"
            shutil.rmtree(traf, ignore_errors=True)
            traf.mkdir()
            run([str(trafilatura_python()), "-c", TRAFILATURA, str(pages), str(traf), json.dumps(urls)])
            systems["trafilatura"] = read_markdown(traf)
        except (subprocess.CalledProcessError, OSError) as e:
            print(f"(trafilatura left out: {e})", file=sys.stderr)
    kinds = ("headings", "items", "rows")
    print(f"## Structure ({len(expected)} Readability dev pages): share of the expected elements found\n")
    print("| system | " + " | ".join(kinds) + " |\n| --- |" + " ---: |" * len(kinds))
    totals = {k: sum(len(e[k]) for e in expected.values()) for k in kinds}
    for name, found in systems.items():
        cells = []
        for kind in kinds:
            hit = sum(share(e[kind], found.get(pid, {}).get(kind, [])) for pid, e in expected.items())
            cells.append(f"{hit / max(1, totals[kind]):.3f} ({hit}/{totals[kind]})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nWhere dechrome's misses went:\n")
    print("| kind | missed | words not in the output | words there, other structure |\n| --- | ---: | ---: | ---: |")
    for kind in kinds:
        missed = dropped = 0
        for pid, e in expected.items():
            rec = ours.get(pid, {})
            have = Counter(norm(t) for t in rec.get(kind, []))
            text = " " + norm(rec.get("text", "")) + " "
            for item in e[kind]:
                if have[item] > 0:
                    have[item] -= 1
                    continue
                missed += 1
                dropped += f" {item} " not in text
        print(f"| {kind} | {missed} | {dropped} | {missed - dropped} |")

    # 3. Speed.
    times = {"plain": [], "markdown": []}
    for _ in range(args.runs):
        for name, extra in (("plain", []), ("markdown", ["--text-format", "markdown"])):
            start = time.perf_counter()
            run([str(binary), "clean", str(pages), "--dry-run", "--jobs", "1", "-q", *extra])
            times[name].append(time.perf_counter() - start)
    plain_s, md_s = statistics.median(times["plain"]), statistics.median(times["markdown"])
    print(f"\n## Speed (`dechrome clean html/ --dry-run --jobs 1`, {args.runs} runs each, alternated)\n")
    print("| format | median s | runs |\n| --- | ---: | --- |")
    for name, t in times.items():
        print(f"| {name} | {statistics.median(t):.2f} | " + " ".join(f"{x:.2f}" for x in t) + " |")
    print(f"| **markdown / plain** | **{md_s / plain_s:.3f}** | |")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
