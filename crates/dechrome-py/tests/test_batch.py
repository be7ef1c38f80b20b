"""Batches: shapes, column types, the schema, failed rows, and templates learned on parts."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

import dechrome
from conftest import assert_same_as_cli, cli, cli_records, make_html_records, write_jsonl

METADATA = [
    "source", "format", "encoding", "site", "site_name", "url", "id", "warc_record_id", "warc_date", "title",
    "author", "date", "date_modified", "language", "words_in", "words_out", "removed", "rules_applied",
    "content_hash", "cleaned_with", "dechrome", "warnings", "error",
]  # fmt: skip


def table(records: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(records)


def test_a_batch_cleans_as_the_cli_with_learned_templates(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    expected = cli_records(write_jsonl(tmp_path / "pages.jsonl", records))
    pages = table(records)
    template = dechrome.Cleaner().learn(pages, "text", "url")
    out = dechrome.Cleaner(template=template, threads=2).clean_batch(pages, "text", "url", id_column="id")
    rows = out.to_pylist()
    for row in rows:
        row["id"] = row.pop("input_id")
    assert_same_as_cli(rows, expected, learned=400)


def test_pages_clean_as_the_cli_cleans_them(tmp_path: Path) -> None:
    records = make_html_records(30)
    expected = cli_records(write_jsonl(tmp_path / "html.jsonl", records), "--no-learn")
    out = dechrome.Cleaner().clean_batch(table(records), "html", "url", id_column="id", kind="html").to_pylist()
    for row in out:
        row["id"] = row.pop("input_id")
    assert_same_as_cli(out, expected)
    assert all(row["date"] is not None and row["title"].startswith("Story") for row in out)


def test_columns_kept_renamed_and_typed(records: list[dict[str, Any]]) -> None:
    pages = table(records[:20]).append_column("n", pa.array(range(20), pa.uint32()))
    out = dechrome.Cleaner().clean_batch(pages, "text", "url")
    assert out.column_names == ["input_id", "input_url", "input_text", "n", *METADATA, "text"]
    assert out.schema == dechrome.result_schema(pages.schema)
    ours = out.schema.remove(3)  # the input's own unsigned column is kept as it is
    unsigned = [f.name for f in ours if pa.types.is_unsigned_integer(f.type)]
    assert unsigned == []
    assert out.schema.field("date").type == pa.date32()
    assert out.schema.field("words_in").type == pa.int64()
    assert out.schema.field("removed").type.value_type.field("chars").type == pa.int64()
    assert out.column("n").to_pylist() == list(range(20))


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view(), pa.binary(), pa.large_binary()])
def test_string_and_binary_columns(records: list[dict[str, Any]], kind: pa.DataType) -> None:
    texts = [r["text"] for r in records[1:11]]
    reference = dechrome.Cleaner().clean_batch(pa.table({"page": texts}), "page").column("text")
    column = pa.array([t.encode() if pa.types.is_binary(kind) or pa.types.is_large_binary(kind) else t for t in texts], kind)
    out = dechrome.Cleaner().clean_batch(pa.table({"page": column}), "page")
    assert out.column("text") == reference
    assert out.schema.field("page").type == kind


def test_tables_record_batches_and_data_frames(records: list[dict[str, Any]]) -> None:
    pages = table(records[:40])
    cleaner = dechrome.Cleaner(threads=1)
    whole = cleaner.clean_batch(pages, "text", "url")
    chunked = cleaner.clean_batch(pa.Table.from_batches(pages.to_batches(max_chunksize=7)), "text", "url")
    from_batch = cleaner.clean_batch(pages.to_batches()[0], "text", "url")
    from_pandas = cleaner.clean_batch(pd.DataFrame(records[:40]), "text", "url")
    for other in (chunked, from_batch, from_pandas):
        assert other.column("text") == whole.column("text")
        assert other.column("cleaned_with") == whole.column("cleaned_with")
    with pytest.raises(TypeError, match="pyarrow Table"):
        cleaner.clean_batch([1, 2], "text")  # type: ignore[arg-type]


def test_an_empty_batch_has_the_schema() -> None:
    empty = pa.table({"html": pa.array([], pa.string())})
    out = dechrome.Cleaner().clean_batch(empty)
    assert out.num_rows == 0 and out.schema == dechrome.result_schema(empty.schema)


def test_a_failed_capture_is_a_row_not_an_exception() -> None:
    pages = pa.table({"html": ["<p>A story of some length that is told well here.</p>", None, ""]})
    rows = dechrome.Cleaner().clean_batch(pages).to_pylist()
    assert rows[0]["error"] is None and rows[0]["text"]
    assert rows[1]["error"] == "`html` is null" and rows[1]["text"] is None
    assert rows[2]["source"] == "batch:3"


def test_missing_and_mistyped_columns_raise_column_error() -> None:
    pages = pa.table({"body": ["x"], "n": [1]})
    with pytest.raises(dechrome.ColumnError, match=r"no column `html` in the batch \(its columns: body, n\)"):
        dechrome.Cleaner().clean_batch(pages)
    with pytest.raises(dechrome.ColumnError, match="column `n` holds Int64 values, not strings or bytes"):
        dechrome.learn(pages, "n")
    with pytest.raises(dechrome.ColumnError, match="column `n` holds Int64 values, not strings or integers|no column"):
        dechrome.Cleaner().clean_batch(pages, "body", url_column="missing")


def test_halves_merged_clean_exactly_as_the_whole(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    pages = table(records)
    first, second = pages.slice(0, 257), pages.slice(257)
    halves = dechrome.learn(first, "text", "url")
    halves.merge(dechrome.learn(second, "text", "url"))
    whole = dechrome.learn(pages, "text", "url")
    assert halves == whole and halves.to_bytes() == whole.to_bytes()
    clean = lambda t: dechrome.Cleaner(template=t).clean_batch(pages, "text", "url")  # noqa: E731
    assert clean(halves) == clean(whole)
    # The same bytes as `dechrome learn` writes for the same records.
    jsonl = write_jsonl(tmp_path / "pages.jsonl", records)
    subprocess.run([cli(), "learn", str(jsonl), "--out", str(tmp_path / "t.template")], check=True)
    assert dechrome.Template.from_bytes((tmp_path / "t.template").read_bytes()) == whole
