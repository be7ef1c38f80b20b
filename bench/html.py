#!/usr/bin/env python3
"""Benchmark HTML extraction: dechrome against peers over the same pages, in one command.

  python3 bench/html.py [--pages DIR] [--runs 5] [--peers resiliparse,trafilatura] [--baseline BIN]

Pages: the evaluation corpus's dev HTML (`../shared/eval/unpack.sh` unpacks it), or any folder
of `.html` files. dechrome is built in release mode and run as `dechrome clean --dry-run`
(read, decode, extract, text rules; nothing written) and as a full `clean` writing its
outputs, with `--jobs 1` (one core) and with every core. Peers are installed with pip into a
venv under /tmp and timed in-process on pages already in memory (their extraction call only,
which flatters them: dechrome's times include reading the files and starting the process);
on all cores they run in a process pool. Each figure is the median of --runs runs (slow peers,
over 20 s a run, run once). The systems take turns in each round, so that other load on the
machine falls on all alike; on one core the CPU seconds are given too, which that load does not
change. MB are 10^6 bytes of HTML. --baseline times another build of dechrome (an earlier
commit's `target/release/dechrome`) in the same rounds, to give what a change costs.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(tempfile.gettempdir()) / "dechrome-bench-venv"
# What pip installs for each peer (lxml moved its HTML cleaner, which trafilatura needs, out).
PEER_PACKAGES = {"resiliparse": ["resiliparse"], "trafilatura": ["trafilatura", "lxml_html_clean"]}

PEER_CODE = r"""
import json, multiprocessing, os, statistics, sys, time
peer, listing, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = [l.rstrip("\n") for l in open(listing, encoding="utf-8") if l.strip()]

def extractor():
    if peer == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        return lambda html: extract_plain_text(html, main_content=True)
    if peer == "trafilatura":
        import trafilatura
        return lambda html: trafilatura.extract(html) or ""
    raise SystemExit(f"unknown peer {peer}")

EXTRACT = None
def work(html):
    global EXTRACT
    if EXTRACT is None:
        EXTRACT = extractor()
    return len(EXTRACT(html))

def main():
    pages = [open(p, encoding="utf-8", errors="replace").read() for p in paths]
    if jobs == 1:
        work(pages[0])  # import and warm up outside the clock
        start, cpu = time.perf_counter(), time.process_time()
        for html in pages:
            work(html)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    else:
        with multiprocessing.Pool(jobs) as pool:
            pool.map(work, pages[:jobs], chunksize=1)
            start = time.perf_counter()
            pool.map(work, pages, chunksize=8)
            wall = time.perf_counter() - start
            cpu = None
    print(json.dumps({"wall": wall, "cpu": cpu}))

if __name__ == "__main__":
    main()
"""


def default_pages():
    unpack = ROOT.parent / "shared" / "eval" / "unpack.sh"
    if unpack.exists():
        out = subprocess.run(["bash", str(unpack)], capture_output=True, text=True, check=True).stdout.strip()
        return Path(out.splitlines()[-1]) / "html"
    return Path.home() / ".cache" / "dechrome-eval" / "dev" / "html"


def time_dechrome(binary, pages, jobs, dry_run, extra=()):
    """One run: (wall seconds, CPU seconds of the process)."""
    with tempfile.TemporaryDirectory() as out:
        args = [str(binary), "clean", str(pages), "--out", out, "--quiet", "--jobs", str(jobs), *extra]
        if dry_run:
            args.append("--dry-run")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ensure_peer(peer):
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([str(python), "-c", f"import {peer}"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES[peer]], check=True)
    return python


def time_peer(python, script, peer, listing, jobs):
    """One run in a fresh interpreter: (wall seconds, CPU seconds or None) of the extraction."""
    out = subprocess.run([str(python), script, peer, listing, str(jobs)],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["wall"], result["cpu"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, help="folder of .html pages (default: the eval corpus's dev HTML)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peers", default="resiliparse,trafilatura", help="comma-separated; '' for none")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON")
    ap.add_argument("--baseline", type=Path, help="an earlier build of dechrome, timed beside this one")
    ap.add_argument("--no-learn", action="store_true", help="run dechrome (and the baseline) with --no-learn")
    args = ap.parse_args()

    pages = args.pages or default_pages()
    files = sorted(p for p in pages.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file())
    if not files:
        sys.exit(f"no .html pages under {pages}")
    n = len(files)
    mb = sum(p.stat().st_size for p in files) / 1e6
    cores = os.cpu_count() or 1
    print(f"{n} pages, {mb:.1f} MB, {cores} cores, median of {args.runs} runs\n", flush=True)

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = ROOT / "target" / "release" / "dechrome"
    peers = [p for p in args.peers.split(",") if p]
    pythons = {peer: ensure_peer(peer) for peer in peers}
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(PEER_CODE)
        script = f.name
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as listing:
        listing.write("\n".join(str(p) for p in files))

    # The systems take turns within each round, so that load from other processes on the
    # machine falls on all of them alike; CPU seconds (one core) do not depend on it at all.
    systems = []
    extra = ["--no-learn"] if args.no_learn else []
    for jobs, label in ((1, 1), (0, cores)):
        systems.append((f"dechrome clean --dry-run", label, lambda j=jobs: time_dechrome(binary, pages, j, True, extra)))
        systems.append((f"dechrome clean (writes)", label, lambda j=jobs: time_dechrome(binary, pages, j, False, extra)))
    if args.baseline:
        systems.append(("baseline clean --dry-run", 1, lambda: time_dechrome(args.baseline, pages, 1, True, extra)))
    for peer in peers:
        for jobs in (1, cores):
            systems.append((f"{peer} (in-process)", jobs,
                            lambda p=peer, j=jobs: time_peer(pythons[p], script, p, listing.name, j)))
    samples = {(name, jobs): [] for name, jobs, _ in systems}
    try:
        for _ in range(args.runs):
            for name, jobs, run in systems:
                done = samples[(name, jobs)]
                if done and done[0][0] > 20:
                    continue  # a slow peer runs once
                done.append(run())
    finally:
        os.unlink(script)
        os.unlink(listing.name)

    rows = []
    print("| system | jobs | wall s | pages/s | MB/s | CPU s | pages/CPU-s | MB/CPU-s | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, jobs, _ in systems:
        done = samples[(name, jobs)]
        wall = statistics.median(w for w, _ in done)
        cpus = [c for _, c in done if c is not None]
        cpu = statistics.median(cpus) if cpus and jobs == 1 else None
        rows.append({"system": name, "jobs": jobs, "wall_s": wall, "pages_per_s": n / wall, "mb_per_s": mb / wall,
                     "cpu_s": cpu, "pages_per_cpu_s": n / cpu if cpu else None, "runs": len(done)})
        cpu_cols = f"{cpu:.2f} | {n / cpu:.0f} | {mb / cpu:.1f}" if cpu else "– | – | –"
        print(f"| {name} | {jobs} | {wall:.2f} | {n / wall:.0f} | {mb / wall:.1f} | {cpu_cols} | {len(done)} |")
    one = {r["system"]: r for r in rows if r["jobs"] == 1}
    ours = one["dechrome clean --dry-run"]
    for peer in peers:
        theirs = one.get(f"{peer} (in-process)")
        if theirs:
            print(f"one core: dechrome --dry-run is {ours['pages_per_s'] / theirs['pages_per_s']:.2f}x {peer} "
                  f"by wall time, {ours['pages_per_cpu_s'] / theirs['pages_per_cpu_s']:.2f}x by CPU time")
    if args.baseline:
        base = one["baseline clean --dry-run"]
        print(f"one core: this build takes {ours['cpu_s'] / base['cpu_s']:.3f}x the baseline's CPU time "
              f"({ours['wall_s'] / base['wall_s']:.3f}x its wall time)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
