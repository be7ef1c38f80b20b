#!/usr/bin/env python3
"""Benchmark dechrome as a pipeline stage: WARC in, JSONL streams in and out, memory on a long stream.

  python3 bench/pipeline.py [--pages DIR] [--runs 3] [--rss-gb 1.0] [--skip-rss] [--no-peer] [--json FILE]

Three rows, each a figure measured in this one command (the machine is shared and its absolute
speed varies, so speeds are given as ratios against a peer run alternating with dechrome):

1. WARC.gz -> JSONL on one core. The dev pages are written once (cached under
   /tmp/dechrome-bench-pipeline/) into `dev.warc.gz` as Common Crawl writes it: one gzip member a
   record, a `warcinfo` record, then per page `request`, `response` and `metadata` records. Timed:
   `dechrome clean dev.warc.gz --format jsonl --out OUT --jobs 1` against FastWARC + Resiliparse
   (installed with pip into a venv under /tmp): response records with an HTML content type, body
   decoded with Resiliparse's encoding detection, `extract_plain_text(main_content=True)`, one
   JSON line a record. Both are timed as whole processes, start-up and imports included.
   Ratio = peer time / dechrome time (wall and CPU).
2. JSONL on stdin against the same records as a `.jsonl` file (the ratio the target is on:
   what reading a stream costs), and against the same pages as `.html` files (for reference: those
   need no JSON decoding, and their output lines do not repeat the input's `html` field), all
   cores, `--no-learn`, output /dev/null. Ratio = file time / stdin time.
3. Peak RSS of `dechrome clean - --format jsonl --out -` fed >= --rss-gb GB of JSONL records (the
   dev pages as `html` records, every few a `text` record, all with distinct ids) through a pipe
   from a generator process; nothing is stored on disk. Measured once with `/usr/bin/time -v`.

Pages: the evaluation corpus's dev HTML (`../shared/eval/unpack.sh` unpacks it). A page's URL is
the manifest's (the file stem is the manifest id), else `https://<site folder>/<file stem>`.
dechrome is run from a private copy of `target/release/dechrome` (not rebuilt here), so a rebuild
during the benchmark changes nothing. MB are 10^6 bytes.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "dechrome"
VENV = Path(tempfile.gettempdir()) / "dechrome-bench-venv"
CACHE = Path(tempfile.gettempdir()) / "dechrome-bench-pipeline"
PEER_PACKAGES = ["fastwarc", "resiliparse"]
PEER_MODULES = "fastwarc, resiliparse"
# Bump when the WARC or JSONL written from the pages changes, so the cache is rebuilt.
INPUTS_VERSION = 1
WARC_NAME = "dev.warc.gz"
RECORDS_NAME = "records.jsonl"
NO_SITE_HOST = "no-site.invalid"  # for pages outside any site folder and without a URL
WARC_START = datetime(2024, 1, 15, 8, 0, 0, tzinfo=timezone.utc)
GZIP_LEVEL = 6  # zlib's default, what Common Crawl's writers use
UUID_NAMESPACE = uuid.UUID("6f7c1c55-57f8-4b4a-9a43-2f0d8f1b9e10")
TEXT_RECORD_EVERY = 5  # in the RSS stream, every 5th record is a `text` record
MIN_FREE_TMP = 2 * 10**9  # bytes /tmp should have free for the cached inputs and outputs
DECHROME_OK = (0, 1)  # exit 1: some captures failed, the run went through
TARGETS = {"warc": 1.5, "stdin": 0.9, "rss_mb": 300}
SUMMARY_RE = re.compile(r"(\d+) captures: (\d+) cleaned, (\d+) skipped, (\d+) failed")
MAX_RSS_RE = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
# dechrome's own summary lines on stderr; anything else there (failures, warnings) is reported.
SUMMARY_LINE_RE = re.compile(r"^dechrome: (\d+ files, |[\d.]+ MB in, |most removed by: )")
RECORDS_TOLERANCE = 0.02  # WARC row: record counts further apart than 2% make the ratio meaningless

PEER_CODE = r"""
import json, sys
from fastwarc.warc import ArchiveIterator, WarcRecordType
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding

HTML_TYPES = ("text/html", "application/xhtml+xml")
src, dst = sys.argv[1], sys.argv[2]
with open(src, "rb") as stream, open(dst, "w", encoding="utf-8") as out:
    for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True):
        content_type = (record.http_content_type or "").split(";")[0].strip().lower()
        if content_type not in HTML_TYPES:
            continue
        body = record.reader.read()
        html = bytes_to_str(body, detect_encoding(body))
        text = extract_plain_text(html, main_content=True)
        out.write(json.dumps({"url": record.headers.get("WARC-Target-URI"), "id": record.record_id,
                              "date": record.headers.get("WARC-Date"), "text": text}) + "\n")
"""


# ---------------------------------------------------------------- pages and inputs


def default_pages():
    unpack = ROOT.parent / "shared" / "eval" / "unpack.sh"
    if unpack.exists():
        out = subprocess.run(["bash", str(unpack)], capture_output=True, text=True, check=True).stdout.strip()
        return Path(out.splitlines()[-1]) / "html"
    return Path.home() / ".cache" / "dechrome-eval" / "dev" / "html"


def list_pages(pages):
    return sorted(p for p in pages.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file())


def manifest_urls(pages):
    """id -> url from the manifest beside the pages folder (empty if there is none)."""
    manifest = pages.parent / "manifest.jsonl"
    if not manifest.exists():
        return {}
    urls = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            if entry.get("url"):
                urls[entry["id"]] = entry["url"]
    return urls


def page_url(path, pages, urls):
    if path.stem in urls:
        return urls[path.stem]
    site = path.parent.name if path.parent != pages else NO_SITE_HOST
    return f"https://{site}/{path.stem}"


def capture_text(path, pages):
    """The eval corpus's text capture of a page (`captures/<site>/<id>.txt`), if there is one."""
    capture = pages.parent / "captures" / path.relative_to(pages).with_suffix(".txt")
    return capture.read_text(encoding="utf-8", errors="replace") if capture.exists() else None


def inputs_key(files):
    digest = hashlib.sha256(f"v{INPUTS_VERSION}".encode())
    for p in files:
        st = p.stat()
        digest.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- WARC writing (standard library)


def record_id(*parts):
    return f"<urn:uuid:{uuid.uuid5(UUID_NAMESPACE, '|'.join(parts))}>"


def warc_record(headers, block):
    """One WARC/1.0 record (header, block, closing CRLF CRLF) in its own gzip member."""
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode("utf-8") + block + b"\r\n\r\n", compresslevel=GZIP_LEVEL, mtime=0)


def http_response(body):
    try:
        body.decode("utf-8")
        content_type = "text/html; charset=utf-8"
    except UnicodeDecodeError:
        content_type = "text/html"
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body


def http_request(url):
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    head = (f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: dechrome-bench\r\n"
            "Accept: text/html,application/xhtml+xml\r\n\r\n")
    return head.encode("utf-8")


def write_warc(dest, files, pages, urls):
    """Writes `dest` like a Common Crawl WARC; returns the decompressed size in bytes."""
    raw = 0
    tmp = dest.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        info_id = record_id("warcinfo", str(dest.name))
        info = b"software: dechrome bench/pipeline.py\r\nformat: WARC File Format 1.0\r\n"
        member = warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(0)),
                              ("WARC-Filename", dest.name), ("WARC-Record-ID", info_id),
                              ("Content-Type", "application/warc-fields")], info)
        raw += len(gzip.decompress(member))
        out.write(member)
        for n, path in enumerate(files, 1):
            url, date = page_url(path, pages, urls), warc_date(n)
            response_id = record_id("response", url, str(n))
            common = [("WARC-Date", date), ("WARC-Target-URI", url)]
            records = [
                [("WARC-Type", "request"), *common, ("WARC-Record-ID", record_id("request", url, str(n))),
                 ("WARC-Warcinfo-ID", info_id), ("Content-Type", "application/http; msgtype=request")],
                [("WARC-Type", "response"), *common, ("WARC-Record-ID", response_id),
                 ("WARC-Warcinfo-ID", info_id), ("Content-Type", "application/http; msgtype=response")],
                [("WARC-Type", "metadata"), *common, ("WARC-Record-ID", record_id("metadata", url, str(n))),
                 ("WARC-Warcinfo-ID", info_id), ("WARC-Concurrent-To", response_id),
                 ("Content-Type", "application/warc-fields")],
            ]
            blocks = [http_request(url), http_response(path.read_bytes()), b"fetchTimeMs: 100\r\n"]
            for headers, block in zip(records, blocks):
                member = warc_record(headers, block)
                raw += len(gzip.decompress(member))
                out.write(member)
    tmp.rename(dest)
    return raw


def warc_date(n):
    return (WARC_START + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_records(dest, files, pages, urls):
    tmp = dest.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for path in files:
            html = path.read_bytes().decode("utf-8", errors="replace")
            out.write(json.dumps({"url": page_url(path, pages, urls), "html": html}, ensure_ascii=False) + "\n")
    tmp.rename(dest)


def ensure_inputs(files, pages):
    """The cached WARC and JSONL of the pages: (folder, decompressed WARC bytes)."""
    folder = CACHE / f"inputs-{inputs_key(files)}"
    folder.mkdir(parents=True, exist_ok=True)
    urls = manifest_urls(pages)
    warc, records, raw_size = folder / WARC_NAME, folder / RECORDS_NAME, folder / "warc-raw-bytes"
    if not warc.exists() or not raw_size.exists():
        print(f"writing {warc} ...", flush=True)
        raw_size.write_text(str(write_warc(warc, files, pages, urls)))
    if not records.exists():
        print(f"writing {records} ...", flush=True)
        write_records(records, files, pages, urls)
    return folder, int(raw_size.read_text())


# ---------------------------------------------------------------- running things


def private_binary():
    """A copy of the release binary that a rebuild cannot change under us: (path, sha256)."""
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing: run `cargo build --release` first")
    data = BINARY.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    copy = CACHE / f"dechrome-{sha[:16]}"
    if not copy.exists():
        tmp = copy.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.chmod(0o755)
        tmp.rename(copy)
    return copy, sha


def ensure_peer():
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([str(python), "-c", f"import {PEER_MODULES}"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    return python


def timed(args, ok_codes=(0,), stdin=None):
    """Runs a whole process: {wall, cpu, rc, stderr}. Fails loudly on an unexpected exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in ok_codes:
        sys.exit(f"FAILED (exit {proc.returncode}): {' '.join(map(str, args))}\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rc": proc.returncode, "stderr": proc.stderr}


def summary_counts(stderr):
    """(captures, cleaned, skipped, failed) from dechrome's summary, or None."""
    match = SUMMARY_RE.search(stderr)
    return tuple(int(g) for g in match.groups()) if match else None


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def alternate(systems, runs):
    """Runs each system `runs` times, taking turns (the first to go changes every round) so that
    other load on the machine falls on all alike. Returns {name: [result, ...]}."""
    samples = {name: [] for name, _ in systems}
    for round_ in range(runs):
        order = systems if round_ % 2 == 0 else systems[::-1]
        for name, run in order:
            samples[name].append(run())
    return samples


def median(results, key):
    return statistics.median(r[key] for r in results)


def unexpected_lines(stderr):
    return [l for l in stderr.splitlines() if l.strip() and not SUMMARY_LINE_RE.match(l)]


def notes_from(result, label):
    """Lines worth reporting from a dechrome run: a non-zero exit, stderr beyond the summary."""
    notes = [f"{label}: exit {result['rc']}"] if result["rc"] else []
    return notes + [f"{label} stderr: {l}" for l in unexpected_lines(result["stderr"])[:10]]


# ---------------------------------------------------------------- row 1: WARC.gz -> JSONL, one core


def run_dechrome_warc(binary, warc, out):
    result = timed([binary, "clean", warc, "--format", "jsonl", "--out", out, "--jobs", "1"], DECHROME_OK)
    result["records"] = count_lines(out)
    out.unlink()
    return result


def run_peer_warc(python, script, warc, out):
    result = timed([python, script, warc, out])
    result["records"] = count_lines(out)
    out.unlink()
    return result


def reads_warc(binary):
    help_text = subprocess.run([binary, "clean", "--help"], capture_output=True, text=True).stdout
    return "warc" in help_text.lower()


def records_agree(got, expected):
    return abs(got - expected) <= RECORDS_TOLERANCE * max(expected, 1)


def row_warc(binary, python, script, warc, raw_bytes, pages, runs, work):
    """`pages`: how many response records the WARC holds, the JSONL lines both sides should write."""
    systems = [("dechrome", lambda: run_dechrome_warc(binary, warc, work / "dechrome.jsonl"))]
    if python:
        systems.append(("peer", lambda: run_peer_warc(python, script, warc, work / "peer.jsonl")))
    samples = alternate(systems, runs)
    ours = samples["dechrome"]
    row = {"row": "WARC.gz -> JSONL, --jobs 1", "warc_gz_mb": warc.stat().st_size / 1e6,
           "warc_mb": raw_bytes / 1e6, "dechrome_wall_s": median(ours, "wall"), "dechrome_cpu_s": median(ours, "cpu"),
           "dechrome_records": ours[0]["records"], "dechrome_summary": summary_counts(ours[0]["stderr"]),
           "notes": notes_from(ours[0], "dechrome")}
    row["dechrome_mb_per_s"] = row["warc_mb"] / row["dechrome_wall_s"]
    if python:
        theirs = samples["peer"]
        row.update({"peer_wall_s": median(theirs, "wall"), "peer_cpu_s": median(theirs, "cpu"),
                    "peer_records": theirs[0]["records"]})
        row["peer_mb_per_s"] = row["warc_mb"] / row["peer_wall_s"]
        row["ratio"] = row["peer_wall_s"] / row["dechrome_wall_s"]
        row["ratio_cpu"] = row["peer_cpu_s"] / row["dechrome_cpu_s"]
    counts = {"dechrome": row["dechrome_records"], "peer": row.get("peer_records", pages)}
    row["records_agree"] = all(records_agree(got, pages) for got in counts.values())
    if not row["records_agree"]:
        row["notes"].append(f"records differ: the WARC holds {pages} pages; dechrome wrote {counts['dechrome']} "
                            f"JSONL lines, the peer {row.get('peer_records', '–')}: the WARC figures compare "
                            "different work")
        if not reads_warc(binary):
            row["notes"].append(f"`{binary.name} clean --help` never mentions WARC: this build predates WARC "
                                "input (it reads the .warc.gz as one gzip-compressed capture); rebuild and rerun")
    return row


# ---------------------------------------------------------------- row 2: JSONL on stdin vs files


def run_dechrome_stdin(binary, records):
    with open(records, "rb") as stdin:
        return timed([binary, "clean", "-", "--format", "jsonl", "--out", "/dev/null", "--no-learn"],
                     DECHROME_OK, stdin=stdin)


def run_dechrome_files(binary, pages):
    return timed([binary, "clean", pages, "--format", "jsonl", "--out", "/dev/null", "--no-learn"], DECHROME_OK)


def row_stdin(binary, records, pages, runs):
    samples = alternate([("stdin", lambda: run_dechrome_stdin(binary, records)),
                         ("file", lambda: run_dechrome_files(binary, records)),
                         ("files", lambda: run_dechrome_files(binary, pages))], runs)
    stdin, file, files = samples["stdin"], samples["file"], samples["files"]
    row = {"row": "JSONL stdin vs file, all cores", "mb": records.stat().st_size / 1e6,
           "stdin_wall_s": median(stdin, "wall"), "stdin_cpu_s": median(stdin, "cpu"),
           "file_wall_s": median(file, "wall"), "file_cpu_s": median(file, "cpu"),
           "files_wall_s": median(files, "wall"), "files_cpu_s": median(files, "cpu"),
           "stdin_summary": summary_counts(stdin[0]["stderr"]), "file_summary": summary_counts(file[0]["stderr"]),
           "files_summary": summary_counts(files[0]["stderr"]),
           "notes": notes_from(stdin[0], "stdin") + notes_from(file[0], "file") + notes_from(files[0], "files")}
    row["ratio"] = row["file_wall_s"] / row["stdin_wall_s"]
    row["ratio_cpu"] = row["file_cpu_s"] / row["stdin_cpu_s"]
    row["pages_ratio"] = row["files_wall_s"] / row["stdin_wall_s"]
    row["pages_ratio_cpu"] = row["files_cpu_s"] / row["stdin_cpu_s"]
    return row


# ---------------------------------------------------------------- row 3: peak RSS on a long stream


def stream_records(pages, limit):
    """Generator mode: writes >= `limit` bytes of JSONL records to stdout; the count to stderr."""
    files = list_pages(pages)
    urls = manifest_urls(pages)
    templates = []
    for path in files:
        url = json.dumps(page_url(path, pages, urls))
        html = json.dumps(path.read_bytes().decode("utf-8", errors="replace"))
        text = capture_text(path, pages)
        templates.append((url, html, json.dumps(text) if text is not None else None))
    out = sys.stdout.buffer
    written = records = 0
    while written < limit:
        for url, html, text in templates:
            field = "text" if text is not None and records % TEXT_RECORD_EVERY == 0 else "html"
            body = text if field == "text" else html
            line = f'{{"id":"r{records}","url":{url},"{field}":{body}}}\n'.encode("utf-8")
            out.write(line)
            written += len(line)
            records += 1
            if written >= limit:
                break
    out.flush()
    sys.stderr.write(json.dumps({"bytes": written, "records": records}) + "\n")


def row_rss(binary, pages, gb):
    limit = int(gb * 1e9)
    gen = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--pages", str(pages),
                            "--emit-stream", str(limit)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    start = time.perf_counter()
    dechrome = subprocess.Popen(["/usr/bin/time", "-v", binary, "clean", "-", "--format", "jsonl", "--out", "-"],
                                stdin=gen.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    gen.stdout.close()  # dechrome holds the pipe's read end now
    _, stderr = dechrome.communicate()
    wall = time.perf_counter() - start
    gen_err = gen.stderr.read().decode("utf-8", errors="replace")
    gen.wait()
    streamed = json.loads(gen_err.strip().splitlines()[-1]) if gen.returncode == 0 else None
    rss = MAX_RSS_RE.search(stderr)
    row = {"row": f"peak RSS, {gb:g} GB JSONL stream", "rc": dechrome.returncode, "wall_s": wall,
           "max_rss_mb": int(rss.group(1)) * 1024 / 1e6 if rss else None,
           "bytes_streamed": streamed["bytes"] if streamed else None,
           "records_streamed": streamed["records"] if streamed else None,
           "summary": summary_counts(stderr), "notes": []}
    if dechrome.returncode not in DECHROME_OK or gen.returncode != 0:
        row["notes"].append(f"dechrome exit {dechrome.returncode}, generator exit {gen.returncode}: "
                            f"{stderr[-2000:]} {gen_err[-500:]}")
    else:
        # /usr/bin/time -v's report comes after dechrome's stderr: its lines are tab-indented.
        dechrome_lines = [l for l in unexpected_lines(stderr) if not l.startswith(("\t", "Command exited"))]
        row["notes"] += [f"rss stderr: {l}" for l in dechrome_lines[:10]]
    return row


# ---------------------------------------------------------------- report


def fmt(value, spec=".2f"):
    return "–" if value is None else format(value, spec)


def times(ratio):
    return "–" if ratio is None else f"{ratio:.2f}×"


def verdict(value, target, higher_is_better=True):
    if value is None:
        return "–"
    return "met" if (value >= target if higher_is_better else value < target) else "MISSED"


def print_table(rows):
    print("| row | dechrome | peer | ratio (wall) | ratio (CPU) | target | |")
    print("|---|---|---|---:|---:|---|---|")
    warc, stdin, rss = rows.get("warc"), rows.get("stdin"), rows.get("rss")
    if warc:
        ours = (f"{warc['dechrome_wall_s']:.2f} s, {warc['dechrome_cpu_s']:.2f} CPU s, "
                f"{warc['dechrome_mb_per_s']:.1f} MB/s, {warc['dechrome_records']} records")
        theirs = (f"FastWARC+Resiliparse {warc['peer_wall_s']:.2f} s, {warc['peer_cpu_s']:.2f} CPU s, "
                  f"{warc['peer_mb_per_s']:.1f} MB/s, {warc['peer_records']} records") if "ratio" in warc else "–"
        print(f"| WARC.gz → JSONL, 1 core ({warc['warc_mb']:.1f} MB decompressed WARC, "
              f"{warc['warc_gz_mb']:.1f} MB gz) | {ours} | {theirs} | {times(warc.get('ratio'))} | "
              f"{times(warc.get('ratio_cpu'))} | peer/dechrome ≥ {TARGETS['warc']} | "
              f"{verdict(warc.get('ratio'), TARGETS['warc']) if warc['records_agree'] else 'INVALID'} |")
    if stdin:
        print(f"| JSONL via stdin vs the same `.jsonl` file, all cores ({stdin['mb']:.1f} MB JSONL) | stdin "
              f"{stdin['stdin_wall_s']:.2f} s, {stdin['stdin_cpu_s']:.2f} CPU s | file {stdin['file_wall_s']:.2f} s, "
              f"{stdin['file_cpu_s']:.2f} CPU s | {stdin['ratio']:.2f}× | {stdin['ratio_cpu']:.2f}× | "
              f"file/stdin ≥ {TARGETS['stdin']} | {verdict(stdin['ratio'], TARGETS['stdin'])} |")
        print(f"| JSONL via stdin vs the pages as `.html` files (reference) | stdin "
              f"{stdin['stdin_wall_s']:.2f} s | files {stdin['files_wall_s']:.2f} s, "
              f"{stdin['files_cpu_s']:.2f} CPU s | {stdin['pages_ratio']:.2f}× | {stdin['pages_ratio_cpu']:.2f}× | – | |")
    if rss:
        streamed = rss["bytes_streamed"]
        print(f"| peak RSS, JSONL stream of {fmt(streamed and streamed / 1e9, '.3f')} GB "
              f"({rss['records_streamed']} records) | {fmt(rss['max_rss_mb'], '.1f')} MB max RSS "
              f"in {rss['wall_s']:.1f} s | – | – | – | < {TARGETS['rss_mb']} MB | "
              f"{verdict(rss['max_rss_mb'], TARGETS['rss_mb'], higher_is_better=False)} |")


def print_checks(rows):
    warc, stdin, rss = rows.get("warc"), rows.get("stdin"), rows.get("rss")
    if warc:
        print(f"\nWARC records out: dechrome {warc['dechrome_records']}, peer {warc.get('peer_records', '–')}; "
              f"dechrome summary (captures, cleaned, skipped, failed): {warc['dechrome_summary']}")
    if stdin:
        print(f"stdin summary {stdin['stdin_summary']}, file summary {stdin['file_summary']}, "
              f"files summary {stdin['files_summary']}")
    if rss:
        print(f"RSS run: exit {rss['rc']}, {rss['bytes_streamed']} bytes streamed, summary {rss['summary']}")
    for row in rows.values():
        for note in row["notes"]:
            print(f"note: {note}")


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, help="folder of .html pages (default: the eval corpus's dev HTML)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per system (median)")
    ap.add_argument("--rss-gb", type=float, default=1.0, help="GB (10^9 bytes) streamed for the RSS row")
    ap.add_argument("--skip-rss", action="store_true", help="leave out the RSS row")
    ap.add_argument("--no-peer", action="store_true", help="leave out FastWARC + Resiliparse")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON")
    ap.add_argument("--emit-stream", type=int, help=argparse.SUPPRESS)  # generator mode of the RSS row
    args = ap.parse_args()

    pages = (args.pages or default_pages()).resolve()
    if args.emit_stream is not None:
        return stream_records(pages, args.emit_stream)
    files = list_pages(pages)
    if not files:
        sys.exit(f"no .html pages under {pages}")
    CACHE.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(CACHE).free
    if free < MIN_FREE_TMP:
        sys.exit(f"only {free / 1e9:.1f} GB free under {CACHE}; need {MIN_FREE_TMP / 1e9:.0f} GB")
    binary, sha = private_binary()
    folder, raw_bytes = ensure_inputs(files, pages)
    warc, records = folder / WARC_NAME, folder / RECORDS_NAME
    python = None if args.no_peer else ensure_peer()
    script = CACHE / "peer_fastwarc.py"
    script.write_text(PEER_CODE)
    print(f"{len(files)} pages, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB HTML, {os.cpu_count()} cores, "
          f"median of {args.runs} runs; dechrome sha256 {sha[:16]}; {free / 1e9:.0f} GB free in /tmp; "
          f"load {os.getloadavg()[0]:.2f}\n", flush=True)

    rows = {}
    with tempfile.TemporaryDirectory(dir=CACHE) as work:
        work = Path(work)
        # One untimed run each to warm the page cache (and the peer's imports).
        run_dechrome_warc(binary, warc, work / "warm.jsonl")
        if python:
            run_peer_warc(python, script, warc, work / "warm.jsonl")
        run_dechrome_files(binary, pages)
        rows["warc"] = row_warc(binary, python, script, warc, raw_bytes, len(files), args.runs, work)
        rows["stdin"] = row_stdin(binary, records, pages, args.runs)
    if not args.skip_rss:
        rows["rss"] = row_rss(binary, pages, args.rss_gb)

    print_table(rows)
    print_checks(rows)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"dechrome_sha256": sha, "runs": args.runs, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
