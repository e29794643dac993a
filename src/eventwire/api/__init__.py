"""The REST API and the dashboard server (``eventwire serve``; needs the ``web`` extra: FastAPI, uvicorn).

``create_app`` and ``Settings`` are imported on first use, so that ``eventwire`` itself starts without FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.api.app import create_app
    from eventwire.api.settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from eventwire.api.app import create_app

        return create_app
    if name == "Settings":
        from eventwire.api.settings import Settings

        return Settings
    raise AttributeError(name)
