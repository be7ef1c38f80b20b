"""dechrome on a real local Spark session: the same pages, the same results as the CLI."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Iterator

import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

import dechrome
import dechrome.spark
from conftest import assert_same_as_cli, cli_records, write_jsonl, write_parquet


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # The executors' Python must be this one, which has dechrome.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_map_in_arrow_with_learned_templates(spark: SparkSession, tmp_path: Path, records: list[dict[str, Any]]) -> None:
    expected = cli_records(write_jsonl(tmp_path / "pages.jsonl", records))
    pages = spark.read.parquet(str(write_parquet(tmp_path / "pages", records)))
    template = dechrome.spark.learn(pages, "text", "url")
    assert template == dechrome.learn(pq.read_table(tmp_path / "pages"), "text", "url")
    cleaned = dechrome.spark.clean(pages, "text", "url", id_column="id", template=template)
    assert cleaned.schema == dechrome.spark.spark_schema(pages.schema)
    cleaned.write.parquet(str(tmp_path / "clean"))
    rows: list[dict[str, Any]] = pq.read_table(tmp_path / "clean").to_pylist()
    for row in rows:
        row["id"] = row.pop("input_id")
    assert_same_as_cli(rows, expected, learned=400)


def test_text_udf(spark: SparkSession, records: list[dict[str, Any]]) -> None:
    sample = records[:50]
    df = spark.createDataFrame(sample)
    template = dechrome.learn(pq_table(sample), "text", "url")
    udf = dechrome.spark.text_udf(True, template=template)
    got = [row[0] for row in df.select(udf("text", "url")).collect()]
    want = dechrome.Cleaner(template=template).clean_batch(pq_table(sample), "text", "url").column("text").to_pylist()
    assert got == want and got[1] and got[0] == ""  # the first capture is empty


def pq_table(records: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist(records)
