from django.apps import AppConfig


class MigrationConfig(AppConfig):
    name = "broadsheet.migration"
    label = "migration"
    verbose_name = "Moving in and out (WordPress)"
