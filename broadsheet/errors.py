"""Errors raised by the service layer. Views, the REST API and the CLI each present them
in their own way (a page, WordPress's error shape, one line on stderr)."""


class BroadsheetError(Exception):
    """A request that cannot be carried out; `message` is for a person to read."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class InvalidInput(BroadsheetError):
    status = 400
    code = "rest_invalid_param"


class NotFound(BroadsheetError):
    status = 404
    code = "not_found"


class Forbidden(BroadsheetError):
    status = 403
    code = "rest_forbidden"


class Conflict(BroadsheetError):
    status = 409
    code = "conflict"
