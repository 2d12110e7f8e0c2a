from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.notifications.models import Delivery, Kind
from broadsheet.notifications.services import notify
from broadsheet.validation import whole_numbers

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request):
    """The bell's page: newest first, unread ones marked; older pages by `before`."""
    before = parse_datetime(request.GET.get("before", "") or "") or None
    rows = notify.recent(request.user, before=before, limit=PAGE_SIZE)
    older = rows[-1].updated_at.isoformat() if len(rows) == PAGE_SIZE else None
    return render(
        request,
        "notifications/list.html",
        {"notifications": rows, "older": older, "has_unread": any(not r.read_at for r in rows)},
    )


@login_required
@require_POST
def mark_read(request):
    ids = whole_numbers(request.POST.getlist("id"), most=1000)
    notify.mark_read(request.user, ids or None)
    return HttpResponseRedirect(reverse("notifications"))


class PreferencesForm(forms.Form):
    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=current[kind.value]
            )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request):
    current = notify.preferences(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        notify.set_preferences(request.user, form.cleaned_data)
        messages.success(request, "Your notification settings are saved.")
        return HttpResponseRedirect(reverse("notification-settings"))
    return render(request, "notifications/settings.html", {"form": form})
