"""Writes pyarrow.parquet: a small Parquet file from another tool, with the column types crawl
data sets use (large and view strings, float32, a list), for dechrome's Parquet reader test.

    python3 -m venv /tmp/pqvenv && /tmp/pqvenv/bin/pip install pyarrow
    /tmp/pqvenv/bin/python tests/parquet/make_pyarrow.py
"""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# string_view came in pyarrow 16; older versions write a plain string column instead.
VIEW = pa.string_view() if hasattr(pa, "string_view") else pa.string()

SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("url", pa.string()),
        ("raw_content", pa.large_string()),
        ("html", VIEW),
        ("score", pa.float32()),
        ("tags", pa.list_(pa.string())),
    ]
)

ROWS = {
    "id": [1, 2, 3],
    "url": ["https://example.com/a", "https://example.org/b", None],
    "raw_content": [
        "Monday, October 2, 2023\n\nThe council approved the budget.\n\nSource link\n",
        "Café prices rose — again.\n",
        "",
    ],
    "html": ["<p>The council approved the budget.</p>", None, "<p>Long enough to be stored out of line.</p>"],
    "score": [0.1, 0.5, None],
    "tags": [["news", "local"], [], None],
}


def main() -> None:
    table = pa.table(ROWS, schema=SCHEMA)
    out = Path(__file__).with_name("pyarrow.parquet")
    # Snappy, pyarrow's default, named so the file does not change with the default.
    pq.write_table(table, out, compression="snappy")
    print(f"{out}: pyarrow {pa.__version__}")
    print(pq.read_schema(out))


if __name__ == "__main__":
    main()
