"""Typed use of the package, checked by `mypy --strict` (./test.sh); not a test module."""

from __future__ import annotations

import pickle
from typing import Any, Optional

import pyarrow as pa

import dechrome
import dechrome.ray
import dechrome.spark


def one_page(html: str) -> Optional[str]:
    record: dict[str, Any] = dechrome.clean(html, url="https://example.com/a", kind="html")
    title: Optional[str] = record["title"]
    return title


def a_batch(pages: pa.Table) -> pa.Table:
    template: dechrome.Template = dechrome.learn(pages, "text", "url")
    halves = pickle.loads(pickle.dumps(template))
    halves.merge(dechrome.Template.from_bytes(template.to_bytes()))
    cleaner = dechrome.Cleaner(rules=["my-rules"], heuristics=True, template=template, threads=2)
    schema: pa.Schema = dechrome.result_schema(pages.schema)
    out: pa.Table = cleaner.clean_batch(pages, column="text", url_column="url", kind="text")
    assert out.schema == schema
    return out


def errors() -> None:
    try:
        dechrome.Cleaner(rules=["broken.toml"])
    except dechrome.RuleError as error:
        print(error)
    except dechrome.DechromeError:
        raise


def on_ray(template: dechrome.Template) -> dechrome.ray.Clean:
    return dechrome.ray.Clean("text", "url", template=template, threads=1)


def on_spark() -> dechrome.spark.Partitions:
    return dechrome.spark.clean_partitions("html", "url", kind="html")
