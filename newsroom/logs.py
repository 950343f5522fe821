"""
Log records carry the id of the request they belong to (`request_id`, `-` outside requests), so that
the lines of one request can be found among many app servers' logs. Plain text by default, one JSON
object per line with LOG_FORMAT=json (python-json-logger), always to standard output.
"""

import logging
from contextvars import ContextVar

request_id = ContextVar("newsroom_request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True
