"""Structured logging: readable in development, JSON lines in production.

Message text never goes into logs (invariant 1); log ids, kinds and counts instead.
``scrub_sensitive`` enforces it: values under keys such as ``text``, ``message``, ``body``,
``comment`` or ``email`` are withheld unless ``debug`` is on, and even then pass the
secret redactor first; passwords, tokens and keys are withheld always.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

# customer words and personal data: withheld unless debug, then redacted
TEXT_KEYS = frozenset(
    {
        "text",
        "message",
        "body",
        "comment",
        "note",
        "reply",
        "draft",
        "content",
        "subject",
        "answer",
        "email",
        "phone",
        "customer_text",
        "query",
    }
)
TEXT_SUFFIXES = ("_text", "_body", "_email", "_phone", "_comment")
# credentials: withheld always, debug or not
SECRET_KEYS = frozenset(
    {"password", "token", "secret", "key", "data_key", "csrf", "authorization", "cookie"}
)
SECRET_SUFFIXES = ("_password", "_token", "_secret", "_key")
WITHHELD = "[withheld]"


def _kind(key: str) -> str | None:
    lowered = key.lower()
    if lowered in SECRET_KEYS or lowered.endswith(SECRET_SUFFIXES):
        return "secret"
    if lowered in TEXT_KEYS or lowered.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def _redacted(value: Any) -> Any:
    from walletdesk.safety.secrets import redact  # heavy word lists: load only in debug

    if isinstance(value, str):
        return redact(value).text
    if isinstance(value, Mapping):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(v) for v in value]
    return value


def _scrub(value: Any, debug: bool) -> Any:
    if isinstance(value, Mapping):
        return {k: _scrub_item(str(k), v, debug) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, debug) for v in value]
    return value


def _scrub_item(key: str, value: Any, debug: bool) -> Any:
    kind = _kind(key)
    if kind == "secret" or (kind == "text" and not debug):
        return WITHHELD if value is not None else None
    if kind == "text":
        return _redacted(value)
    return _scrub(value, debug)


def scrub_sensitive(debug: bool = False) -> structlog.typing.Processor:
    """A structlog processor that keeps message text and personal data out of logs."""

    def processor(
        _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        for key in list(event_dict):
            if key == "event":  # the event name, by convention a fixed identifier
                continue
            event_dict[key] = _scrub_item(key, event_dict[key], debug)
        return event_dict

    return processor


def configure_logging(level: str = "INFO", json: bool = False, debug: bool = False) -> None:
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level.upper(), force=True)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            scrub_sensitive(debug),
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)  # type: ignore[no-any-return]
