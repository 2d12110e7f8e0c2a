"""Application passwords from the browser: the list on one's profile (made, shown once,
revoked) and WordPress's authorize-application screen, where an app sends a person to ask for
one and gets it back at its success_url."""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.blogs.services import app_passwords
from broadsheet.errors import BroadsheetError


class NewAppPasswordForm(forms.Form):
    label = forms.CharField(label="Name of the app", max_length=100)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def app_password_list(request):
    form = NewAppPasswordForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        record, shown = app_passwords.create_app_password(
            request.user, form.cleaned_data["label"], actor=request.user
        )
        form = NewAppPasswordForm()
    return render(
        request,
        "accounts/app_passwords.html",
        {
            "app_passwords": app_passwords.app_passwords_of(request.user, actor=request.user),
            "new_form": form,
            "shown": shown,
        },
    )


@login_required
@require_POST
def revoke_app_password(request, uuid):
    try:
        record = app_passwords.revoke_app_password(request.user, str(uuid), actor=request.user)
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{record.label}” can no longer sign in.")
    return HttpResponseRedirect(reverse("app-passwords"))


def _redirect_target(url: str) -> str | None:
    """An app's success_url or reject_url, as WordPress accepts them: https, or an app's own
    scheme (myapp://), never script or data; http only to this machine (an app in development)."""
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "data", "vbscript", "file", ""):
        return None
    if scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return None
    return url


def _with_query(url: str, **values) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(values)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def authorize_application(request):
    """wp-admin/authorize-application.php: `app_name`, `app_id`, `success_url`, `reject_url`."""
    source = request.POST if request.method == "POST" else request.GET
    app_name = source.get("app_name", "").strip()[:100]
    success_url = _redirect_target(source.get("success_url", ""))
    reject_url = _redirect_target(source.get("reject_url", ""))
    context = {"app_name": app_name, "app_id": source.get("app_id", "")}
    if success_url is None or reject_url is None:
        context["error"] = (
            "This app asked to be sent back to an address that is not secure; no password was made."
        )
        return render(request, "accounts/authorize_application.html", context, status=400)
    if not app_name:
        context["error"] = "The app did not say its name (app_name); no password was made."
        return render(request, "accounts/authorize_application.html", context, status=400)
    context.update(success_url=success_url, reject_url=reject_url)
    if request.method != "POST":
        return render(request, "accounts/authorize_application.html", context)
    if "reject" in request.POST:
        if reject_url or success_url:
            return HttpResponseRedirect(_with_query(reject_url or success_url, success="false"))
        return HttpResponseRedirect(reverse("app-passwords"))
    _, secret = app_passwords.create_app_password(request.user, app_name, actor=request.user)
    if success_url:
        site = request.build_absolute_uri("/").rstrip("/")
        return HttpResponseRedirect(
            _with_query(
                success_url, site_url=site, user_login=request.user.username, password=secret
            )
        )
    context["secret"] = secret
    return render(request, "accounts/authorize_application.html", context)
