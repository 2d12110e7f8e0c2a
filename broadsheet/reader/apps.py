from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "broadsheet.reader"
    label = "reader"
    verbose_name = "Reader"
