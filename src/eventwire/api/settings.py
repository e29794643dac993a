"""Server settings: where the store is, who may write and read, and the limits of a request.

Built from the environment by :func:`Settings.from_env` (``EVENTWIRE_TOKEN``, ``EVENTWIRE_READ_TOKEN``,
``EVENTWIRE_TILE_URL``, ``EVENTWIRE_CORS_ORIGINS``, ``EVENTWIRE_RATE_LIMIT``, ``EVENTWIRE_RATE_BURST``,
``EVENTWIRE_ALLOW_PRIVATE_URLS``), then overridden by the ``serve`` command's options.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

NAME = "api.settings.v1"

MAX_BODY_BYTES = 5_000_000
MAX_ARTICLES_PER_POST = 100
DEFAULT_PAGE = 100
MAX_PAGE = 1000
RATE_LIMIT = 20.0  # API requests per second and client, on average
RATE_BURST = 200  # requests a client may send at once
WRITE_COST = 10  # a write counts as this many requests
MAX_URLS_PER_POST = 20


@dataclass(frozen=True)
class Settings:
    """``token`` is needed for every write (no token configured: writes are refused); ``read_token``, when
    set, closes the reads too (the write token opens them as well). ``tile_url`` is an optional raster tile
    template (``https://tiles.example/{z}/{x}/{y}.png``) for the dashboard map; without it the map is drawn
    from the country shapes that ship with the front end. ``cors_origins`` empty: no cross-origin access.
    ``rate_limit`` (requests per second per client address, 0: no limit) and ``rate_burst`` bound each
    client's use of ``/api``. ``allow_private_urls`` lets URL ingest fetch loopback, private and link-local
    addresses (off: only public hosts, so the server cannot be used to reach its own network)."""

    db: str | None = None
    token: str | None = None
    read_token: str | None = None
    tile_url: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    max_body_bytes: int = MAX_BODY_BYTES
    max_articles_per_post: int = MAX_ARTICLES_PER_POST
    rate_limit: float = RATE_LIMIT
    rate_burst: int = RATE_BURST
    allow_private_urls: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``env`` (default ``os.environ``); keyword overrides that are not ``None`` win."""
        env = os.environ if env is None else env
        origins = tuple(o.strip() for o in env.get("EVENTWIRE_CORS_ORIGINS", "").split(",") if o.strip())
        values: dict[str, object] = {
            "db": env.get("EVENTWIRE_DB") or None,
            "token": env.get("EVENTWIRE_TOKEN") or None,
            "read_token": env.get("EVENTWIRE_READ_TOKEN") or None,
            "tile_url": env.get("EVENTWIRE_TILE_URL") or None,
            "cors_origins": origins,
            "allow_private_urls": env.get("EVENTWIRE_ALLOW_PRIVATE_URLS", "").lower() in ("1", "true", "yes"),
        }
        for name, kind in (("rate_limit", float), ("rate_burst", int)):
            raw = env.get(f"EVENTWIRE_{name.upper()}")
            if raw:
                try:
                    values[name] = kind(raw)
                except ValueError:
                    raise ValueError(f"EVENTWIRE_{name.upper()} is not a number: {raw!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
