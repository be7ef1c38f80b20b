"""dechrome on a real local Ray cluster: Parquet and JSONL in, Parquet out, as the CLI cleans."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pyarrow.parquet as pq
import pytest
import ray

import dechrome
import dechrome.ray
from conftest import assert_same_as_cli, cli_records, write_jsonl, write_parquet


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def rows_of(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(folder).to_pylist()
    for row in rows:
        row["id"] = row.pop("input_id")
    return rows


def test_parquet_to_parquet_with_learned_templates(
    cluster: None, tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    expected = cli_records(write_jsonl(tmp_path / "pages.jsonl", records))
    pages = ray.data.read_parquet(str(write_parquet(tmp_path / "pages", records)))
    template = dechrome.ray.learn(pages, "text", "url")
    assert template == dechrome.learn(pq.read_table(tmp_path / "pages"), "text", "url")
    cleaned = pages.map_batches(
        dechrome.ray.Clean,
        fn_constructor_kwargs={"column": "text", "url_column": "url", "id_column": "id", "template": template},
        batch_format="pyarrow",
        concurrency=2,
        # Half a CPU each: reading and writing tasks need CPUs of the two too.
        num_cpus=0.5,
    )
    cleaned.write_parquet(str(tmp_path / "clean"))
    assert_same_as_cli(rows_of(tmp_path / "clean"), expected, learned=400)


def test_jsonl_with_the_clean_helper(cluster: None, tmp_path: Path, records: list[dict[str, Any]]) -> None:
    jsonl = write_jsonl(tmp_path / "pages.jsonl", records)
    expected = cli_records(jsonl)
    pages = ray.data.read_json(str(jsonl), lines=True)
    cleaned = dechrome.ray.clean(pages, "text", "url", id_column="id", concurrency=2, num_cpus=0.5)
    cleaned.write_parquet(str(tmp_path / "clean"))
    assert_same_as_cli(rows_of(tmp_path / "clean"), expected, learned=400)
