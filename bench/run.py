#!/usr/bin/env python3
"""Throughput / memory benchmark: dechrome vs an I/O floor and a Python regex peer.

    python3 bench/run.py [--mb 120] [--seed 1] [--runs 5] [--jobs N] [--keep]
                         [--only-peers] [--no-build] [--corpus DIR] [--corpus-root DIR]
                         [--out-root DIR] [--json FILE] [--instructions]

Steps: `cargo build --release` in the repo root; generate the synthetic corpus
once (cached in <corpus-root>/dechrome-bench-corpus-<mb>-<seed>, /tmp by default, reused while
gen_corpus.py is unchanged); smoke-test `dechrome clean` on one host folder;
read the corpus once to warm the page cache; then --runs rounds, each running
every system once (the start of the order rotates every round):

    dechrome clean CORPUS --out OUT --jobs 1 --quiet
    dechrome clean CORPUS --out OUT --jobs N --quiet    (N = nproc)
    cp -r CORPUS OUT                                    (I/O floor)
    python3 bench/peer_regex_clean.py CORPUS OUT        (Python regex peer)

Each child runs under a small wrapper that forks, execs it and reaps it with
wait4 (GNU /usr/bin/time if present, else `python3 -S -I -c`), giving per-run
wall time (time.perf_counter), CPU time and peak RSS (ru_maxrss, KiB). The
wrapper's own floor is measured and printed (values at it mean "at most"). OUT is deleted and the page cache flushed
to disk (os.sync) between runs, outside the timing. dechrome exit codes 0 and
1 (1 = some captures failed) count as success; anything else is an error and
its stderr is printed. Python 3.11 standard library only.

With --instructions, each dechrome --dry-run row then runs once more under
valgrind's cachegrind, which counts the instructions it executes (all
threads): a figure that does not move with the host's load, for comparing
two builds on a busy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
GEN = os.path.join(BENCH, "gen_corpus.py")
PEER = os.path.join(BENCH, "peer_regex_clean.py")
BIN = os.path.join(ROOT, "target", "release", "dechrome")
MB = 1_000_000
MiB = 1 << 20


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Measuring one child
# --------------------------------------------------------------------------

# Why a wrapper: Linux counts the RSS a forked child had *before* exec in its
# ru_maxrss, so a child forked straight from this (20+ MiB) Python process
# would never report less than that. A small wrapper process forks, execs the
# command and reads its rusage with wait4. GNU time (/usr/bin/time, ~1 MiB) is
# used when present; otherwise a minimal `python3 -S -I -c` wrapper (~7 MiB).
# The wrapper's floor is measured (calibrate) and printed; values at the floor
# mean "at most this much".
PY_WRAP = r"""
import os, sys, time
res, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    except OSError as e:
        os.write(2, ("cannot run %s: %s\n" % (argv[0], e)).encode())
    os._exit(127)
_, st, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(res, "w") as f:
    f.write("%d %r %r %d %r\n" % (ru.ru_maxrss, ru.ru_utime, ru.ru_stime, os.waitstatus_to_exitcode(st), wall))
"""
GNU_TIME = "/usr/bin/time"
WRAPPER = "python"


def pick_wrapper(choice: str) -> str:
    if choice in ("auto", "time") and os.access(GNU_TIME, os.X_OK):
        r = subprocess.run([GNU_TIME, "-o", "/dev/stdout", "-f", "%M %U %S %x", "true"],
                           capture_output=True, text=True)
        if r.returncode == 0 and len(r.stdout.split()) == 4:
            return "time"
    if choice == "time":
        raise SystemExit("--rss-via time: GNU time not usable at " + GNU_TIME)
    return "python"


def cpu_ticks() -> tuple[int, int] | None:
    """(steal, total) clock ticks of all CPUs so far, from /proc/stat; None where there is none."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal (guest time is inside user already)
    return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])


def steal_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """Share of the machine's CPU time the hypervisor gave to others between two readings: a
    host busy with other guests slows every system measured, the peer too."""
    if before is None or after is None or after[1] <= before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def measure(argv: list[str]) -> dict:
    """Run argv to completion through the wrapper; return wall/CPU time, peak RSS, exit code,
    stderr tail and the share of CPU time stolen meanwhile."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r", suffix=".rusage") as res:
        if WRAPPER == "time":
            wargv = [GNU_TIME, "-o", res.name, "-f", "%M %U %S %x", *argv]
        else:
            wargv = [sys.executable, "-S", "-I", "-c", PY_WRAP, res.name, *argv]
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
        ]
        ticks = cpu_ticks()
        t0 = time.perf_counter()
        pid = os.posix_spawnp(wargv[0], wargv, os.environ, file_actions=actions)
        _, status, _ = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        steal = steal_share(ticks, cpu_ticks())
        wrc = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()[-8000:].decode("utf-8", "replace")
        fields = res.read().split()
    if WRAPPER == "time":
        # GNU time writes "Command exited with non-zero status N" / "Command terminated by signal N" first.
        nums = fields[-4:]
        try:
            maxrss, user, sys_t = int(nums[0]), float(nums[1]), float(nums[2])
        except (ValueError, IndexError):
            maxrss, user, sys_t = 0, 0.0, 0.0
        rc = wrc
    else:
        try:
            maxrss, user, sys_t, rc, wall = int(fields[0]), float(fields[1]), float(fields[2]), int(fields[3]), float(fields[4])
        except (ValueError, IndexError):
            maxrss, user, sys_t, rc = 0, 0.0, 0.0, wrc if wrc else -1
    return {"wall_s": wall, "rc": rc, "maxrss_kib": maxrss, "user_s": user, "sys_s": sys_t, "steal": steal,
            "stderr": stderr}


def count_instructions(argv: list[str]) -> int | None:
    """Instructions `argv` executes, all threads, as valgrind's cachegrind counts them (user
    space only; valgrind runs the AVX2 code paths, as it has no AVX-512). None if it fails."""
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"] + argv
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def calibrate_floor() -> int:
    """Peak RSS (KiB) the wrapper reports for `true`: the smallest value it can report."""
    return max(measure(["true"])["maxrss_kib"] for _ in range(3))


def tree_size(path: str) -> tuple[int, int]:
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_size
                files += 1
            except OSError:
                pass
    return total, files


def rm(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


# --------------------------------------------------------------------------
# Setup: build, corpus, smoke test, machine info
# --------------------------------------------------------------------------

def build() -> bool:
    log("cargo build --release")
    r = subprocess.run(["cargo", "build", "--release"], cwd=ROOT)
    return r.returncode == 0 and os.access(BIN, os.X_OK)


def corpus_for(mb: float, seed: int, root: str) -> str:
    path = os.path.join(root, f"dechrome-bench-corpus-{mb:g}-{seed}")
    stamp = path + ".stamp"
    with open(GEN, "rb") as f:
        want = hashlib.sha256(f.read() + f"|{mb}|{seed}".encode()).hexdigest()
    if os.path.isdir(path) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == want:
                log(f"reusing corpus {path}")
                return path
    log(f"generating corpus {path} ({mb:g} MB, seed {seed})")
    rm(path)
    rm(stamp)
    tmp = f"{path}.tmp.{os.getpid()}"
    rm(tmp)
    subprocess.run([sys.executable, GEN, tmp, "--mb", str(mb), "--seed", str(seed)], check=True)
    os.rename(tmp, path)
    with open(stamp, "w") as f:
        f.write(want + "\n")
    return path


def smoke_test(binary: str, corpus: str, work: str) -> str | None:
    """Run dechrome clean on the smallest host folder. Return an error string or None."""
    subdirs = sorted((d for d in os.scandir(corpus) if d.is_dir()), key=lambda d: tree_size(d.path)[0])
    target = subdirs[0].path if subdirs else corpus
    out = os.path.join(work, "smoke")
    r = measure([binary, "clean", target, "--out", out, "--jobs", "1", "--quiet"])
    produced = tree_size(out)[1] if os.path.isdir(out) else 0
    rm(out)
    if r["rc"] not in (0, 1):
        return f"`dechrome clean` exited {r['rc']} on {target}:\n{r['stderr'].strip()}"
    if produced == 0:
        return f"`dechrome clean` exited {r['rc']} on {target} but wrote nothing to --out"
    return None


def fs_type(path: str) -> str:
    """Filesystem type of the mount holding path, from /proc/self/mounts."""
    path = os.path.realpath(path)
    best, kind = "", "unknown"
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) > 2:
                    mnt = parts[1].replace("\\040", " ")
                    if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) > len(best):
                        best, kind = mnt, parts[2]
    except OSError:
        pass
    return kind


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cmd_version(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info() -> dict:
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "rustc": cmd_version(["rustc", "-V"]),
        "loadavg_start": os.getloadavg(),
    }


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def summarize(sys_: dict, corpus_mb: float, floor_kib: int) -> dict:
    ok = [r for r in sys_["runs"] if r["ok"]]
    if not ok:
        return {"failed": True}
    walls = [r["wall_s"] for r in ok]
    steals = [r["steal"] for r in ok if r.get("steal") is not None]
    med = statistics.median(walls)
    mbps = corpus_mb / med
    return {
        "failed": False,
        "n": len(ok),
        "median_s": med,
        "min_s": min(walls),
        "max_s": max(walls),
        "mb_per_s": mbps,
        "mb_per_s_per_core": mbps / sys_["cores"],
        "cpu_s_median": statistics.median(r["user_s"] + r["sys_s"] for r in ok),
        "peak_rss_mib": max(r["maxrss_kib"] for r in ok) / 1024,
        "peak_rss_at_floor": max(r["maxrss_kib"] for r in ok) <= floor_kib + 256,
        "out_mb": sys_.get("out_bytes", 0) / MB,
        "rc_1_runs": sum(1 for r in ok if r["rc"] == 1),
        "steal_median": statistics.median(steals) if steals else None,
    }


def table(results: list[dict]) -> str:
    peer = next((r for r in results if r["key"] == "peer" and not r["summary"]["failed"]), None)
    cp = next((r for r in results if r["key"] == "cp" and not r["summary"]["failed"]), None)
    head = ["system", "median s", "min s", "max s", "MB/s", "MB/s/core", "CPU s",
            "peak RSS MiB", "out MB", "× vs peer", "× vs cp", "steal %"]
    rows = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for r in results:
        s = r["summary"]
        if s["failed"]:
            rows.append(f"| {r['name']} | FAILED (rc {r['runs'][-1]['rc']}) |" + " |" * (len(head) - 2))
            continue
        vs_peer = f"{peer['summary']['median_s'] / s['median_s']:.2f}" if peer else "–"
        vs_cp = f"{cp['summary']['median_s'] / s['median_s']:.2f}" if cp else "–"
        rows.append("| " + " | ".join([
            r["name"], f"{s['median_s']:.3f}", f"{s['min_s']:.3f}", f"{s['max_s']:.3f}",
            f"{s['mb_per_s']:.1f}", f"{s['mb_per_s_per_core']:.1f}", f"{s['cpu_s_median']:.2f}",
            ("≤" if s["peak_rss_at_floor"] else "") + f"{s['peak_rss_mib']:.1f}",
            f"{s['out_mb']:.1f}", vs_peer, vs_cp,
            "–" if s["steal_median"] is None else f"{100 * s['steal_median']:.0f}"]) + " |")
    return "\n".join(rows)


# --------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="dechrome throughput/memory benchmark",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--mb", type=float, default=120, help="corpus size in MB (10^6 bytes), default 120")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5, help="timed runs per system, default 5")
    ap.add_argument("--jobs", type=int, default=0, help="N for the --jobs N row (default: nproc)")
    ap.add_argument("--keep", action="store_true", help="keep the last run's output folders")
    ap.add_argument("--only-peers", action="store_true", help="skip the build and the dechrome rows")
    ap.add_argument("--no-build", action="store_true", help="use the existing target/release/dechrome")
    ap.add_argument("--corpus", help="benchmark this folder instead of the generated corpus")
    ap.add_argument("--corpus-root", metavar="DIR", default="/tmp",
                    help="where the generated corpus is kept (default /tmp); e.g. /dev/shm, on a machine that "
                         "drops page cache between runs, to read the corpus from memory in every run")
    ap.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    ap.add_argument("--out-root", metavar="DIR",
                    help="where the per-run output folders go (default: beside the corpus, i.e. /tmp); "
                         "e.g. /dev/shm to take the filesystem's file-creation cost out")
    ap.add_argument("--instructions", action="store_true",
                    help="also count the instructions of each dechrome --dry-run row, once, under valgrind's "
                         "cachegrind: steady whatever the host's load (slow: about a minute a row)")
    ap.add_argument("--rss-via", choices=("auto", "time", "python"), default="auto",
                    help="wrapper that reads each child's rusage: GNU time (smaller RSS floor) or python; default auto")
    a = ap.parse_args(argv)
    if a.runs < 1:
        ap.error("--runs must be >= 1")

    global WRAPPER
    WRAPPER = pick_wrapper(a.rss_via)
    floor_kib = calibrate_floor()
    machine = machine_info()
    machine["rss_wrapper"] = WRAPPER
    machine["rss_floor_kib"] = floor_kib
    jobs_n = a.jobs or machine["nproc"]

    if not a.only_peers and not a.no_build and not build():
        log("cargo build --release failed (or produced no binary); rerun with --only-peers to bench the peers alone")
        return 3

    corpus = os.path.abspath(a.corpus) if a.corpus else corpus_for(a.mb, a.seed, a.corpus_root)
    corpus_bytes, corpus_files = tree_size(corpus)
    corpus_mb = corpus_bytes / MB
    hosts = sum(1 for d in os.scandir(corpus) if d.is_dir())
    out_root = a.out_root or os.path.dirname(corpus.rstrip("/")) or "/tmp"
    work = tempfile.mkdtemp(prefix="dechrome-bench-out-", dir=out_root)

    bindir = None
    try:
        dechrome_version = dechrome_sha = ""
        bindir = tempfile.mkdtemp(prefix="dechrome-bench-bin-")  # default tmp: exec allowed
        binary = os.path.join(bindir, "dechrome")
        if not a.only_peers:
            # Bench a private copy: others may rebuild target/release/dechrome mid-benchmark.
            if not os.access(BIN, os.X_OK):
                log(f"{BIN} does not exist; rerun with --only-peers to bench the peers alone")
                return 3
            shutil.copy2(BIN, binary)
            with open(binary, "rb") as f:
                dechrome_sha = hashlib.sha256(f.read()).hexdigest()
            err = smoke_test(binary, corpus, work)
            if err:
                log("dechrome smoke test failed; rerun with --only-peers to bench the peers alone")
                print(err, file=sys.stderr)
                return 3
            dechrome_version = cmd_version([binary, "--version"])

        systems = []
        if not a.only_peers:
            systems.append({"key": "j1", "name": "dechrome --jobs 1", "cores": 1, "ok_rc": (0, 1),
                            "argv": [binary, "clean", corpus, "--out", "{out}", "--jobs", "1", "--quiet"]})
            if jobs_n != 1:
                systems.append({"key": "jn", "name": f"dechrome --jobs {jobs_n}", "cores": jobs_n, "ok_rc": (0, 1),
                                "argv": [binary, "clean", corpus, "--out", "{out}", "--jobs", str(jobs_n), "--quiet"]})
            # The same cleaning without writing outputs: what the cleaning itself costs.
            systems.append({"key": "d1", "name": "dechrome --jobs 1 --dry-run", "cores": 1, "ok_rc": (0, 1),
                            "argv": [binary, "clean", corpus, "--out", "{out}", "--jobs", "1", "--quiet", "--dry-run"]})
            # Learning (on by default) adds a first pass over the captures: the same without it.
            systems.append({"key": "d1nl", "name": "dechrome --jobs 1 --dry-run --no-learn", "cores": 1,
                            "ok_rc": (0, 1),
                            "argv": [binary, "clean", corpus, "--out", "{out}", "--jobs", "1", "--quiet", "--dry-run",
                                     "--no-learn"]})
            # The embedded rules alone: no heuristics, no learning.
            systems.append({"key": "d1r", "name": "dechrome --jobs 1 --dry-run --no-learn --no-heuristics",
                            "cores": 1, "ok_rc": (0, 1),
                            "argv": [binary, "clean", corpus, "--out", "{out}", "--jobs", "1", "--quiet", "--dry-run",
                                     "--no-learn", "--no-heuristics"]})
            if jobs_n != 1:
                systems.append({"key": "dn", "name": f"dechrome --jobs {jobs_n} --dry-run", "cores": jobs_n,
                                "ok_rc": (0, 1),
                                "argv": [binary, "clean", corpus, "--out", "{out}", "--jobs", str(jobs_n), "--quiet",
                                         "--dry-run"]})
        systems.append({"key": "cp", "name": "cp -r (I/O floor)", "cores": 1, "ok_rc": (0,),
                        "argv": ["cp", "-r", corpus, "{out}"]})
        systems.append({"key": "peer", "name": "python regex peer", "cores": 1, "ok_rc": (0,),
                        "argv": [sys.executable, PEER, corpus, "{out}"]})
        for s in systems:
            s["runs"] = []
            s["failed"] = False

        log(f"corpus {corpus}: {corpus_mb:.1f} MB, {corpus_files} files, {hosts} hosts; warming page cache")
        for root, _, names in os.walk(corpus):
            for n in names:
                with open(os.path.join(root, n), "rb") as f:
                    while f.read(1 << 20):
                        pass

        for i in range(a.runs):
            k = i % len(systems)
            for s in systems[k:] + systems[:k]:
                if s["failed"]:
                    continue
                out = os.path.join(work, f"{s['key']}")
                rm(out)
                os.sync()
                argv = [x.replace("{out}", out) for x in s["argv"]]
                r = measure(argv)
                r["ok"] = r["rc"] in s["ok_rc"]
                steal = "" if r["steal"] is None else f"  steal={100 * r['steal']:.0f}%"
                log(f"run {i + 1}/{a.runs} {s['name']:<22} {r['wall_s']:8.3f}s  rc={r['rc']}  "
                    f"rss={r['maxrss_kib'] / 1024:.1f}MiB{steal}")
                if not r["ok"]:
                    s["failed"] = True
                    log(f"{s['name']} failed with exit code {r['rc']}; stderr:\n{r['stderr'].strip()}")
                if r["rc"] == 1 and s["key"] in ("j1", "jn") and r["stderr"].strip() and i == 0:
                    log(f"{s['name']} exit 1 (some captures failed); stderr tail:\n{r['stderr'].strip()[-2000:]}")
                if not s["failed"]:
                    s["out_bytes"], s["out_files"] = tree_size(out) if os.path.isdir(out) else (0, 0)
                del r["stderr"]
                s["runs"].append(r)
                if not (a.keep and i == a.runs - 1):
                    rm(out)
        os.sync()

        instructions = {}
        if a.instructions and shutil.which("valgrind") is None:
            log("--instructions needs valgrind, which is not installed: no instruction counts")
        elif a.instructions:
            for s in systems:
                if s["failed"] or "--dry-run" not in s["argv"]:
                    continue
                log(f"counting the instructions of {s['name']} under valgrind")
                out = os.path.join(work, f"{s['key']}")
                instructions[s["key"]] = count_instructions([x.replace("{out}", out) for x in s["argv"]])
                if instructions[s["key"]] is None:
                    log(f"valgrind gave no instruction count for {s['name']}")
                rm(out)

        results = []
        for s in systems:
            results.append({"key": s["key"], "name": s["name"], "argv": s["argv"], "cores": s["cores"],
                            "runs": s["runs"], "out_files": s.get("out_files", 0),
                            "instructions": instructions.get(s["key"]),
                            "summary": summarize(s, corpus_mb, floor_kib)})
        machine["loadavg_end"] = os.getloadavg()

        print()
        print(f"Corpus: {corpus_mb:.1f} MB, {corpus_files} files, {hosts} hosts ({corpus}, {fs_type(corpus)})")
        print(f"Machine: nproc {machine['nproc']}, {machine['cpu_model']}, Linux {machine['kernel']}, "
              f"Python {machine['python']}" + (f", {machine['rustc']}" if machine["rustc"] else ""))
        print(f"Outputs written under {out_root} ({fs_type(out_root)})")
        print(f"Load average at start / end: {machine['loadavg_start'][0]:.2f} / {machine['loadavg_end'][0]:.2f}")
        if dechrome_version:
            print(f"dechrome: {dechrome_version} (binary sha256 {dechrome_sha[:12]}, copied from {BIN})")
        print(f"Runs per system: {a.runs} (median; peak RSS = max over runs, read via "
              f"{'GNU time' if WRAPPER == 'time' else 'a python3 wrapper'}, floor {floor_kib / 1024:.1f} MiB: "
              f"≤ marks values at the floor)")
        print()
        print(table(results))
        print()
        if instructions:
            print("Instructions, all threads, one run under valgrind's cachegrind (AVX2 code paths):")
            print()
            print("| system | instructions | per corpus byte |")
            print("|---|---:|---:|")
            for r in results:
                if r["instructions"] is not None:
                    print(f"| {r['name']} | {r['instructions']:,} | {r['instructions'] / corpus_bytes:.2f} |")
            print()
        for r in results:
            if not r["summary"]["failed"] and r["summary"]["rc_1_runs"]:
                print(f"note: {r['name']} exited 1 (some captures failed) in {r['summary']['rc_1_runs']} run(s)")
        if a.keep:
            print(f"outputs of the last run kept in {work}")

        if a.json:
            doc = {
                "timestamp": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "params": {"mb": a.mb, "seed": a.seed, "runs": a.runs, "jobs_n": jobs_n,
                           "out_root": out_root, "out_fs": fs_type(out_root), "corpus_fs": fs_type(corpus),
                           "only_peers": a.only_peers},
                "corpus": {"path": corpus, "bytes": corpus_bytes, "mb": corpus_mb,
                           "files": corpus_files, "hosts": hosts},
                "machine": machine,
                "dechrome_version": dechrome_version,
                "dechrome_sha256": dechrome_sha,
                "results": results,
            }
            with open(a.json, "w") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
            log(f"wrote {a.json}")
        return 1 if any(r["summary"]["failed"] for r in results) else 0
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        if bindir:
            shutil.rmtree(bindir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
