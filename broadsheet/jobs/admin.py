from django.contrib import admin

from broadsheet.admin_base import ReadOnlyAdmin, service_action
from broadsheet.jobs.models import Job
from broadsheet.jobs.services import retry_now


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("kind", "state", "attempts", "run_after", "created_at")
    list_filter = ("state", "kind")
    readonly_fields = ("kind", "key", "payload", "state", "attempts", "run_after", "last_error")
    actions = [service_action("Retry now", lambda request, job: retry_now(job))]
