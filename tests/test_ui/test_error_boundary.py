"""An unexpected failure inside a page (here: a catalog row corrupted in the database) shows the
buyer a short apology with an incident id and no traceback, and logs one JSON line on the server
with the same incident id, the page, the exception type and the traceback."""

from __future__ import annotations

import json
import logging
import re

from sqlalchemy import text

from store.logs import LOGGER, JsonFormatter
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at, texts

INCIDENT = re.compile(r"incident \*\*([0-9A-F]{4}-[0-9A-F]{4})\*\*")


class Lines(logging.Handler):
    """The log lines the app writes, formatted as on the server."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_a_failing_page_apologises_with_an_incident_id_logged_with_its_traceback(db):
    with db.begin() as conn:  # a genuine failure: what the database holds is no catalog any more
        conn.execute(text('UPDATE catalog_version SET content = \'{"not": "a catalog"}\''))
    logs = Lines()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(logs)
    try:
        at = app_at("pages/buyer/configure.py", product="tshirt").run()
    finally:
        logger.removeHandler(logs)

    assert not at.exception  # Streamlit had nothing to show: the boundary caught it
    shown = " ".join(str(e.value) for e in at.error)
    assert "Sorry, something went wrong on our side" in shown
    (incident,) = INCIDENT.findall(shown)
    page_text = texts(at) + shown
    for leak in ("Traceback", "ValidationError", 'File "', str(ROOT), "site-packages"):
        assert leak not in page_text

    (line,) = [line for line in logs.lines if incident in line]
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["incident"] == incident
    assert entry["page"] == "/configure"
    assert entry["exception"] == "ValidationError"
    assert entry["level"] == "ERROR"
    assert "Traceback (most recent call last)" in entry["traceback"]
    assert "pages/buyer/configure.py" in entry["traceback"]


def test_incident_ids_differ_between_failures(db):
    with db.begin() as conn:
        conn.execute(text("UPDATE catalog_version SET content = '{}'"))
    ids = set()
    for _ in range(3):
        at = app_at("pages/buyer/shop.py").run()
        ids |= set(INCIDENT.findall(" ".join(str(e.value) for e in at.error)))
    assert len(ids) == 3
