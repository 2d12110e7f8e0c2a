from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The writers' and administrators' screens (a face: it composes the domain apps' services,
    and no domain app imports it)."""

    name = "broadsheet.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
