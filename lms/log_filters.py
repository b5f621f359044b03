"""Log records shaped for the operator."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError


class DatabaseOutageFilter(logging.Filter):
    """A database outage answers every request with a 503; one traceback per request would
    bury the log. Keep one line per request, saying what failed, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, OperationalError | InterfaceError):
            path = record.args[0] if isinstance(record.args, tuple) and record.args else ""
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            record.msg = "Database unreachable, answered 503: %s (%s)"
            record.args = (path, reason)
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
