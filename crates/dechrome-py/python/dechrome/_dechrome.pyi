"""The native module: types converted, the work done by the dechrome library (Rust)."""

from typing import Optional, Sequence, Tuple, Union

__version__: str

class DechromeError(Exception):
    """What dechrome refuses; the base of its errors."""

class RuleError(DechromeError):
    """A rule file that does not load: ``file:line:col: what``."""

class CaptureError(DechromeError):
    """A capture that cannot be cleaned (empty, binary, a page beyond the limits)."""

class TemplateError(DechromeError):
    """Bytes that are not a template this version reads."""

class ColumnError(DechromeError):
    """A column that is missing, or of a type it cannot be read as."""

class Template:
    """Per site, its captures and in how many of them each line occurs (hashes, never text).

    Counts add up: templates learned on parts of a dataset and merged clean exactly as one
    learned on the whole. Pickled (and sent between processes) as :meth:`to_bytes`.
    """

    def __init__(self) -> None:
        """An empty template."""
    def merge(self, other: Template) -> None:
        """Adds ``other``'s counts to these."""
    def to_bytes(self) -> bytes:
        """The template as bytes (``dechrome learn``'s file format), the same for the same counts."""
    @staticmethod
    def from_bytes(data: bytes) -> Template:
        """Reads :meth:`to_bytes`' bytes, or a ``dechrome learn`` file's; :class:`TemplateError` otherwise."""
    @property
    def sites(self) -> int:
        """Sites counted."""
    @property
    def captures(self) -> int:
        """Captures counted, over all sites."""

class NativeCleaner:
    def __init__(
        self,
        rules: Sequence[str],
        default_rules: bool,
        heuristics: bool,
        template: Optional[Template],
        threads: Optional[int],
        text_format: str = "plain",
        links: bool = False,
        images: bool = False,
    ) -> None: ...
    def clean(self, content: Union[str, bytes], url: Optional[str] = None, kind: Optional[str] = None) -> str: ...
    def clean_batch(
        self,
        schema: object,
        array: object,
        column: str,
        url_column: Optional[str] = None,
        id_column: Optional[str] = None,
        kind: Optional[str] = None,
    ) -> Tuple[object, object]: ...

def learn_batch(
    schema: object, array: object, column: str, url_column: Optional[str] = None, kind: Optional[str] = None
) -> Template: ...
def _template_from_bytes(data: bytes) -> Template: ...
def result_schema(schema: object) -> object: ...
