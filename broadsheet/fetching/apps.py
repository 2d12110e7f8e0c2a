from django.apps import AppConfig


class FetchingConfig(AppConfig):
    name = "broadsheet.fetching"
    label = "fetching"
    verbose_name = "Outgoing fetches"
