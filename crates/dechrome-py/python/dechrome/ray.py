"""dechrome on Ray Data: clean a dataset's captures, and learn site templates across it.

::

    import ray, dechrome.ray
    pages = ray.data.read_parquet("pages/")
    template = dechrome.ray.learn(pages, column="text", url_column="url")
    clean = pages.map_batches(
        dechrome.ray.Clean,
        fn_constructor_kwargs={"column": "text", "url_column": "url", "template": template},
        batch_format="pyarrow",
        concurrency=4,
    )
    clean.write_parquet("clean/")

Every worker needs the ``dechrome`` package (the wheel) installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional

import pyarrow as pa

from dechrome import Cleaner, Kind, PathLike, Template, TextFormat
from dechrome import learn as _learn

if TYPE_CHECKING:
    from ray.data import Dataset

__all__ = ["Clean", "clean", "learn"]


class Clean:
    """A callable class for ``Dataset.map_batches(Clean, batch_format="pyarrow", ...)``: each
    actor builds its cleaner once, then cleans the blocks it is given.

    Args:
        column, url_column, id_column, kind: as :meth:`dechrome.Cleaner.clean_batch`.
        rules, default_rules, heuristics, template, text_format: as :class:`dechrome.Cleaner`.
        threads: threads per actor (default 1: Ray runs an actor per CPU it is given).
        drop: input columns left out of the output (the raw pages, say), so that they do not
            go through the object store again.
    """

    def __init__(
        self,
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
        drop: Iterable[str] = (),
    ) -> None:
        self._cleaner = Cleaner(rules, default_rules, heuristics, template, threads, text_format=text_format)
        self._drop = list(drop)
        self._columns: dict[str, Any] = {"column": column, "url_column": url_column, "id_column": id_column}
        self._kind = kind

    def __call__(self, batch: pa.Table) -> pa.Table:
        cleaned = self._cleaner.clean_batch(batch, kind=self._kind, **self._columns)
        return cleaned.drop_columns(self._drop) if self._drop else cleaned


def learn(
    dataset: Dataset,
    column: str = "html",
    url_column: Optional[str] = None,
    *,
    kind: Kind = None,
    concurrency: Optional[int] = None,
) -> Template:
    """Learns site templates across a dataset in two stages: a template per block
    (``map_batches``, only the columns read go through the object store), then merged here.
    The result is the template of the whole dataset, whatever its blocks.
    """
    columns = [column] + ([url_column] if url_column else [])

    def per_block(batch: pa.Table) -> pa.Table:
        template = _learn(batch, column, url_column, kind=kind)
        return pa.table({"template": pa.array([template.to_bytes()], pa.binary())})

    templates = dataset.select_columns(columns).map_batches(
        per_block, batch_format="pyarrow", batch_size=None, concurrency=concurrency
    )
    merged = Template()
    for row in templates.iter_rows():
        merged.merge(Template.from_bytes(row["template"]))
    return merged


def clean(
    dataset: Dataset,
    column: str = "html",
    url_column: Optional[str] = None,
    *,
    learn_templates: bool = True,
    template: Optional[Template] = None,
    concurrency: int = 1,
    num_cpus: float = 1,
    **options: Any,
) -> Dataset:
    """The dataset cleaned by :class:`Clean` actors, with the site templates learned across it
    first (``learn_templates``), merged with ``template`` if given, as ``dechrome clean`` learns
    from its inputs. ``options`` go to :class:`Clean`. ``num_cpus`` is what each actor
    reserves: with as many actors as CPUs, less than 1 leaves reading and writing tasks room
    to run.
    """
    if learn_templates:
        learned = learn(dataset, column, url_column, kind=options.get("kind"))
        if template is not None:
            learned.merge(template)
        template = learned
    kwargs = dict(options, column=column, url_column=url_column, template=template)
    return dataset.map_batches(
        Clean, fn_constructor_kwargs=kwargs, batch_format="pyarrow", concurrency=concurrency, num_cpus=num_cpus
    )
