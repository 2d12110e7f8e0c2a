from django.apps import AppConfig


class EditorConfig(AppConfig):
    name = "broadsheet.editor"
    label = "editor"
    verbose_name = "Writers' editor"
