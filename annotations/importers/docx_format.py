"""Word (.docx) files: the body's headings, paragraphs, lists and tables, with title, author and date.

The package is checked for zip bombs before python-docx opens it (``docx_package``); the body is
rendered to HTML by ``docx_render``. Headers, footers, footnotes, comments and text boxes are not
imported: they are not part of the reading text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from pathlib import Path

import docx
from docx.document import Document
from lxml.etree import LxmlError

from annotations.errors import ImportRefused
from annotations.importers.document_builder import build_document
from annotations.importers.docx_package import MAX_DOCX_BYTES, check_package
from annotations.importers.docx_render import render_body
from annotations.models import ParsedDocument

__all__ = ["MAX_DOCX_BYTES", "parse_docx"]


def parse_docx(path: Path, data: bytes) -> ParsedDocument:
    """Import the Word document ``data``; raises ImportRefused with a one-line reason naming the file."""
    name = path.name
    check_package(data, name)
    document = _open(data, name)
    try:
        body = render_body(document, name)
    except (LxmlError, KeyError, ValueError, AttributeError, TypeError) as error:
        raise ImportRefused(f"{name}: the document's content is damaged ({_reason(error)})") from error
    title, author, published = _core_properties(document)
    return build_document(
        path,
        body.html,
        format="docx",
        title=title or body.title,
        byline=author,
        published=published,
    )


def _open(data: bytes, name: str) -> Document:
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
        raise ImportRefused(f"{name}: the .docx file is damaged or truncated ({_reason(error)})") from error
    except NotImplementedError as error:  # zipfile: a compression method it cannot inflate
        raise ImportRefused(f"{name}: the .docx file is packed in a way Lectern cannot unpack ({_reason(error)})") from error
    except RuntimeError as error:  # zipfile: "File ... is encrypted, password required for extraction"
        raise ImportRefused(
            f"{name}: parts of the .docx file are encrypted; save it from Word as an unprotected .docx"
        ) from error
    except (KeyError, ValueError) as error:  # no main document part, or another Office file type
        raise ImportRefused(f"{name}: not a Word document ({_what_else(error)})") from error
    except (LxmlError, AttributeError, TypeError) as error:
        raise ImportRefused(f"{name}: the document's XML is damaged ({_reason(error)})") from error


def _core_properties(document: Document) -> tuple[str, str, str]:
    """Title, author and date (created, else modified) from the package's core properties."""
    try:
        properties = document.core_properties
        title, author = properties.title or "", properties.author or ""
        date = properties.created or properties.modified
    except (LxmlError, KeyError, ValueError, AttributeError, TypeError):
        return "", "", ""
    published = date.date().isoformat() if isinstance(date, dt.datetime) else ""
    return title.strip(), author.strip(), published


def _what_else(error: BaseException) -> str:
    message = str(error)
    if "spreadsheetml" in message:
        return "it is a spreadsheet"
    if "presentationml" in message:
        return "it is a presentation"
    if "content type is" in message:
        return "it is another kind of Office file"
    return _reason(error)


def _reason(error: BaseException) -> str:
    """The error in a user's words: Python's own messages for these ("'utf-8' codec can't decode byte 0xaf",
    "Error -3 while decompressing data", "object has no attribute 'body'") say nothing to a reader."""
    if isinstance(error, UnicodeError):
        return "a part's text is not in the encoding it declares"
    if isinstance(error, zlib.error):
        return "a part's compressed data is corrupt"
    if isinstance(error, (AttributeError, TypeError, KeyError, IndexError)):
        return "its parts are not laid out as Word lays them out"
    message = " ".join(str(error).split())[:120]
    return message or type(error).__name__
