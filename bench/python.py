#!/usr/bin/env python3
"""Benchmark the Python package: ratios measured in one process, on the same pages.

  python3 bench/python.py [--pages DIR] [--runs 3] [--skip-build]

Pages: the evaluation corpus's dev HTML (`bash ../shared/eval/unpack.sh` prints the folder;
pages under `dev/html/`), or any folder of `<site>/<name>.html`. The release wheel is built
with maturin and installed, with the peers and Ray, into a venv under /tmp; the script then
runs itself there. All pages are read into memory first (as `str`), so that every figure is
extraction alone:

- `Cleaner(threads=1).clean_batch` of the pages as one pyarrow table, against resiliparse's
  `extract_plain_text(main_content=True)` and trafilatura's `extract` called in a loop, one
  thread each (and `threads=2` against `threads=1`, the ceiling for Ray on two cores);
- Ray Data (`ray.init(num_cpus=2)`): `map_batches(dechrome.ray.Clean, concurrency=2)` against
  `concurrency=1`, on the same dataset (the pages RAY_COPIES times over), already in the object store.

Each figure is the median of --runs runs (trafilatura, the slowest, runs once).
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(tempfile.gettempdir()) / "dechrome-bench-venv"
WHEELS = Path(tempfile.gettempdir()) / "dechrome-bench-wheels"
# Copies of the pages Ray cleans: enough for its steady state. At 4, starting the actors in every
# run still weighs (2/1: 1.48x); at 12 and 24 the ratio is flat (1.67x, 1.65x).
RAY_COPIES = 12
PACKAGES = ["pyarrow", "pandas", "ray[data]", "resiliparse", "trafilatura", "lxml_html_clean"]


def build_and_install() -> Path:
    """The release wheel, installed with the peers into the bench venv; its python."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "maturin", *PACKAGES], check=True)
    manifest = ROOT / "crates" / "dechrome-py" / "Cargo.toml"
    maturin = [str(VENV / "bin" / "maturin"), "build", "--release", "-m", str(manifest), "--out", str(WHEELS)]
    subprocess.run(maturin, check=True)
    wheel = max(glob.glob(str(WHEELS / "dechrome-*.whl")), key=os.path.getmtime)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", wheel], check=True)
    return python


def default_pages() -> Path:
    out = subprocess.run(["bash", str(ROOT.parent / "shared" / "eval" / "unpack.sh")], capture_output=True, text=True)
    folder = Path(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 and out.stdout.strip() else None
    if folder is None:
        folder = Path("/work/shared/eval")
    return folder / "html" if (folder / "html").is_dir() else folder / "dev" / "html"


def median_time(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(pages_dir: Path, runs: int, ray_only: bool) -> None:
    # This folder's html.py would shadow the standard library's `html` (Ray imports it).
    sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != Path(__file__).resolve().parent]
    import pyarrow as pa
    import ray

    import dechrome
    import dechrome.ray

    paths = sorted(pages_dir.glob("*/*.html"))
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    urls = [f"https://{p.parent.name}/{p.name}" for p in paths]
    n = len(pages)
    mb = sum(len(p.encode()) for p in pages) / 1e6
    table = pa.table({"html": pages, "url": urls})
    print(f"{n} pages, {mb:.1f} MB of HTML, from {pages_dir}")

    def rate(seconds: float) -> str:
        return f"{n / seconds:7.1f} pages/s ({mb / seconds:5.1f} MB/s)"

    if not ray_only:
        one = dechrome.Cleaner(threads=1)
        two = dechrome.Cleaner(threads=2)
        one.clean_batch(table.slice(0, 10), "html", "url", kind="html")  # rules compiled outside the clock
        from resiliparse.extract.html2text import extract_plain_text
        import trafilatura

        extract_plain_text(pages[0], main_content=True)
        trafilatura.extract(pages[0])
        figures = {
            "dechrome clean_batch, threads=1": median_time(lambda: one.clean_batch(table, "html", "url", kind="html"), runs),
            "dechrome clean_batch, threads=2": median_time(lambda: two.clean_batch(table, "html", "url", kind="html"), runs),
            "resiliparse, a loop": median_time(lambda: [extract_plain_text(p, main_content=True) for p in pages], runs),
            "trafilatura, a loop": median_time(lambda: [trafilatura.extract(p) for p in pages], 1),
        }
        for name, seconds in figures.items():
            print(f"{name:34} {seconds:7.2f} s  {rate(seconds)}")
        base = figures["dechrome clean_batch, threads=1"]
        print(f"clean_batch / resiliparse: {figures['resiliparse, a loop'] / base:.2f}x (want >= 1.2)")
        print(f"clean_batch / trafilatura: {figures['trafilatura, a loop'] / base:.2f}x (want >= 15)")
        print(f"threads=2 / threads=1:     {base / figures['dechrome clean_batch, threads=2']:.2f}x")

    else:
        # The ceiling for two workers, at the same moment: two threads against one, in-process.
        cleaners = {n: dechrome.Cleaner(threads=n) for n in (1, 2)}
        times = {n: median_time(lambda: c.clean_batch(table, "html", "url", kind="html"), runs) for n, c in cleaners.items()}
        print(f"threads=2 / threads=1:     {times[1] / times[2]:.2f}x")

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    # Only what is cleaned goes through the object store, in a few big blocks, placed before
    # the clock starts.
    # The pages RAY_COPIES times, so that starting the actors (a second or two each, in every
    # run) weighs little against the work.
    dataset = ray.data.from_arrow(pa.concat_tables([table] * RAY_COPIES)).repartition(4 * RAY_COPIES).materialize()
    kwargs = {"column": "html", "url_column": "url", "kind": "html", "threads": 1, "drop": ["html"]}

    def on_ray(concurrency: int) -> None:
        cleaned = dataset.map_batches(
            dechrome.ray.Clean, fn_constructor_kwargs=kwargs, batch_format="pyarrow", batch_size=None,
            concurrency=concurrency, num_cpus=1,
        )  # fmt: skip
        # Materialized, not counted through more operators: their tasks would wait for a CPU the
        # two actors hold.
        assert cleaned.materialize().count() == n * RAY_COPIES

    on_ray(2)  # workers started and warmed once
    ray_times = {c: median_time(lambda: on_ray(c), runs) for c in (1, 2)}
    for c, seconds in ray_times.items():
        print(f"Ray Data, {c} worker(s):{'':12} {seconds:7.2f} s  {rate(seconds / RAY_COPIES)}")
    print(f"Ray 2 workers / 1 worker:  {ray_times[1] / ray_times[2]:.2f}x (want >= 1.7)")
    ray.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true", help="use the wheel installed in the bench venv")
    parser.add_argument("--ray-only", action="store_true", help="only Ray Data, 2 workers against 1")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = args.pages or default_pages()
    if args.inner:
        measure(pages, args.runs, args.ray_only)
        return
    python = VENV / "bin" / "python" if args.skip_build else build_and_install()
    inner = [str(python), __file__, "--inner", "--pages", str(pages), "--runs", str(args.runs)]
    inner += ["--ray-only"] if args.ray_only else []
    sys.exit(subprocess.run(inner).returncode)


if __name__ == "__main__":
    main()
