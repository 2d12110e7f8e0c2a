"""WordPress's REST conventions: the error shape, JSON bodies, pagination headers."""

import json

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
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise InvalidInput("Invalid JSON body passed.", code="rest_invalid_json") from None
        if not isinstance(data, dict):
            raise InvalidInput("Invalid JSON body passed.", code="rest_invalid_json")
        return data
    return {key: request.POST.get(key) for key in request.POST}


def paginated(items: list, total: int, per_page: int) -> JsonResponse:
    response = JsonResponse(items, safe=False)
    response["X-WP-Total"] = str(total)
    response["X-WP-TotalPages"] = str(max(1, -(-total // per_page)) if total else 0)
    return response
