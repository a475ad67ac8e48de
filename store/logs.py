"""The app's server-side logs: one JSON object per line on standard error, configured here once.

Records of the `configurator` loggers carry their structured fields (`extra=`) as top-level keys;
a traceback is one string field, so an incident is exactly one line.

>>> import logging
>>> record = logging.makeLogRecord({"name": "configurator.x", "levelname": "ERROR", "msg": "boom", "incident": "AB12"})
>>> line = JsonFormatter().format(record)
>>> json.loads(line)["incident"], "\\n" in line
('AB12', False)
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys
import traceback
from typing import Any

LOGGER = "configurator"
# The id of the request being served (API middleware, Streamlit routes, worker jobs): every line
# logged while it is set carries it, so one request's lines can be found across replicas.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
# Attributes every LogRecord has: anything else was passed with `extra=` and is logged as a field.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (current := request_id.get()) is not None:
            entry["request_id"] = current
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info and record.exc_info[1] is not None:
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure() -> logging.Logger:
    """The `configurator` logger with its JSON handler (added once per process)."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # Streamlit's root handler would print it again, as plain text
    return logger
