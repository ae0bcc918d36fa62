"""The private parts of Whoosh that Lectern relies on, checked once before the index is opened.

Lectern extends Whoosh through its codec, storage, reader and writer classes (``index.whoosh_codec``,
``index.whoosh_files``), and reads Whoosh 3's postings blocks directly where Whoosh's own per-posting
path is too slow (``index.phrase_matcher``, ``index.filter_docs``). Some of that touches names Whoosh
does not promise to keep: underscore-prefixed methods and attributes, module helpers. A Whoosh that
renamed one would fail in the middle of a search or a write, or (for the block readers, which fall
back to Whoosh's own path) quietly run slower. ``check_whoosh()`` instead refuses at start-up, naming
what is missing, so that the fix (installing the Whoosh that Lectern was built for) is obvious.

Every private name used by ``index/*.py`` belongs in ``WHOOSH_PRIVATE_NAMES``; private names are read
through their module when used (never ``from whoosh... import _name``), so a missing one reaches
this check rather than breaking an import.
"""

from __future__ import annotations

import importlib
import inspect
import types
from collections.abc import Iterable, Iterator

import whoosh

from annotations.errors import LecternError

# "module:Attribute.path" must exist; "module:Class().attribute" must be an attribute the class's own
# methods (or its Whoosh base classes') set or read on their instances.
WHOOSH_PRIVATE_NAMES: tuple[str, ...] = (
    # index.whoosh_codec: LecternPostingsWriter._write_block repeats W3PostingsWriter._write_block
    "whoosh.codec.whoosh3:WHOOSH3_HEADER_MAGIC",
    "whoosh.codec.whoosh3:W3PostingsWriter._write_block",
    "whoosh.codec.whoosh3:W3PostingsWriter._new_block",
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_ids",
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_weights",
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_values",
    "whoosh.codec.whoosh3:W3PostingsWriter()._blockcount",
    "whoosh.codec.whoosh3:W3PostingsWriter()._postfile",
    "whoosh.codec.whoosh3:W3PostingsWriter()._terminfo",
    "whoosh.codec.whoosh3:W3PostingsWriter()._compression",
    "whoosh.codec.whoosh3:W3PostingsWriter()._ids",
    "whoosh.codec.whoosh3:W3PostingsWriter()._maxweight",
    "whoosh.codec.whoosh3:W3PostingsWriter()._minlength",
    "whoosh.codec.whoosh3:W3PostingsWriter()._maxlength",
    "whoosh.codec.whoosh3:W3Codec()._blocklimit",
    "whoosh.codec.whoosh3:W3Codec()._compression",
    "whoosh.codec.whoosh3:W3Codec()._inlinelimit",
    # index.whoosh_codec: LecternPerDocReader.doc_field_length
    "whoosh.codec.whoosh3:_lenfield",
    "whoosh.codec.whoosh3:LENGTHS_COLUMN",
    "whoosh.codec.whoosh3:W3PerDocReader._cached_reader",
    "whoosh.codec.whoosh3:W3PerDocReader()._doccount",
    "whoosh.columns:NumericColumn.Reader()._dbfile",
    "whoosh.columns:NumericColumn.Reader()._basepos",
    "whoosh.columns:NumericColumn.Reader()._count",
    # index.whoosh_codec: LecternSegmentWriter replaces its pool
    "whoosh.writing:SegmentWriter()._tempstorage",
    "whoosh.writing:SegmentWriter().newsegment",
    "whoosh.writing:SegmentWriter().pool",
    # index.whoosh_files: ViewFile, ViewCompoundStorage, ChunkedPostingPool
    "whoosh.filedb.structfile:BufferFile()._buf",
    "whoosh.filedb.structfile:BufferFile()._name",
    "whoosh.filedb.compound:CompoundStorage()._source",
    "whoosh.externalsort:SortingPool._write_run",
    "whoosh.externalsort:SortingPool._read_run",
    "whoosh.externalsort:SortingPool._open_run",
    "whoosh.externalsort:SortingPool._remove_run",
    # index.phrase_matcher, index.filter_docs: Whoosh 3's postings read a block at a time
    "whoosh.codec.whoosh3:W3LeafMatcher._read_data",
    "whoosh.codec.whoosh3:W3LeafMatcher._read_values",
    "whoosh.codec.whoosh3:W3LeafMatcher._next_block",
    "whoosh.codec.whoosh3:W3LeafMatcher()._data",
    "whoosh.codec.whoosh3:W3LeafMatcher()._byteids",
    "whoosh.codec.whoosh3:W3LeafMatcher()._values",
    "whoosh.matching:ListMatcher()._ids",
    "whoosh.matching:ListMatcher()._i",
    "whoosh.reading:SegmentReader()._terms",
    "whoosh.reading:SegmentReader.deleted_docs_set",
    # index.trusted_storage: TrustedStorage builds its paths as FileStorage does
    "whoosh.filedb.filestore:FileStorage._fpath",
    # index.keeper, index.segment_readers
    "whoosh.index:FileIndex._segments",
    "whoosh.index:FileIndex._read_toc",
)


class WhooshIncompatible(LecternError):
    """The installed Whoosh lacks something Lectern's index relies on."""


_verified = False  # check_whoosh() found everything


def check_whoosh() -> None:
    """Raise ``WhooshIncompatible`` naming what is missing if this Whoosh lacks any of
    ``WHOOSH_PRIVATE_NAMES``; checked once per process (a failure is checked again next time)."""
    global _verified
    if _verified:
        return
    missing = missing_names(WHOOSH_PRIVATE_NAMES)
    if missing:
        raise WhooshIncompatible(
            f"Lectern needs whoosh-reloaded 2.7.x; this one ({whoosh.versionstring()}) lacks {', '.join(missing)}"
        )
    _verified = True


def missing_names(names: Iterable[str]) -> list[str]:
    """Those of ``names`` (see ``WHOOSH_PRIVATE_NAMES``) this Whoosh lacks, spelled ``module.Attribute.path``."""
    return [name.replace(":", ".").replace("()", "") for name in names if not _present(name)]


def _present(name: str) -> bool:
    module_name, _, path = name.partition(":")
    try:
        found: object = importlib.import_module(module_name)
    except ImportError:
        return False
    owner, instance, attribute = path.rpartition("().")
    if instance:  # an attribute of the instances: look for it in the class's code
        for part in owner.split("."):
            found = getattr(found, part, None)
        return inspect.isclass(found) and attribute in _names_in_methods(found)
    for part in path.split("."):
        if not hasattr(found, part):
            return False
        found = getattr(found, part)
    return True


def _names_in_methods(cls: type) -> set[str]:
    """The attribute names the methods of ``cls`` and its bases (but ``object``) mention."""
    names: set[str] = set()
    for klass in cls.__mro__[:-1]:
        for member in vars(klass).values():
            function = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
            code = getattr(function, "__code__", None)
            if isinstance(code, types.CodeType):
                names.update(_code_names(code))
    return names


def _code_names(code: types.CodeType) -> Iterator[str]:
    yield from code.co_names
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):  # nested functions, comprehensions
            yield from _code_names(constant)
