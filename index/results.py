"""What a search gives back: hits, pages whose total may be counted later, and the errors a search raises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from annotations.errors import LecternError


class QueryError(LecternError):
    """A query Lectern cannot run; the message says why in a few words."""


class IndexUnavailable(QueryError):
    """The index could not be read, or is being rebuilt from SQLite; the message says how far the rebuild is."""


def rebuilding_message(progress: float | None, damaged: bool = False) -> str:
    """What a search says while the index is rebuilt: "… is rebuilding (42 %) …"."""
    percent = int((progress or 0.0) * 100)
    what = "was damaged and is rebuilding" if damaged else "is rebuilding"
    return f"The search index {what} ({percent} %) from your library; try again in a moment."


@dataclass(frozen=True)
class Hit:
    """One mention: an occurrence in an article, or a highlight that matches."""

    kind: str  # "article" | "annotation"
    document_id: int
    title: str
    start: int
    end: int
    snippet: str  # HTML-escaped context with each match wrapped in <mark>…</mark>
    tags: tuple[str, ...] = ()
    annotation_id: int | None = None
    color: str = ""
    note: str = ""
    orphaned: bool = False  # a highlight whose passage was lost when its article changed: no position

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        if self.kind != "annotation":
            for key in ("annotation_id", "color", "note"):
                data.pop(key)
        if not self.orphaned:
            data.pop("orphaned")
        return data


class CountedPage:
    """A page of results whose ``total`` (over every page) may be counted later.

    A page of the first results is found without looking at every match, so ``total`` may be given as
    a function that counts them all; it is called once, on first use (off the GUI thread, like the search)."""

    def __init__(self, total: int | Callable[[], int]) -> None:
        self._total = total

    @property
    def total(self) -> int:
        if callable(self._total):
            self._total = self._total()
        return self._total

    @property
    def total_known(self) -> bool:
        """Whether ``total`` is known without counting."""
        return not callable(self._total)


class SearchResult(CountedPage):
    """A page of hits of ``query`` and ``total``, the number of hits in all."""

    def __init__(self, query: str, total: int | Callable[[], int], hits: list[Hit] | None = None) -> None:
        super().__init__(total)
        self.query = query
        self.hits = hits if hits is not None else []

    def to_json(self) -> dict[str, object]:
        return {"query": self.query, "total": self.total, "hits": [hit.to_json() for hit in self.hits]}


@dataclass(frozen=True)
class IndexRebuild:
    """What a rebuild of the index from SQLite covered, and how long it took."""

    documents: int
    highlights: int
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {"documents": self.documents, "highlights": self.highlights, "seconds": round(self.seconds, 3)}
