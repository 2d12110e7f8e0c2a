from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "broadsheet.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
