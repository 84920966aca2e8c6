"""The one way a reader reports an error none of its checks foresaw: a problem for that record alone."""

from __future__ import annotations

import logging

from storyfuse.model import InputProblem

log = logging.getLogger("storyfuse.ingest")


def unreadable(origin: str, what: str, exc: BaseException) -> InputProblem:
    """`origin: WHAT could not be read`, so one odd record costs that record and reading goes on.

    The exception's own text speaks of the reader's internals, not of the input, so the warning
    leaves it out; the traceback goes to the debug log (silent unless logging is configured).
    """
    log.debug("unexpected error reading %s", origin, exc_info=exc)
    return InputProblem(origin, f"{what} could not be read")
