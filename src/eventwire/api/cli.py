"""The ``serve`` command: ``eventwire serve [--db PATH] [--host H] [--port P] [--token T]``.

Wired into the main parser by ``add_serve_parser(subparsers)``; ``run_serve(args, out)`` runs it."""

from __future__ import annotations

import argparse
import logging
from typing import Any, TextIO

NAME = "api.serve.v1"

log = logging.getLogger("eventwire")


def add_serve_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``serve`` to the main parser's sub-commands and return its parser."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="serve the REST API and the web dashboard",
        description="Serve the store as a REST API (/api, /openapi.json) and a dashboard (/). Writes need a "
        "token (--token or EVENTWIRE_TOKEN); EVENTWIRE_READ_TOKEN closes the reads too.")
    p.add_argument("--db", help="store: a SQLite path or URL (default: $EVENTWIRE_HOME/eventwire.sqlite)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--token", help="bearer token for writes (default: $EVENTWIRE_TOKEN; none: writes refused)",
    )
    p.add_argument("--read-token", help="bearer token for reads (default: $EVENTWIRE_READ_TOKEN; none: open)")
    p.add_argument("--tile-url", help="raster tile URL template for the map, e.g. https://host/{z}/{x}/{y}.png")
    return p


def run_serve(args: argparse.Namespace, out: TextIO) -> int:
    """Run the server until interrupted; returns the exit status."""
    try:
        import uvicorn

        from eventwire.api.app import STATIC, create_app
        from eventwire.api.settings import Settings
    except ImportError as exc:
        log.error("serve needs the web extra: pip install 'eventwire[web]' (%s)", exc)
        return 2
    from eventwire.store import StoreError

    settings = Settings.from_env(db=args.db, token=args.token, read_token=args.read_token,
                                 tile_url=args.tile_url)
    try:
        app = create_app(settings)
    except StoreError as exc:
        log.error("%s", exc)
        return 2
    if not (STATIC / "vendor").is_dir():
        log.warning("the dashboard's front-end files are not built: run scripts/build_web.sh")
    if not settings.token:
        log.warning("no token configured (EVENTWIRE_TOKEN or --token): writes are refused")
    out.write(f"eventwire serving {app.state.eventwire.store.location} on http://{args.host}:{args.port}/\n")
    out.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
