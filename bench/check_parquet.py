"""Checks that a Parquet file dechrome wrote reads in pyarrow and DuckDB with the types meant:
Int64 counts, a Date32 date, `removed` as a list of structs, lists of strings, zstd pages.
Not run by cargo or CI (it needs pyarrow and duckdb):

    python3 -m venv /tmp/pqvenv && /tmp/pqvenv/bin/pip install pyarrow duckdb
    DECHROME_PARQUET_SAMPLE=/tmp/dechrome.parquet cargo test -p dechrome --lib table::tests::rows_read_back
    /tmp/pqvenv/bin/python bench/check_parquet.py /tmp/dechrome.parquet
"""

import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

REMOVED = pa.struct(
    [pa.field(name, pa.string() if name in ("rule", "kind") else pa.int64(), nullable=False)
     for name in ("rule", "kind", "lines", "spans", "chars")]
)
ARROW_TYPES = {
    "source": pa.string(),
    "date": pa.date32(),
    "words_in": pa.int64(),
    "words_out": pa.int64(),
    "removed": pa.list_(pa.field("element", REMOVED, nullable=False)),
    "rules_applied": pa.list_(pa.field("element", pa.string(), nullable=False)),
    "warnings": pa.list_(pa.field("element", pa.string(), nullable=False)),
    "text": pa.string(),
    "input": pa.string(),
}
DUCKDB_TYPES = {
    "date": "DATE",
    "words_in": "BIGINT",
    "removed": "STRUCT(rule VARCHAR, kind VARCHAR, lines BIGINT, spans BIGINT, chars BIGINT)[]",
    "rules_applied": "VARCHAR[]",
    "text": "VARCHAR",
}


def check_pyarrow(path: str) -> None:
    table = pq.read_table(path)
    print(f"pyarrow {pa.__version__}: {table.num_rows} rows, columns {table.column_names}")
    for name, expected in ARROW_TYPES.items():
        actual = table.schema.field(name).type
        assert actual == expected, f"{name}: {actual}, expected {expected}"
        print(f"  {name}: {actual}")
    codecs = {pq.ParquetFile(path).metadata.row_group(0).column(i).compression
              for i in range(table.num_columns)}
    assert codecs == {"ZSTD"}, codecs
    print(f"  compression: {codecs}")
    row = table.slice(0, 1).to_pylist()[0]
    print(f"  row 0: date={row['date']!r} words_out={row['words_out']} removed[0]={row['removed'][0]}")


def check_duckdb(path: str) -> None:
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    # DuckDB quotes a field named as a keyword ("rule"); the quotes are no part of the type.
    types = {row[0]: row[1].replace('"', "") for row in described}
    print(f"duckdb {duckdb.__version__}:")
    for name, expected in DUCKDB_TYPES.items():
        assert types[name] == expected, f"{name}: {types[name]}, expected {expected}"
        print(f"  {name}: {types[name]}")
    query = f"""SELECT source, date, words_out, removed[1].rule, len(rules_applied), text IS NULL
                FROM read_parquet('{path}')"""
    for row in duckdb.sql(query).fetchall():
        print(f"  {row}")


if __name__ == "__main__":
    check_pyarrow(sys.argv[1])
    check_duckdb(sys.argv[1])
    print("ok")
