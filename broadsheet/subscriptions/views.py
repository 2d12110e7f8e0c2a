"""The subscribe form's target, and the pages its mails link to. Thin: the rules are in
services/subscriptions.py."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from broadsheet.errors import BroadsheetError
from broadsheet.subscriptions.models import Frequency
from broadsheet.subscriptions.services import subscriptions
from broadsheet.web.pages import render_blog_page


def _notice(request, title: str, message: str, *, status: int = 200, form: str = ""):
    return render_blog_page(
        request,
        "subscriptions/notice.html",
        {"title": title, "message": message, "form": form},
        status=status,
    )


# The form sits on cached pages, which carry no CSRF token. Forging it gains nothing: it only
# sends a confirmation mail (double opt-in), and it is rate limited per address.
@csrf_exempt
@require_POST
def subscribe(request):
    try:
        subscriber = subscriptions.subscribe(
            request.blog,
            request.POST.get("email", ""),
            request.POST.get("frequency") or Frequency.INSTANT,
            request.META.get("REMOTE_ADDR"),
        )
    except BroadsheetError as exc:
        return _notice(request, "Not subscribed", exc.message, status=exc.status)
    return _notice(
        request,
        "Check your inbox",
        f"We sent a link to {subscriber.email}. Follow it to confirm your subscription.",
    )


@require_safe
def confirm(request, token: str):
    try:
        subscriber = subscriptions.confirm(token)
    except BroadsheetError as exc:
        return _notice(request, "Not confirmed", exc.message, status=exc.status)
    return _notice(
        request,
        "You are subscribed",
        f"{request.blog.title} will write to {subscriber.email}: "
        f"{Frequency(subscriber.frequency).label.lower()}.",
    )


# RFC 8058: mail clients unsubscribe with a POST to the List-Unsubscribe address, no cookie and
# no token but the one in the address. A GET (a person following the link) asks first, so that
# a mail scanner opening links does not unsubscribe anyone.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "GET":
        return _notice(
            request,
            "Unsubscribe?",
            f"Stop receiving {request.blog.title} by e-mail?",
            form=request.path,
        )
    try:
        subscriber = subscriptions.unsubscribe(token)
    except BroadsheetError as exc:
        return _notice(request, "Not unsubscribed", exc.message, status=exc.status)
    return _notice(
        request, "Unsubscribed", f"{subscriber.email} will get no more mail from this blog."
    )
