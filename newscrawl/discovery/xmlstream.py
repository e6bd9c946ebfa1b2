"""Streaming, bounded, entity-safe reading of one XML discovery document (sitemap or feed).

:func:`xml_entries` reads the bytes in four stages, so that neither a hostile nor a broken
document costs more than ``max_bytes`` of work or more memory than one entry:

1. **bytes**: gunzipped when they start with the gzip magic, in chunks, never more than
   ``max_bytes`` in total (a gzip bomb stops there);
2. **text**: decoded incrementally with the document's encoding (byte-order mark, XML
   declaration, else UTF-8), undecodable bytes replaced;
3. **clean text**: everything before the root element is dropped — XML declaration, DOCTYPE
   with its entity declarations, comments, junk a server printed first — so no entity is ever
   declared, let alone expanded (billion laughs, external entities); entity references other
   than XML's five become their character (HTML names such as ``&nbsp;``) or nothing (unknown
   names), a bare ``&`` becomes ``&amp;``, characters XML forbids are removed;
4. **elements**: ``lxml.etree.iterparse`` without recovery, so that it stops at the first real
   error instead of guessing (recovery turns a document cut mid-URL into a cut URL); what came
   before the error is kept and the error is reported. Each element is cleared once read.

:func:`text_lines` gives the lines of a plain-text document through stages 1 and 2.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.entities import html5
from typing import Any, Literal

from lxml import etree

from newscrawl.discovery.links import Link

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = 64 * 1024
# Elements inside one entry (a sitemap <url>, a feed <item>): more is a hostile document.
MAX_ENTRY_ELEMENTS = 2_000
# Characters before the root element (declaration, DOCTYPE, comments).
MAX_PROLOG_CHARS = 1024 * 1024

_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_REFERENCE = re.compile(r"&(?:#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});|([A-Za-z][A-Za-z0-9]{0,31});)?")
_KEPT_NAMES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ROOT_START = re.compile(r"<[^\W\d]")
_CDATA = "<![CDATA["
# A start tag with a colon somewhere (a prefixed name, or a URL in an attribute value).
_PREFIXED_TAG = re.compile(r"<[^\s<>!?/][^<>]*:[^<>]*>")
_PREFIX = re.compile(r"(?:^<|\s)([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*(?=[\s/>=])")
_DECLARATION = re.compile(r"\sxmlns:([A-Za-z_][\w.-]*)\s*=")
UNDECLARED_NAMESPACE = "urn:newscrawl:undeclared:"
# A cut tag is carried into the next chunk up to this length (then parsed as it is).
MAX_HELD_CHARS = 64 * 1024
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)
# The longest reference _REFERENCE knows (carried into the next chunk when cut).
_LONGEST_REFERENCE = 36

Event = Literal["root", "entry"]


@dataclass
class ReadState:
    """How the reading of one document went; filled in while it is read."""

    error: str | None = None  # why the document stopped being readable before its end
    too_large: bool = False  # max_bytes reached: the rest was not read (not an error)


@dataclass
class Collector:
    """The links one document gives, at most ``max_entries``; an entry without a usable link
    is counted in ``bad_urls``, one past the bound in ``dropped``."""

    max_entries: int
    links: list[Link] = field(default_factory=list)
    bad_urls: int = 0
    dropped: int = 0

    def has_room(self) -> bool:
        """Whether one more entry may be read; counts it as dropped when not."""
        if len(self.links) < self.max_entries:
            return True
        self.dropped += 1
        return False

    def add(self, link: Link | None) -> None:
        if link is None:
            self.bad_urls += 1
        else:
            self.links.append(link)

    def outcome(self, state: ReadState) -> dict[str, Any]:
        """The counts of a page: ``bad_urls``, ``truncated``, ``dropped``, ``error``."""
        truncated = state.too_large or self.dropped > 0
        return {"bad_urls": self.bad_urls, "truncated": truncated, "dropped": self.dropped, "error": state.error}


@functools.lru_cache(maxsize=1024)  # tags repeat
def local_name(tag: object) -> str:
    """``{namespace}name`` or ``prefix:name`` as ``name``, lower case ("" for a non-element).

    >>> local_name("{http://www.sitemaps.org/schemas/sitemap/0.9}URL"), local_name("news:title")
    ('url', 'title')
    """
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()


def raw_chunks(body: bytes, max_bytes: int, state: ReadState) -> Iterator[bytes]:
    """``body`` in chunks, gunzipped (all members) when it is gzip data, at most ``max_bytes``."""
    total = 0
    for chunk in _gunzipped(body, state) if body.startswith(GZIP_MAGIC) else _sliced(body):
        if total + len(chunk) > max_bytes:
            state.too_large = True
            if max_bytes > total:
                yield chunk[: max_bytes - total]
            return
        total += len(chunk)
        yield chunk


def _sliced(body: bytes) -> Iterator[bytes]:
    for start in range(0, len(body), CHUNK_BYTES):
        yield body[start : start + CHUNK_BYTES]


def _gunzipped(body: bytes, state: ReadState) -> Iterator[bytes]:
    data = body
    try:
        while data.startswith(GZIP_MAGIC):
            member = zlib.decompressobj(wbits=31)
            while data and not member.eof:
                chunk = member.decompress(data, CHUNK_BYTES)
                if not chunk and data is member.unconsumed_tail:
                    break
                data = member.unconsumed_tail
                if chunk:
                    yield chunk
            if not member.eof:
                state.error = "the gzip data ends early"
                return
            data = member.unused_data
    except zlib.error as error:
        state.error = f"bad gzip data: {error}"


def _encoding(head: bytes) -> str:
    """The encoding named by a byte-order mark or the XML declaration, else UTF-8."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return name
    if head.startswith(b"<\x00") or head.startswith(b"\x00<"):
        return "utf-16-le" if head[0] == ord("<") else "utf-16-be"
    declared = _XML_ENCODING.search(head)
    if declared:
        try:
            return codecs.lookup(declared[1].decode("ascii")).name
        except LookupError:
            pass
    return "utf-8"


def decoded_chunks(body: bytes, max_bytes: int, state: ReadState) -> Iterator[str]:
    """Stages 1 and 2: the document as text, in chunks."""
    chunks = raw_chunks(body, max_bytes, state)
    first = next(chunks, b"")
    decoder = codecs.getincrementaldecoder(_encoding(first[:1024]))(errors="replace")
    for chunk in itertools.chain((first,), chunks):
        text = decoder.decode(chunk)
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def text_lines(body: bytes, max_bytes: int, state: ReadState) -> Iterator[str]:
    """The lines of a plain-text document (stages 1 and 2), stripped, empty ones left out."""
    pending = ""
    for text in decoded_chunks(body, max_bytes, state):
        *lines, pending = (pending + text).splitlines(keepends=True) or [""]
        if pending.endswith(("\n", "\r")):
            lines.append(pending)
            pending = ""
        yield from (line.strip() for line in lines if line.strip())
    if pending.strip():
        yield pending.strip()


def _reference(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if decimal or hexadecimal:
        code = int(decimal) if decimal else int(hexadecimal, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or _NOT_XML_CHARS.match(chr(code)):
            return ""
        return match.group()
    if name is None:
        return "&amp;"  # a bare ampersand
    if name in _KEPT_NAMES:
        return match.group()
    character = html5.get(name + ";")
    return "".join(f"&#{ord(c)};" for c in character) if character else ""


class _Cleaner:
    """Stage 3 on text that arrives in chunks: outside CDATA sections, references fixed, and
    each tag that uses a prefix the document never declared declares it itself (sites write
    ``<news:news>`` and forget ``xmlns:news``; the parser would stop there). Declarations
    are assumed to hold for the rest of the document, as they do on a root element."""

    def __init__(self) -> None:
        self.pending = ""
        self.in_cdata = False
        self.declared = {"xml", "xmlns"}

    def feed(self, text: str, final: bool = False) -> str:
        text, self.pending = self.pending + text, ""
        out = []
        position = 0
        while position < len(text):
            if self.in_cdata:
                end = text.find("]]>", position)
                if end == -1:
                    keep = len(text) if final else max(position, len(text) - 2)
                    out.append(_NOT_XML_CHARS.sub("", text[position:keep]))
                    self.pending = text[keep:]
                    break
                out.append(_NOT_XML_CHARS.sub("", text[position : end + 3]))
                position = end + 3
                self.in_cdata = False
                continue
            start = text.find(_CDATA, position)
            stop = len(text) if start == -1 else start
            if start == -1 and not final:
                stop = _complete_up_to(text, position)
                self.pending = text[stop:]
            out.append(self.clean(text[position:stop]))
            if start == -1:
                break
            out.append(_CDATA)
            position = start + len(_CDATA)
            self.in_cdata = True
        return "".join(out)

    def clean(self, markup: str) -> str:
        markup = _REFERENCE.sub(_reference, _NOT_XML_CHARS.sub("", markup))
        return _PREFIXED_TAG.sub(self.declare_prefixes, markup)

    def declare_prefixes(self, tag: re.Match[str]) -> str:
        text = tag.group()
        self.declared.update(_DECLARATION.findall(text))
        missing = sorted({p for p in _PREFIX.findall(text) if p not in self.declared})
        if not missing:
            return text
        declarations = "".join(f' xmlns:{p}="{UNDECLARED_NAMESPACE}{p}"' for p in missing)
        end = len(text) - (2 if text.endswith("/>") else 1)
        return text[:end] + declarations + text[end:]


def _complete_up_to(text: str, start: int) -> int:
    """Where the text can be cut without splitting a tag, a reference or a CDATA marker."""
    cut = len(text)
    tag = text.rfind("<", start)
    if tag != -1 and text.find(">", tag) == -1 and len(text) - tag < MAX_HELD_CHARS:
        cut = tag
    reference = text.rfind("&", max(start, len(text) - _LONGEST_REFERENCE))
    if reference != -1 and text.find(";", reference) == -1:
        cut = min(cut, reference)
    return cut


def clean_chunks(body: bytes, max_bytes: int, state: ReadState) -> Iterator[str]:
    """Stage 3: the text from the root element on, cleaned (see the module docstring)."""
    cleaner = _Cleaner()
    prolog: str | None = ""
    for text in decoded_chunks(body, max_bytes, state):
        if prolog is not None:
            prolog += text
            root = _root_start(prolog)
            if root is None:
                if len(prolog) > MAX_PROLOG_CHARS:
                    state.error = f"no root element in the first {MAX_PROLOG_CHARS} characters"
                    return
                continue
            # Newlines kept, so that the parser's line numbers stay those of the document.
            yield "\n" * prolog.count("\n", 0, root)
            text, prolog = prolog[root:], None
        yield cleaner.feed(text)
    yield cleaner.feed("", final=True)


def _root_start(prolog: str) -> int | None:
    """Where the root element starts in the text read so far (``None``: not yet known)."""
    position = 0
    while True:
        start = prolog.find("<", position)
        if start == -1:
            return None
        if prolog.startswith("<!--", start):
            end = prolog.find("-->", start + 4)
            if end == -1:
                return None
            position = end + 3
        elif prolog.startswith("<?", start):
            end = prolog.find("?>", start + 2)
            if end == -1:
                return None
            position = end + 2
        elif prolog[start : start + 9].upper() == "<!DOCTYPE":
            doctype = _DOCTYPE.match(prolog, start)
            if doctype is None:
                return None
            position = doctype.end()
        elif _ROOT_START.match(prolog, start):
            return start
        else:
            position = start + 1


class _Source:
    """A file-like view of :func:`clean_chunks` as UTF-8 bytes, for ``iterparse``."""

    def __init__(self, chunks: Iterator[str]):
        self.chunks = chunks
        self.buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buffer) < size:
            text = next(self.chunks, None)
            if text is None:
                break
            self.buffer += text.encode("utf-8")
        if size < 0:
            size = len(self.buffer)
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


def xml_entries(
    body: bytes, entries: frozenset[str], *, max_bytes: int, state: ReadState
) -> Iterator[tuple[Event, str, etree._Element]]:
    """Stage 4: ``("root", name, element)`` once, then ``("entry", name, element)`` for each
    closed element whose :func:`local_name` is in ``entries``, its subtree complete.

    Elements outside entries are cleared as soon as they close, and entries once the caller
    has read them (when the generator resumes), so memory holds one entry at a time. A syntax
    error ends the stream and is reported in ``state.error``; so is an entry holding more than
    :data:`MAX_ENTRY_ELEMENTS` elements.
    """
    parser = etree.iterparse(
        _Source(clean_chunks(body, max_bytes, state)),
        events=("start", "end"),
        recover=False,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    names: list[str] = []
    open_entries = inner_elements = 0
    try:
        for event, element in parser:
            if event == "end":
                name = names.pop()
                if name in entries:
                    open_entries -= 1
                    yield "entry", name, element
                if not open_entries:
                    _forget(element)
                continue
            name = local_name(element.tag)
            names.append(name)
            if len(names) == 1:
                yield "root", name, element
            if name in entries:
                open_entries += 1
                if open_entries == 1:
                    inner_elements = 0
            elif open_entries:
                inner_elements += 1
                if inner_elements > MAX_ENTRY_ELEMENTS:
                    state.error = f"an entry holds more than {MAX_ENTRY_ELEMENTS} elements"
                    return
    except etree.XMLSyntaxError as error:
        if state.error is None and not state.too_large:  # a cut document ends in an error
            state.error = str(error)


def _forget(element: etree._Element) -> None:
    """Free a closed element and the siblings before it (the iterparse idiom)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
