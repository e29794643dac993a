"""Server settings: where the store is, who may write and read, and the limits of a request.

Built from the environment by :func:`Settings.from_env` (``EVENTWIRE_TOKEN``, ``EVENTWIRE_READ_TOKEN``,
``EVENTWIRE_TILE_URL``, ``EVENTWIRE_CORS_ORIGINS``), then overridden by the ``serve`` command's options.
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


@dataclass(frozen=True)
class Settings:
    """``token`` is needed for every write (no token configured: writes are refused); ``read_token``, when
    set, closes the reads too (the write token opens them as well). ``tile_url`` is an optional raster tile
    template (``https://tiles.example/{z}/{x}/{y}.png``) for the dashboard map; without it the map is drawn
    from the country shapes that ship with the front end. ``cors_origins`` empty: no cross-origin access."""

    db: str | None = None
    token: str | None = None
    read_token: str | None = None
    tile_url: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    max_body_bytes: int = MAX_BODY_BYTES
    max_articles_per_post: int = MAX_ARTICLES_PER_POST

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
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
