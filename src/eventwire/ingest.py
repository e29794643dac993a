"""Ingest: turn text files, HTML pages, URLs, RSS/Atom feeds and JSONL corpora into ``Article`` objects.

Every source yields articles or ``ErrorRecord`` objects in order; a source that fails is reported in place
and the rest go on, so nothing is silently lost. Nothing is fetched or parsed at import time.
"""

from __future__ import annotations

import codecs
import datetime as dt
import http.client
import ipaddress
import json
import logging
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO, Literal

from eventwire import __version__
from eventwire.models import Article, ErrorRecord, article_id, normalise_text

NAME = "ingest.v1"

log = logging.getLogger(__name__)

USER_AGENT = f"eventwire/{__version__} (news event extraction)"
TIMEOUT_S = 20.0
MAX_BYTES = 10 * 1024 * 1024  # per fetched page, text or HTML file (larger ones are cut, with a warning)
MAX_REDIRECTS = 5
MAX_FEED_ENTRIES = 1000
MAX_ID_CHARS = 500
ACCEPT_ENCODING = "gzip, deflate"
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,text/plain;q=0.9,*/*;q=0.5"
FALLBACK_ENCODINGS: tuple[str, ...] = ("cp1252", "latin_1", "cp1256")

Kind = Literal["text", "html", "jsonl", "feed"]
Result = Article | ErrorRecord

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
DIRECTORY_SUFFIXES = frozenset({".txt", ".html", ".htm", ".jsonl"})


class IngestError(Exception):
    """A source that cannot be read; its message is meant for people."""


@dataclass(frozen=True)
class Meta:
    """Metadata given by the caller: each value, when set, overrides what the source says."""

    published: dt.date | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    charset: str | None
    data: bytes


Fetcher = Callable[[str], Fetched]


def read_sources(
    sources: Sequence[str],
    *,
    published: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    fetch_links: bool = True,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_BYTES,
    stdin: BinaryIO | None = None,
    allow_private: bool = True,
) -> Iterator[Result]:
    """Yield one ``Article`` or ``ErrorRecord`` per article found in ``sources``, in order.

    A source is a file path, a directory (its .txt/.html/.htm/.jsonl files, sorted), ``-`` for stdin, an
    ``http(s)://`` URL, or an RSS/Atom feed (URL or .xml/.rss/.atom file). ``published``, ``source`` and
    ``url`` override the metadata found in the sources. With ``fetch_links`` false, feed entries are read
    from their summary or content instead of fetching their link. With ``allow_private`` false, URLs (and
    redirects) to loopback, private, link-local and other non-public addresses are refused (for servers).
    """
    meta = Meta(published=published, source=source, url=url)

    def fetcher(target: str) -> Fetched:
        return fetch(target, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)

    for spec in sources:
        yield from _read_one(spec, meta, fetcher, fetch_links, stdin)


def _read_one(
    spec: str, meta: Meta, fetcher: Fetcher, fetch_links: bool, stdin: BinaryIO | None
) -> Iterator[Result]:
    try:
        if spec == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield from read_bytes(
                data, sniff_kind(data), origin="<stdin>", meta=meta, fetcher=fetcher, fetch_links=fetch_links
            )
        elif is_url(spec):
            got = fetcher(spec)
            yield from read_bytes(
                got.data,
                kind_of_response(got),
                origin=got.url,
                meta=meta,
                charset=got.charset,
                fetcher=fetcher,
                fetch_links=fetch_links,
            )
        else:
            path = Path(spec)
            if path.is_dir():
                for child in directory_files(path):
                    yield from _read_one(str(child), meta, fetcher, fetch_links, stdin)
            elif path.is_file():
                data = path.read_bytes()
                kind = kind_of_path(path, data)
                if kind in ("text", "html") and len(data) > MAX_BYTES:
                    log.warning("%s: %s bytes, cut to the first %s", spec, f"{len(data):,}", f"{MAX_BYTES:,}")
                    data = cut_bytes(data, MAX_BYTES)
                yield from read_bytes(
                    data,
                    kind,
                    origin=str(path),
                    meta=meta,
                    fetcher=fetcher,
                    fetch_links=fetch_links,
                )
            else:
                raise IngestError(f"no such file, directory or URL: {spec}")
    except IngestError as exc:
        shown = clean_str(redact(spec))
        yield ErrorRecord(id=shown, error=str(exc), source=shown)
    except OSError as exc:
        shown = clean_str(redact(spec))
        yield ErrorRecord(id=shown, error=f"cannot read {shown}: {exc.strerror or exc}", source=shown)
    except Exception as exc:  # a parser failing on hostile input: reported in place, the batch goes on
        log.debug("%s failed", spec, exc_info=True)
        shown = clean_str(redact(spec))
        yield ErrorRecord(id=shown, error=f"cannot read {shown}: {type(exc).__name__}: {exc}", source=shown)


def cut_bytes(data: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes, backed off to a line or word break so no UTF-8 character is split."""
    head = data[:limit]
    for stop in (b"\n", b" "):
        at = head.rfind(stop, max(0, limit - 65536))
        if at > 0:
            return head[:at]
    while head and (head[-1] & 0xC0) == 0x80:  # a continuation byte: drop the partial character
        head = head[:-1]
    return head[:-1] if head and head[-1] >= 0xC0 else head


def read_bytes(
    data: bytes,
    kind: Kind,
    *,
    origin: str,
    meta: Meta = Meta(),
    charset: str | None = None,
    fetcher: Fetcher | None = None,
    fetch_links: bool = True,
) -> Iterator[Result]:
    """Read one source's bytes as ``kind``; ``origin`` (path or URL) names it in error records."""
    if kind == "jsonl":
        yield from read_jsonl(decode_bytes(data, charset).splitlines(), origin=origin, meta=meta)
    elif kind == "feed":
        yield from read_feed(data, origin=origin, meta=meta, fetcher=fetcher if fetch_links else None)
    elif kind == "html":
        page_url = origin if is_url(origin) else None
        yield article_from_html(decode_html(data, charset), origin=origin, url=page_url, meta=meta)
    else:
        yield make_article(decode_bytes(data, charset), origin=origin, meta=meta)


# --- Building articles -------------------------------------------------------------------------------------


def make_article(
    text: str,
    *,
    origin: str,
    meta: Meta = Meta(),
    id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
) -> Result:
    """An ``Article`` from text and metadata (``meta`` wins); an ``ErrorRecord`` when empty. Control
    characters (other than tab and line ends) and unpaired surrogates are removed from every string."""
    clean = normalise_text(clean_str(text, keep_lines=True))
    id = clean_str(id) or None
    if not clean:
        return ErrorRecord(id=id or clean_str(origin), error="empty text: nothing to extract",
                           source=clean_str(origin))
    title = clean_str(title)
    return Article(
        id=id or article_id(clean),
        url=clean_str(meta.url or url) or None,
        title=title or None,
        source=clean_str(meta.source or source) or None,
        published=meta.published or published,
        language=language or "en",
        text=clean,
    )


def article_from_html(
    html: str,
    *,
    origin: str,
    url: str | None = None,
    meta: Meta = Meta(),
    title: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
) -> Result:
    """The main text and metadata of an HTML page, via trafilatura; ``title``/``published``/``source``
    fill what the page lacks."""
    import trafilatura  # imported on use: it loads lxml and its extractors

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None:
        return ErrorRecord(id=origin, error="no main text found in the HTML page", source=origin)
    found: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = str(found.get("text") or "")
    return make_article(
        text,
        origin=origin,
        meta=meta,
        url=str(found.get("url") or url or "") or None,
        title=_str_or_none(found.get("title")) or title,
        source=_sitename(found) or source or _str_or_none(found.get("hostname")),
        published=parse_date(found.get("date")) or published,
        language=_str_or_none(found.get("language")),
    )


def _sitename(found: dict[str, Any]) -> str | None:
    """The outlet's name as the page states it; trafilatura falls back to the host name, which is not one."""
    name = _str_or_none(found.get("sitename"))
    url = _str_or_none(found.get("url"))
    hosts = {_str_or_none(found.get("hostname")), urllib.parse.urlsplit(url).netloc if url else None}
    return None if name in hosts else name


def read_jsonl(lines: Iterable[str], *, origin: str, meta: Meta = Meta()) -> Iterator[Result]:
    """One article per JSON object line (``id``, ``text``, optional ``published``, ``url``, ``title``,
    ``source``, ``language``); a malformed line yields an ``ErrorRecord`` and the rest go on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fallback_id = f"line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(
                id=fallback_id, error=f"malformed JSON on line {number}: {exc.msg}", source=origin
            )
            continue
        if not isinstance(obj, dict):
            yield ErrorRecord(id=fallback_id, error=f"line {number} is not a JSON object", source=origin)
            continue
        raw_id = obj.get("id")
        if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
            yield ErrorRecord(id=fallback_id, error=f"line {number}: id must be a string or an integer",
                              source=origin)
            continue
        item_id = clean_str(str(raw_id)) if raw_id not in (None, "") else None
        if item_id is not None and len(item_id) > MAX_ID_CHARS:
            yield ErrorRecord(id=fallback_id, error=f"line {number}: id longer than {MAX_ID_CHARS} characters",
                              source=origin)
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield ErrorRecord(id=item_id or fallback_id, error=f"line {number} has no text", source=origin)
            continue
        try:
            published = parse_date(obj.get("published"), strict=True)
        except ValueError as exc:
            yield ErrorRecord(id=item_id or fallback_id, error=f"line {number}: {exc}", source=origin)
            continue
        yield make_article(
            text,
            origin=origin,
            meta=meta,
            id=item_id,
            url=_str_or_none(obj.get("url")),
            title=_str_or_none(obj.get("title")),
            source=_str_or_none(obj.get("source")),
            published=published,
            language=_str_or_none(obj.get("language")),
        )


def read_feed(
    data: bytes, *, origin: str, meta: Meta = Meta(), fetcher: Fetcher | None = None
) -> Iterator[Result]:
    """The articles of an RSS or Atom feed: each entry's link is fetched (when ``fetcher`` is given and the
    link is http(s)); the entry's title and date fill what the page lacks. An entry whose fetch fails yields
    an ``ErrorRecord``; an entry with no fetchable link is read from its content or summary."""
    import feedparser  # imported on use

    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo"):
        raise IngestError(f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
    outlet = _str_or_none(parsed.feed.get("title"))
    if len(parsed.entries) > MAX_FEED_ENTRIES:
        log.warning("%s: %d entries, only the first %d are read", origin, len(parsed.entries), MAX_FEED_ENTRIES)
    for number, entry in enumerate(parsed.entries[:MAX_FEED_ENTRIES], start=1):
        try:
            yield _feed_entry(entry, number, origin=origin, meta=meta, fetcher=fetcher, outlet=outlet)
        except Exception as exc:  # one hostile entry must not lose the others
            log.debug("%s entry %d failed", origin, number, exc_info=True)
            yield ErrorRecord(id=f"{origin}#entry{number}", error=f"{type(exc).__name__}: {exc}", source=origin)


def _feed_entry(
    entry: Any, number: int, *, origin: str, meta: Meta, fetcher: Fetcher | None, outlet: str | None
) -> Result:
    """One feed entry: its fetched link, else its content or summary, else an error record."""
    link = _str_or_none(entry.get("link"))
    title = _str_or_none(entry.get("title"))
    published = _entry_date(entry)
    entry_id = clean_str(link or _str_or_none(entry.get("id")) or f"{origin}#entry{number}")
    if link and fetcher is not None and is_url(link):
        try:
            got = fetcher(link)
        except IngestError as exc:
            return ErrorRecord(id=entry_id, error=str(exc), source=origin)
        kind = kind_of_response(got)
        if kind == "html":
            return article_from_html(decode_html(got.data, got.charset), origin=got.url, url=got.url, meta=meta,
                                     title=title, published=published, source=outlet)
        if kind == "text":
            return make_article(decode_bytes(got.data, got.charset), origin=got.url, meta=meta, url=got.url,
                                title=title, published=published, source=outlet)
        return ErrorRecord(id=entry_id, error=f"entry link is not an article page ({got.content_type})",
                           source=origin)
    text = _entry_text(entry)
    if not text.strip():
        return ErrorRecord(id=entry_id, error="feed entry has no fetchable link and no content", source=origin)
    return make_article(text, origin=entry_id, meta=meta, url=link, title=title, published=published,
                        source=outlet)


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    for content in contents:
        value = content.get("value")
        if value:
            return html_to_text(str(value))
    summary = entry.get("summary")
    return html_to_text(str(summary)) if summary else ""


# --- Fetching ----------------------------------------------------------------------------------------------


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


class UnsafeURL(IngestError):
    """A URL refused before any byte is sent: a non-http scheme, credentials, or a non-public address."""


def redact(url: str) -> str:
    """``url`` without the user name and password it may carry (never echoed into logs or records)."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def check_url(url: str, *, allow_private: bool = True) -> None:
    """Refuse (``UnsafeURL``) what eventwire never fetches: non-http(s) schemes, URLs with credentials, and,
    unless ``allow_private``, hosts that resolve to loopback, private, link-local, multicast, reserved or
    unspecified addresses (every address the name resolves to is checked)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURL(f"{redact(url)}: only http and https URLs are fetched")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL(f"{redact(url)}: URLs with credentials are refused")
    host = parts.hostname
    if not host:
        raise UnsafeURL(f"{url}: no host name")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise IngestError(f"{url}: cannot resolve {host} ({exc})") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise UnsafeURL(f"{url}: {host} is a non-public address ({address}); refused")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``MAX_REDIRECTS`` redirects, each target checked like the first URL."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Any, newurl: str) -> urllib.request.Request | None:
        check_url(newurl, allow_private=self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_body(response: Any, url: str, *, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, decompressed (gzip, deflate) within ``max_bytes``, read before ``deadline``."""
    encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
    inflate = None
    if encoding in ("gzip", "x-gzip"):
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflate = zlib.decompressobj()
    elif encoding not in ("", "identity"):
        raise IngestError(f"{url}: unsupported Content-Encoding {encoding!r}")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise IngestError(f"{url}: timed out after {timeout:g} s (the body never ended)")
        raw = response.read1(65536)
        if not raw:
            break
        if inflate is not None:
            try:
                raw = inflate.decompress(raw, max_bytes + 1 - size)
            except zlib.error as exc:
                raise IngestError(f"{url}: corrupt {encoding} body ({exc})") from exc
            if inflate.unconsumed_tail:
                raw += b"x"  # more output is waiting: over the limit
        size += len(raw)
        if size > max_bytes:
            what = "decompressed body" if inflate is not None else "body"
            raise IngestError(f"{url}: {what} larger than the {max_bytes:,}-byte limit")
        chunks.append(raw)
    return b"".join(chunks)


def fetch(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES,
          allow_private: bool = True) -> Fetched:
    """GET ``url`` with eventwire's User-Agent, at most ``MAX_REDIRECTS`` redirects, ``timeout`` seconds in
    all, and ``max_bytes`` of (decompressed) body; raises ``IngestError``. ``allow_private`` false refuses
    non-public addresses, redirects included (see :func:`check_url`)."""
    check_url(url, allow_private=allow_private)
    shown = redact(url)
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
    )
    opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            data = _read_body(response, shown, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
            headers = response.headers
            return Fetched(
                url=response.geturl(),
                content_type=headers.get_content_type(),
                charset=headers.get_content_charset(),
                data=data,
            )
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise IngestError(f"{shown}: too many redirects (a loop, or more than {MAX_REDIRECTS})") from exc
        raise IngestError(f"{shown}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise IngestError(f"{shown}: cannot fetch ({exc.reason})") from exc
    except TimeoutError as exc:
        raise IngestError(f"{shown}: timed out after {timeout:g} s") from exc
    except (OSError, http.client.HTTPException, ValueError, UnicodeError) as exc:
        raise IngestError(f"{shown}: cannot fetch ({type(exc).__name__}: {exc})") from exc


_NOT_ARTICLES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                 "application/octet-stream", "application/gzip", "application/x-gzip", "application/x-tar",
                 "application/x-7z", "application/x-rar", "application/x-msdownload", "application/vnd.")


def kind_of_response(got: Fetched) -> Kind:
    """HTML, text, feed or JSONL from the content type; sniffed from the bytes when the type says little.
    Raises ``IngestError`` for binary types (images, PDF, archives, office documents)."""
    ctype = got.content_type.lower()
    if ctype.startswith(_NOT_ARTICLES) and not ctype.endswith("+xml"):
        raise IngestError(f"{redact(got.url)}: not an article page or text ({ctype})")
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if ctype in _JSONL_TYPES:
        return "jsonl"
    if ctype == "text/plain":
        return "text"
    return sniff_kind(got.data)


_JSONL_TYPES = ("application/jsonl", "application/x-ndjson", "application/jsonlines", "application/x-jsonlines")


def kind_of_path(path: Path, data: bytes) -> Kind:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return sniff_kind(data)


_FEED_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_RE = re.compile(rb"<(!doctype html|html|head|body)[\s>]", re.IGNORECASE)


def sniff_kind(data: bytes) -> Kind:
    """Guess the kind of unlabelled bytes (stdin, unknown extensions, vague content types)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if _FEED_RE.search(head):
            return "feed"
        if _HTML_RE.search(head):
            return "html"
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    return "text"


def directory_files(path: Path) -> list[Path]:
    """The readable files under ``path`` (recursively), sorted; hidden files and folders are skipped."""
    found = [
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in DIRECTORY_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    ]
    return sorted(found)


# --- Decoding ----------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode text: a BOM, then the declared charset, then UTF-8, then the most plausible of cp1252,
    latin-1 and cp1256. Raises ``IngestError`` for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if data.count(b"\x00") > max(8, len(data) // 100):
        raise IngestError("binary data, not text (it contains NUL bytes)")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise IngestError("binary data, not text (it contains NUL bytes)")
    from charset_normalizer import from_bytes  # a dependency of trafilatura; imported on use

    best = from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is None:
        raise IngestError("cannot decode the text: not UTF-8, cp1252, latin-1 or cp1256")
    text = str(best)
    if len(text) >= 200 and sum(c.isspace() for c in text[:20000]) < 0.02 * min(len(text), 20000):
        raise IngestError("binary data, not text (not UTF-8, and no word breaks in any legacy encoding)")
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML page with the HTTP charset, else its ``<meta charset>``, else as text."""
    if not declared:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else None
    return decode_bytes(data, declared)


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of a small HTML fragment (a feed entry's summary), with block elements as line breaks."""
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- Small helpers -----------------------------------------------------------------------------------------


def parse_date(value: object, *, strict: bool = False) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` or ISO 8601 date-time; ``None`` if absent or (unless strict) unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            if strict:
                raise ValueError(f"published is not an ISO date (YYYY-MM-DD): {text!r}") from None
            return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_str(value: str | None, *, keep_lines: bool = False) -> str:
    """``value`` without control characters (tabs and line ends kept when ``keep_lines``) and unpaired
    surrogates, which no store or JSON consumer accepts."""
    if not value:
        return ""
    return (_CONTROL if keep_lines else _CONTROL_ONE_LINE).sub("", value)


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = clean_str(str(value)).strip()
    return text or None
