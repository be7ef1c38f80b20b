#!/usr/bin/env python3
"""`dechrome suggest` against learned chrome (issue #23): for each site, the suggested rule file
with `--no-learn` should clean its pages at least as well as learning does.

For every site folder named, the script runs `dechrome suggest` on it, cleans it twice (with
learning; with the suggested file and `--no-learn`) and scores both outputs against the gold
text of the evaluation corpus: 4-gram F1 over the site's pages pooled, as
`../shared/eval/score.py` counts shingles.

    python3 bench/suggest.py [--bin target/release/dechrome] [--split DIR] [SITE ...]

SITE defaults to the dev split's four largest sites. The binary is not built: build it first
(`cargo build --release`).
"""
import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SITES = ["bbc.co.uk", "nytimes.com", "latimes.com", "nymag.com"]
TOKEN = re.compile(r"\w+")


def pooled_scores(out, gold_dir, shingles):
    """Precision, recall and F1 of every `<id>.txt` under `out`, with counts pooled."""
    tp = fp = fn = 0
    for path in out.rglob("*.txt"):
        gold = shingles(TOKEN.findall((gold_dir / path.name).read_text(errors="replace")), 4)
        got = shingles(TOKEN.findall(path.read_text()), 4)
        tp += sum((gold & got).values())
        fp += sum((got - gold).values())
        fn += sum((gold - got).values())
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def run(binary, *args):
    subprocess.run([str(binary), *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "dechrome")
    ap.add_argument("--split", type=Path, help="the unpacked dev split (default: unpack.sh's)")
    ap.add_argument("sites", nargs="*", default=SITES)
    args = ap.parse_args()
    split = args.split or Path(subprocess.run(["bash", EVAL / "unpack.sh"], check=True, capture_output=True,
                                              text=True).stdout.strip())
    sys.path.insert(0, str(EVAL))
    from score import shingles  # the scorer's own shingling

    print("| site | pages | learned F1 | suggested + --no-learn F1 | rules |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        for site in args.sites:
            pages = split / "html" / site
            rules = work / f"{site}.toml"
            run(args.bin, "suggest", pages, "--out", rules)
            run(args.bin, "clean", pages, "--out", work / f"learned-{site}", "--quiet")
            run(args.bin, "clean", pages, "--rules", rules, "--no-learn", "--out", work / f"rules-{site}", "--quiet")
            learned = pooled_scores(work / f"learned-{site}", split / "gold", shingles)[2]
            suggested = pooled_scores(work / f"rules-{site}", split / "gold", shingles)[2]
            count = rules.read_text().count("[[rule]]")
            print(f"| {site} | {len(list(pages.glob('*.html')))} | {learned:.4f} | {suggested:.4f} | {count} |")


if __name__ == "__main__":
    main()
