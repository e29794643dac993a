"""The REST API and the dashboard's server: ``create_app(settings)``; ``eventwire serve`` runs it."""

from __future__ import annotations

from eventwire.api.app import create_app
from eventwire.api.settings import Settings

__all__ = ["Settings", "create_app"]
