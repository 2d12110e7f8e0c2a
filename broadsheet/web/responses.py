"""WordPress's REST conventions: the error shape, JSON bodies, pagination headers."""

import json

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse

from broadsheet.errors import BroadsheetError, InvalidInput


class NotLoggedIn(BroadsheetError):
    status = 401
    code = "rest_not_logged_in"


def error_response(exc: BroadsheetError) -> JsonResponse:
    return JsonResponse(
        {"code": exc.code, "message": exc.message, "data": {"status": exc.status}},
        status=exc.status,
    )


def require_login(
    request, code: str = "rest_not_logged_in", message: str = "You are not currently logged in."
) -> None:
    if not request.user.is_authenticated:
        raise NotLoggedIn(message, code=code)


def json_body(request) -> dict:
    """The request's parameters: a JSON body, or a form body, as WordPress accepts both."""
    if hasattr(request, "_json_body"):
        return request._json_body
    content_type = request.content_type or ""
    try:
        if content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError, RecursionError):
                raise InvalidInput("Invalid JSON body passed.", code="rest_invalid_json") from None
            if not isinstance(data, dict):
                raise InvalidInput("Invalid JSON body passed.", code="rest_invalid_json")
        else:
            data = {key: request.POST.get(key) for key in request.POST}
    except RequestDataTooBig:
        raise BroadsheetError(
            "The request body is too large.", code="rest_request_too_large", status=413
        ) from None
    request._json_body = data
    return data


def paginated(items: list, total: int, per_page: int) -> JsonResponse:
    response = JsonResponse(items, safe=False)
    response["X-WP-Total"] = str(total)
    response["X-WP-TotalPages"] = str(max(1, -(-total // per_page)) if total else 0)
    return response
