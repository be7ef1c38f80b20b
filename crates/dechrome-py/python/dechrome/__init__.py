"""dechrome turns raw web captures (text dumps, HTML pages) into clean text with metadata.

One capture::

    >>> import dechrome
    >>> dechrome.clean("Monday, October 2, 2023\\n\\nThe council approved the budget.\\n\\nSource link\\n")["text"]
    'The council approved the budget.\\n'

A batch (a pyarrow Table or RecordBatch, or a pandas DataFrame), cleaned in parallel::

    >>> cleaner = dechrome.Cleaner()
    >>> table = cleaner.clean_batch(pages, column="html", url_column="url")   # doctest: +SKIP

Site chrome learned across a dataset, on parts merged: :func:`learn`, :class:`Template`.
Ray Data and Spark: :mod:`dechrome.ray`, :mod:`dechrome.spark`.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Iterable, Literal, Optional, Tuple, Union

import pyarrow as pa

from dechrome._dechrome import (
    CaptureError,
    ColumnError,
    DechromeError,
    NativeCleaner,
    RuleError,
    Template,
    TemplateError,
    __version__,
)
from dechrome._dechrome import learn_batch as _learn_batch
from dechrome._dechrome import result_schema as _result_schema

if TYPE_CHECKING:
    import pandas

__all__ = [
    "CaptureError",
    "Cleaner",
    "ColumnError",
    "DechromeError",
    "RuleError",
    "Template",
    "TextFormat",
    "TemplateError",
    "__version__",
    "clean",
    "learn",
    "result_schema",
]

Kind = Optional[Literal["html", "text"]]
# The clean text as plain lines, or as Markdown that keeps a page's structure.
TextFormat = Literal["plain", "markdown"]
"""How a capture is read: ``"html"`` as a page; ``None`` or ``"text"`` as a page when it opens
like one (``<!doctype html``, ``<html``), as text otherwise."""

Batch = Union[pa.Table, pa.RecordBatch, "pandas.DataFrame"]
"""What :meth:`Cleaner.clean_batch` and :func:`learn` take."""

PathLike = Union[str, "os.PathLike[str]"]


class Cleaner:
    """Cleans captures with one set of rules, heuristics and learned site templates.

    Args:
        rules: rule files (TOML) or folders of them, before the built-in rules.
        default_rules: whether the rules built into dechrome apply too.
        heuristics: whether the generic chrome heuristics run after the rules.
        template: site templates learned before (:func:`learn`), whose repeated lines are
            removed after the rules, as ``dechrome clean --template`` does.
        threads: threads a batch is cleaned on (default: one per core).
        text_format: ``"plain"``, or ``"markdown"``: pages keep their headings, lists,
            tables, code and emphasis (``dechrome clean --text-format markdown``).
        links, images: with Markdown, links as ``[text](url)`` and images as
            ``![alt](src)``, resolved against the page's URL (``--links``, ``--images``).

    Raises:
        RuleError: a rule file that does not load (``file:line:col: what``).
        DechromeError: a rule file or folder that cannot be read.
    """

    def __init__(
        self,
        rules: Iterable[PathLike] = (),
        default_rules: bool = True,
        heuristics: bool = True,
        template: Optional[Template] = None,
        threads: Optional[int] = None,
        *,
        text_format: TextFormat = "plain",
        links: bool = False,
        images: bool = False,
    ) -> None:
        paths = [os.fspath(path) for path in rules]
        self._native = NativeCleaner(paths, default_rules, heuristics, template, threads, text_format, links, images)

    def clean(self, content: Union[str, bytes], *, url: Optional[str] = None, kind: Kind = None) -> dict[str, Any]:
        """Cleans one capture; see :func:`dechrome.clean`."""
        record: dict[str, Any] = json.loads(self._native.clean(content, url, kind))
        return record

    def clean_batch(
        self,
        data: Batch,
        column: str = "html",
        url_column: Optional[str] = None,
        *,
        id_column: Optional[str] = None,
        kind: Kind = None,
    ) -> pa.Table:
        """Cleans every capture of a batch, in parallel, without holding the GIL.

        Args:
            data: a pyarrow Table or RecordBatch, or a pandas DataFrame.
            column: the captures: strings (string, large_string, string_view), cleaned as
                a JSONL record's ``text`` field is (``html`` with ``kind="html"``), or bytes
                (binary, large_binary, binary_view), decoded as files are.
            url_column: the captures' URLs (their hosts choose site rules and templates).
            id_column: the records' ids (strings or integers), written as ``id``.
            kind: ``"html"``: every capture is a page; otherwise each is a page when it
                opens like one.

        Returns:
            The input's columns (one named like a column of dechrome's becomes
            ``input_<name>``), then the metadata columns and ``text``, typed as
            ``dechrome clean --format parquet`` writes them (no unsigned integers). A capture
            that fails is a row with ``error`` set and a null ``text``.

        Raises:
            ColumnError: a column that is missing or of another type.
        """
        table = _table(data)
        batches = [self._clean(batch, column, url_column, id_column, kind) for batch in _batches(table)]
        return pa.Table.from_batches(batches)

    def _clean(
        self, batch: pa.RecordBatch, column: str, url_column: Optional[str], id_column: Optional[str], kind: Kind
    ) -> pa.RecordBatch:
        schema, array = batch.__arrow_c_array__()
        result = self._native.clean_batch(schema, array, column, url_column, id_column, kind)
        return pa.record_batch(_Capsules(result))

    def learn(self, data: Batch, column: str = "html", url_column: Optional[str] = None, *, kind: Kind = None) -> Template:
        """Counts the batch's lines per site into a template; see :func:`learn`."""
        return learn(data, column, url_column, kind=kind)


def learn(data: Batch, column: str = "html", url_column: Optional[str] = None, *, kind: Kind = None) -> Template:
    """Counts the lines of a batch's text captures per site (the URL's host) into a template.

    Templates of parts of a dataset, merged (:meth:`Template.merge`), clean exactly as one
    learned from the whole. Pages (HTML) and captures without a URL are not learned from, as
    with ``dechrome learn``.

    Raises:
        ColumnError: a column that is missing or of another type.
    """
    template = Template()
    for batch in _batches(_table(data)):
        schema, array = batch.__arrow_c_array__()
        template.merge(_learn_batch(schema, array, column, url_column, kind))
    return template


def result_schema(schema: pa.Schema) -> pa.Schema:
    """The schema :meth:`Cleaner.clean_batch` gives a batch of ``schema``: its columns (one
    named like dechrome's becomes ``input_<name>``), the metadata columns, then ``text``."""
    return pa.schema(_SchemaCapsule(_result_schema(schema.__arrow_c_schema__())))


_DEFAULT: Optional[Cleaner] = None


def clean(content: Union[str, bytes], *, url: Optional[str] = None, kind: Kind = None) -> dict[str, Any]:
    """Cleans one capture with the built-in rules and heuristics.

    Args:
        content: ``str``, cleaned as a JSONL record's ``text`` field is (as a ``.txt`` file
            of its bytes), or ``bytes``, decoded as a file's are (BOM, UTF-8, the page's
            charset, detection).
        url: the capture's URL; its host chooses the site rules.
        kind: ``"html"`` for a page; otherwise a page when it opens like one.

    Returns:
        The record ``dechrome clean --format jsonl`` writes: every metadata field, then
        ``text``.

    Raises:
        CaptureError: the capture cannot be cleaned (empty, binary, a page too deep, …).
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean(content, url=url, kind=kind)


class _Capsules:
    """Capsules a record batch was exported as, for ``pyarrow.record_batch`` to import."""

    def __init__(self, capsules: Tuple[object, object]) -> None:
        self._capsules = capsules

    def __arrow_c_array__(self, requested_schema: object = None) -> Tuple[object, object]:
        return self._capsules


class _SchemaCapsule:
    def __init__(self, capsule: object) -> None:
        self._capsule = capsule

    def __arrow_c_schema__(self) -> object:
        return self._capsule


def _table(data: Batch) -> pa.Table:
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if type(data).__module__.startswith("pandas"):
        return pa.Table.from_pandas(data, preserve_index=False)
    raise TypeError(f"expected a pyarrow Table or RecordBatch or a pandas DataFrame, not {type(data).__name__}")


# Chunks are combined up to this many bytes: a batch is cleaned in parallel across its rows.
_COMBINE_BYTES = 1 << 30


def _batches(table: pa.Table) -> list[pa.RecordBatch]:
    if table.num_rows == 0:
        return [pa.RecordBatch.from_pylist([], schema=table.schema)]
    if table.num_columns and table[0].num_chunks > 1 and table.nbytes < _COMBINE_BYTES:
        table = table.combine_chunks()
    batches: list[pa.RecordBatch] = table.to_batches()
    return batches
