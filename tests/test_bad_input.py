"""A catalogue of bad input: each case gives a correct result or a clear error record, and never crashes,
hangs or loses the articles around it.

Every case runs inside a batch between two good reports (``BEFORE`` and ``AFTER``) and checks that both come
out extracted. Pages are served by a local ``http.server`` on 127.0.0.1; nothing touches the network. The
sentences are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.server
import json
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from eventwire.extract import MAX_CHARS, Extractor, Resources
from eventwire.ingest import MAX_FEED_ENTRIES, fetch, read_jsonl, read_sources
from eventwire.models import Article, ErrorRecord, Extraction
from eventwire.store import Store

BEFORE = "Rebel fighters shelled a market in Kidal on Monday, killing four traders, the town's mayor said."
AFTER = "Police arrested 12 protesters in Nairobi on Tuesday after a march against new taxes, witnesses said."
PUBLISHED = dt.date(2024, 3, 6)

Item = Article | ErrorRecord
Result = Extraction | ErrorRecord


def _good(name: str, text: str) -> Article:
    return Article(id=name, text=text, published=PUBLISHED)


def run_between(extractor: Extractor, middle: Sequence[Item]) -> list[Result]:
    """Extract ``middle`` between two good reports; check the neighbours survive; return the middle."""
    results = list(extractor.extract_many([_good("before", BEFORE), *middle, _good("after", AFTER)],
                                          batch_size=4))
    assert len(results) == len(middle) + 2, "an article was lost or doubled"
    first, last = results[0], results[-1]
    assert isinstance(first, Extraction) and first.article.id == "before" and first.figures
    assert isinstance(last, Extraction) and last.article.id == "after" and last.figures
    return results[1:-1]


def read_between(sources: Sequence[str], tmp_path: Path, **options: object) -> list[Item]:
    """Read ``sources`` between two good text files; check both neighbours are read; return the middle."""
    before, after = tmp_path / "0-before.txt", tmp_path / "9-after.txt"
    before.write_text(BEFORE, encoding="utf-8")
    after.write_text(AFTER, encoding="utf-8")
    items = list(read_sources([str(before), *sources, str(after)], published=PUBLISHED, **options))  # type: ignore[arg-type]
    assert isinstance(items[0], Article) and items[0].text == BEFORE
    assert isinstance(items[-1], Article) and items[-1].text == AFTER
    return items[1:-1]


def one_error(items: Sequence[Item], *words: str) -> ErrorRecord:
    assert len(items) == 1 and isinstance(items[0], ErrorRecord), items
    for word in words:
        assert word.lower() in items[0].error.lower(), items[0].error
    return items[0]


def spans_match(result: Result) -> None:
    """Every evidence span of an extraction is the article text at its offsets."""
    assert isinstance(result, Extraction)
    text = result.article.text
    spans = [s for e in result.events for s in e.evidence] + [s for f in result.figures for s in f.evidence]
    for span in spans:
        assert text[span.start : span.end] == span.text


# --- text -------------------------------------------------------------------------------------------------


def test_empty_and_whitespace_only_text(extractor: Extractor, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text(" \n\t \r\n  \u00a0\n", encoding="utf-8")
    items = read_between([str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt")], tmp_path)
    assert [isinstance(i, ErrorRecord) and "empty" in i.error for i in items] == [True, True]
    out = run_between(extractor, [Article(id="ws", text="   \n  ")])
    assert isinstance(out[0], ErrorRecord) and out[0].id == "ws"


def test_binary_bytes_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "high.txt").write_bytes(bytes((i * 37) % 128 + 128 for i in range(6000)))
    items = read_between([str(tmp_path / "nul.txt"), str(tmp_path / "high.txt")], tmp_path)
    assert all(isinstance(i, ErrorRecord) and ("binary" in i.error or "cannot decode" in i.error)
               for i in items), items


def test_fifty_megabyte_text_is_cut_not_fatal(extractor: Extractor, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    line = "The weather stayed calm over the valley while farmers carried grain to the market town. "
    big = tmp_path / "big.txt"
    big.write_text(line * (50_000_000 // len(line)), encoding="utf-8")
    started = time.monotonic()
    items = read_between([str(big)], tmp_path)
    (out,) = run_between(extractor, items)
    assert isinstance(out, Extraction)
    assert "cut to the first" in caplog.text and f"cut to {MAX_CHARS} characters" in caplog.text
    assert time.monotonic() - started < 30


def test_hundred_thousand_character_sentence(extractor: Extractor) -> None:
    words = ["convoy", "road", "river", "soldiers", "watched", "the", "moved", "near", "while", "along"]
    text = " ".join(words[(i * 7) % len(words)] for i in range(17_000))[:100_000]
    (out,) = run_between(extractor, [_good("long", text)])
    assert isinstance(out, Extraction) or "timed out" in out.error
    if isinstance(out, Extraction):
        spans_match(out)


@pytest.mark.parametrize("name,text", [
    ("arabic", "قال مسؤول محلي إن القصف على المدينة أدى إلى مقتل سبعة أشخاص يوم الاثنين."),
    ("cyrillic", "Во вторник в результате обстрела города погибли три человека, сообщили местные власти."),
    ("cjk", "星期二，该市遭到炮击，造成三人死亡，地方官员说。ソウルでは抗議デモが行われた。"),
    ("mixed-rtl", "Residents of \u202bحلب\u202c said 5 people were killed when shells hit the "
                  "\u200fسوق\u200f market on Sunday, according to a doctor named \u05d3\u05d5\u05d3."),
])
def test_other_scripts_and_right_to_left(extractor: Extractor, name: str, text: str) -> None:
    (out,) = run_between(extractor, [_good(name, text)])
    assert isinstance(out, Extraction)
    spans_match(out)
    if name == "mixed-rtl":
        assert any(f.best == 5 and f.kind == "killed" for f in out.figures)


def test_control_characters_are_removed(extractor: Extractor, tmp_path: Path) -> None:
    noisy = tmp_path / "noisy.txt"
    noisy.write_text("Gunmen\x00 killed\x07 six\x1b villagers\x7f in\x0c Zamfara\x85 on Friday, police said.",
                     encoding="utf-8")
    (item,) = read_between([str(noisy)], tmp_path)
    assert isinstance(item, Article)
    assert item.text == "Gunmen killed six villagers in Zamfara on Friday, police said."
    (out,) = run_between(extractor, [item])
    assert isinstance(out, Extraction) and any(f.best == 6 for f in out.figures)


def test_latin1_and_cp1256_files(tmp_path: Path) -> None:
    latin = "Médecins Sans Frontières a soigné 40 blessés à Bogotá, a déclaré le directeur de l'hôpital."
    arabic = "قال مسؤول محلي إن القصف أدى إلى مقتل سبعة أشخاص في المدينة يوم الاثنين الماضي"
    (tmp_path / "latin.txt").write_bytes(latin.encode("latin-1"))
    (tmp_path / "arabic.txt").write_bytes(arabic.encode("cp1256"))
    (tmp_path / "utf16.txt").write_bytes(latin.encode("utf-16"))
    items = read_between([str(tmp_path / n) for n in ("latin.txt", "arabic.txt", "utf16.txt")], tmp_path)
    assert [i.text if isinstance(i, Article) else i for i in items] == [latin, arabic, latin]


def test_impossible_dates(extractor: Extractor) -> None:
    text = ("Officials said on 31 February that 3 people died in the clashes of 30 February 2023, and that "
            "the dam would hold until the year 9999. The 45th of Octember was also named.")
    (out,) = run_between(extractor, [_good("dates", text)])
    assert isinstance(out, Extraction)
    for mention in out.mentions.times:
        assert mention.date is None or mention.date.year < 9999 or mention.date == dt.date(9999, 1, 1)
    (far,) = run_between(extractor, [Article(id="far", text="Troops will withdraw next year, and 2 soldiers "
                                             "were killed yesterday.", published=dt.date(9999, 12, 31))])
    assert isinstance(far, Extraction) or "9999" in far.error or "year" in far.error.lower()


def test_future_publication_date(extractor: Extractor) -> None:
    (out,) = run_between(extractor, [Article(id="future", text="Shelling killed 3 people in Homs yesterday.",
                                             published=dt.date(2999, 5, 2))])
    assert isinstance(out, Extraction)
    assert any(t.date == dt.date(2999, 5, 1) for t in out.mentions.times if t.date)


def test_ten_thousand_numbers_and_the_time_limit(resources: Resources) -> None:
    numbers = "Casualty tallies read " + ", ".join(str(n) for n in range(10_000)) + "."
    quick = Extractor(resources, time_limit=1.0)
    started = time.monotonic()
    (out,) = run_between(quick, [_good("numbers", numbers)])
    assert time.monotonic() - started < 40
    assert isinstance(out, Extraction) or out.error.startswith("timed out: extraction took longer than 1 s")
    slow = numbers.replace(", ", " people were killed, ")[:60_000]
    (late,) = run_between(Extractor(resources, time_limit=0.2), [_good("slow", slow)])
    assert isinstance(late, ErrorRecord) and late.id == "slow" and "timed out" in late.error


def test_only_punctuation_and_digits(extractor: Extractor) -> None:
    out = run_between(extractor, [_good("punct", "!!! ??? ... ;;; --- ((( )))"), _good("digits", "4 5 6 7 8 9")])
    assert all(isinstance(o, Extraction) for o in out)


# --- HTML ---------------------------------------------------------------------------------------------


def test_html_scripts_are_not_text(tmp_path: Path) -> None:
    page = ("<html><head><title>Strike</title><script>var killed = 999; alert('x')</script>"
            "<style>p{color:red}</style></head><body><article><p>An air strike hit a bakery in Taiz on "
            "Sunday, killing nine people, medics said. Residents said the queue had formed before dawn and "
            "that rescuers searched the rubble for hours.</p><script>document.write('injected')</script>"
            "</article></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (item,) = read_between([str(tmp_path / "page.html")], tmp_path)
    assert isinstance(item, Article) and "bakery in Taiz" in item.text
    assert "alert" not in item.text and "injected" not in item.text and "999" not in item.text


def test_deeply_nested_html(tmp_path: Path) -> None:
    page = ("<html><body>" + "<div>" * 20_000 + "<p>Floods displaced 300 families in Beira on Monday, the "
            "mayor said, and more rain is expected over the weekend across the province.</p>" + "</div>" * 20_000
            + "</body></html>")
    (tmp_path / "nested.html").write_text(page, encoding="utf-8")
    (item,) = read_between([str(tmp_path / "nested.html")], tmp_path)
    assert (isinstance(item, Article) and "Beira" in item.text) or isinstance(item, ErrorRecord)


def test_html_without_main_text(tmp_path: Path) -> None:
    (tmp_path / "nav.html").write_text("<html><body><nav></nav><script>go()</script></body></html>",
                                       encoding="utf-8")
    one_error(read_between([str(tmp_path / "nav.html")], tmp_path))


# --- JSONL --------------------------------------------------------------------------------------------


def test_jsonl_bad_lines_keep_their_neighbours() -> None:
    lines = [
        json.dumps({"id": "a", "text": BEFORE}),
        '{"id": "broken", "text": "no end',                          # malformed
        "[1, 2, 3]",                                                 # not an object
        json.dumps({"id": {"nested": 1}, "text": "Text."}),          # id not a string
        json.dumps({"id": True, "text": "Text."}),                   # id a boolean
        json.dumps({"id": 42, "text": "Five soldiers died in Gao."}),  # an integer id is fine
        json.dumps({"id": "nul", "text": "Five\u0000 soldiers died in Gao."}),
        json.dumps({"id": "surrogate\ud800", "text": "Two\udc00 soldiers died in Mopti."}),
        json.dumps({"id": "no-text", "title": "Only a title"}),
        json.dumps({"id": "bad-date", "text": "Text.", "published": "2023-02-31"}),
        json.dumps({"id": "x" * 600, "text": "Text."}),
        json.dumps({"id": "b", "text": AFTER}),
    ]
    items = list(read_jsonl(lines, origin="test.jsonl"))
    assert len(items) == len(lines)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ErrorRecord", "ErrorRecord", "ErrorRecord", "ErrorRecord", "Article", "Article",
                     "Article", "ErrorRecord", "ErrorRecord", "ErrorRecord", "Article"]
    assert items[5].id == "42"
    assert isinstance(items[6], Article) and items[6].text == "Five soldiers died in Gao."
    assert isinstance(items[7], Article) and items[7].id == "surrogate" and "\udc00" not in items[7].text
    assert "malformed JSON on line 2" in items[1].error  # type: ignore[union-attr]
    assert "not an ISO date" in items[9].error  # type: ignore[union-attr]


def test_surrogates_and_nul_reach_the_store(extractor: Extractor, tmp_path: Path) -> None:
    lines = [json.dumps({"id": "s\ud83d", "text": "Three\ud800 soldiers died\u0000 in Mopti on Monday."})]
    results = run_between(extractor, list(read_jsonl(lines, origin="x.jsonl")))
    with Store.open(tmp_path / "s.sqlite") as store:
        store.write(results, "test")
        assert [a.id for a in store.articles()] == ["s"]
        assert store.check() == []


def test_over_long_jsonl_line(tmp_path: Path) -> None:
    corpus = tmp_path / "long.jsonl"
    long_text = "Shells fell on the port all night. " * 60_000  # 2.1 MB on one line
    corpus.write_text("\n".join([json.dumps({"id": "long", "text": long_text}),
                                 json.dumps({"id": "short", "text": AFTER})]) + "\n", encoding="utf-8")
    items = read_between([str(corpus)], tmp_path)
    assert [i.id for i in items] == ["long", "short"] and all(isinstance(i, Article) for i in items)


# --- feeds --------------------------------------------------------------------------------------------


def test_invalid_feed(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_bytes(b"<rss><channel><item><title>Broken &nope; <<<")
    items = read_between([str(tmp_path / "feed.xml")], tmp_path)
    assert all(isinstance(i, ErrorRecord) for i in items) or all(isinstance(i, Article) for i in items)


def test_huge_feed_is_capped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    entries = "".join(f"<item><title>Report {n}</title><description>Clashes near Gao left {n % 50 + 1} dead, "
                      f"officials said in report {n}.</description></item>" for n in range(MAX_FEED_ENTRIES + 300))
    (tmp_path / "huge.rss").write_text(f"<rss version='2.0'><channel><title>Wire</title>{entries}</channel></rss>",
                                       encoding="utf-8")
    items = read_between([str(tmp_path / "huge.rss")], tmp_path, fetch_links=False)
    assert len(items) == MAX_FEED_ENTRIES and all(isinstance(i, Article) for i in items)
    assert "only the first" in caplog.text


def test_feed_entry_without_link_or_content(tmp_path: Path) -> None:
    feed = ("<rss version='2.0'><channel><title>Wire</title>"
            "<item><title>Good</title><description>Troops killed 3 rebels in Beni.</description></item>"
            "<item><title>Empty</title></item>"
            "<item><title>Bad link</title><link>file:///etc/passwd</link><description>Two died in Goma."
            "</description></item></channel></rss>")
    (tmp_path / "f.rss").write_text(feed, encoding="utf-8")
    items = read_between([str(tmp_path / "f.rss")], tmp_path)
    assert [type(i).__name__ for i in items] == ["Article", "ErrorRecord", "Article"]
    assert "no fetchable link" in items[1].error  # type: ignore[union-attr]
    assert "passwd" not in items[2].text and "Goma" in items[2].text  # type: ignore[union-attr]


# --- files and folders -----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    one_error(read_between([str(tmp_path / "nope.txt")], tmp_path), "no such file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_directory_with_an_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Gunmen killed 2 guards in Jos.", encoding="utf-8")
    locked = folder / "b.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    (folder / "c.txt").write_text("Police detained 8 people in Kano.", encoding="utf-8")
    try:
        items = read_between([str(folder)], tmp_path)
    finally:
        locked.chmod(0o600)
    assert [type(i).__name__ for i in items] == ["Article", "ErrorRecord", "Article"]
    assert "cannot read" in items[1].error  # type: ignore[union-attr]


@pytest.mark.skipif(os.name != "posix", reason="needs symbolic links")
def test_directory_with_a_symlink_loop(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text("Gunmen killed 2 guards in Jos.", encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "x.txt").symlink_to(folder / "y.txt")
    (folder / "y.txt").symlink_to(folder / "x.txt")
    started = time.monotonic()
    items = read_between([str(folder)], tmp_path)
    assert time.monotonic() - started < 10
    assert any(isinstance(i, Article) and "Jos" in i.text for i in items)


# --- URLs ---------------------------------------------------------------------------------------------

ARTICLE_HTML = ("<html><head><title>Raid</title></head><body><article><p>Soldiers raided a camp near Bunia on "
                "Thursday and killed five militiamen, the army spokesman said. Residents reported heavy gunfire "
                "through the night and several burned houses at the edge of the camp.</p></article></body></html>")


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path
        if path == "/ok":
            self._send(200, ARTICLE_HTML.encode())
        elif path == "/gzip":
            self._send(200, gzip.compress(ARTICLE_HTML.encode()), extra={"Content-Encoding": "gzip"})
        elif path == "/404":
            self._send(404, b"gone")
        elif path == "/500":
            self._send(500, b"oops")
        elif path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop2" if path == "/loop" else "/loop")
            self.end_headers()
        elif path == "/bomb":
            self._send(200, self.server.bomb, extra={"Content-Encoding": "gzip"})  # type: ignore[attr-defined]
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"More shelling was reported. ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                return
        elif path == "/nothing":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif path == "/silent":
            time.sleep(3)
        elif path == "/pdf":
            self._send(200, b"%PDF-1.7\n\x00\x01\x02binary\x00stream", ctype="application/pdf")
        elif path == "/binary":
            self._send(200, bytes(range(256)) * 64, ctype="text/plain")
        elif path == "/cp1256":
            body = ("<html><head><meta charset='windows-1256'></head><body><article><p>" + "قال مسؤول إن "
                    "القصف أدى إلى مقتل سبعة أشخاص في المدينة يوم الاثنين. " * 5 + "</p></article></body></html>")
            self._send(200, body.encode("cp1256"), ctype="text/html")
        elif path == "/feed":
            port = self.server.server_address[1]  # type: ignore[index]
            items = "".join(f"<item><title>{n}</title><link>http://127.0.0.1:{port}{p}</link></item>"
                            for n, p in enumerate(["/ok", "/404", "/bomb", "/gzip"]))
            self._send(200, f"<rss version='2.0'><channel><title>W</title>{items}</channel></rss>".encode(),
                       ctype="application/rss+xml")
        else:
            self._send(404, b"")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_article_and_gzip(server: str, tmp_path: Path) -> None:
    items = read_between([f"{server}/ok", f"{server}/gzip"], tmp_path)
    assert all(isinstance(i, Article) and "Bunia" in i.text for i in items), items


@pytest.mark.parametrize("path,words", [
    ("/404", ("HTTP 404",)), ("/500", ("HTTP 500",)), ("/loop", ("redirects",)),
    ("/bomb", ("decompressed body larger than",)), ("/endless", ("timed out", "never ended")),
    ("/nothing", ("cannot fetch",)), ("/silent", ("timed out",)), ("/pdf", ("application/pdf",)),
    ("/binary", ("binary",)),
])
def test_bad_urls_are_error_records(server: str, tmp_path: Path, path: str, words: tuple[str, ...]) -> None:
    started = time.monotonic()
    items = read_between([server + path], tmp_path, timeout=1.5)
    one_error(items, *words)
    assert time.monotonic() - started < 8


def test_url_in_a_legacy_encoding(server: str, tmp_path: Path) -> None:
    (item,) = read_between([f"{server}/cp1256"], tmp_path)
    assert isinstance(item, Article) and "مقتل سبعة" in item.text


def test_feed_links_that_fail_keep_the_others(server: str, tmp_path: Path) -> None:
    items = read_between([f"{server}/feed"], tmp_path, timeout=2.0)
    assert [type(i).__name__ for i in items] == ["Article", "ErrorRecord", "ErrorRecord", "Article"]


def test_url_with_credentials_is_refused_and_redacted(server: str, tmp_path: Path) -> None:
    url = server.replace("http://", "http://analyst:hunter2@") + "/ok"
    error = one_error(read_between([url], tmp_path), "credentials")
    assert "hunter2" not in error.error and "hunter2" not in error.id


def test_non_http_schemes_are_never_fetched() -> None:
    from eventwire.ingest import IngestError

    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "data:text/plain,hi"):
        with pytest.raises(IngestError, match="only http and https"):
            fetch(url)
