"""dechrome on Spark: clean a DataFrame's captures with ``mapInArrow``, learn site templates
across it, or clean one column with a pandas UDF.

::

    import dechrome.spark
    pages = spark.read.parquet("pages/")
    template = dechrome.spark.learn(pages, column="text", url_column="url")
    clean = dechrome.spark.clean(pages, column="text", url_column="url", template=template)
    clean.write.parquet("clean/")

Every executor needs the ``dechrome`` package installed (the wheel, ``pip install
dechrome-*.whl``, on each node, or shipped with ``--py-files``/an archived environment), and
``PYSPARK_PYTHON`` naming the Python that has it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

import pyarrow as pa

from dechrome import Cleaner, Kind, PathLike, Template, TextFormat, result_schema
from dechrome import learn as _learn

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.types import StructType

__all__ = ["clean", "clean_partitions", "learn", "spark_schema", "text_udf"]

Partitions = Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]


def clean_partitions(
    column: str = "html",
    url_column: Optional[str] = None,
    *,
    id_column: Optional[str] = None,
    kind: Kind = None,
    rules: Iterable[PathLike] = (),
    default_rules: bool = True,
    heuristics: bool = True,
    template: Optional[Template] = None,
    threads: Optional[int] = 1,
    text_format: TextFormat = "plain",
) -> Partitions:
    """The function for ``DataFrame.mapInArrow(f, spark_schema(df.schema))``: each partition's
    batches cleaned by one cleaner, built when the partition starts."""
    rules = [str(path) for path in rules]

    def clean_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        cleaner = Cleaner(rules, default_rules, heuristics, template, threads, text_format=text_format)
        for batch in batches:
            cleaned = cleaner.clean_batch(batch, column, url_column, id_column=id_column, kind=kind)
            yield from cleaned.to_batches()

    return clean_partition


def spark_schema(schema: StructType) -> StructType:
    """The Spark schema of what :func:`clean` gives a DataFrame of ``schema``: its columns
    (``input_<name>`` for one named like dechrome's), the metadata columns, then ``text``."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    struct: StructType = from_arrow_schema(result_schema(to_arrow_schema(schema)))
    return struct


def clean(df: DataFrame, column: str = "html", url_column: Optional[str] = None, **options: Any) -> DataFrame:
    """``df`` with the metadata columns and ``text`` added, each partition cleaned in parallel
    (``mapInArrow``). ``options`` go to :func:`clean_partitions`."""
    return df.mapInArrow(clean_partitions(column, url_column, **options), spark_schema(df.schema))


def learn(df: DataFrame, column: str = "html", url_column: Optional[str] = None, *, kind: Kind = None) -> Template:
    """Site templates learned across ``df``: one per partition (``mapInArrow``), merged here."""

    def learn_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        template = Template()
        for batch in batches:
            template.merge(_learn(batch, column, url_column, kind=kind))
        yield pa.RecordBatch.from_pydict({"template": pa.array([template.to_bytes()], pa.binary())})

    columns = [column] + ([url_column] if url_column else [])
    merged = Template()
    for row in df.select(*columns).mapInArrow(learn_partition, "template binary").collect():
        merged.merge(Template.from_bytes(bytes(row["template"])))
    return merged


def text_udf(
    url_column: bool = False, *, kind: Kind = None, template: Optional[Template] = None
) -> Callable[..., Column]:
    """A pandas UDF giving the clean text of a string column (null for a capture that fails):
    ``df.select(text_udf()("html"))``, or with ``url_column=True``, ``text_udf(True)("html", "url")``."""
    import pandas as pd
    from pyspark.sql.pandas.functions import pandas_udf

    cleaners: dict[int, Cleaner] = {}

    def cleaned(content: pd.Series, url: Optional[pd.Series] = None) -> pd.Series:
        cleaner = cleaners.setdefault(0, Cleaner(template=template, threads=1))
        data = {"content": pa.array(content, pa.string())}
        if url is not None:
            data["url"] = pa.array(url, pa.string())
        table = cleaner.clean_batch(pa.table(data), "content", "url" if url is not None else None, kind=kind)
        text: pd.Series = table.column("text").to_pandas()
        return text

    def with_url(content: pd.Series, url: pd.Series) -> pd.Series:
        return cleaned(content, url)

    def without_url(content: pd.Series) -> pd.Series:
        return cleaned(content)

    udf = with_url if url_column else without_url
    # Spark reads the type hints; under `from __future__ import annotations` they are strings.
    udf.__annotations__ = {name: pd.Series for name in udf.__annotations__}
    return pandas_udf(udf, "string")  # type: ignore[call-overload,no-any-return]
