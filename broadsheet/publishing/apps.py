from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "broadsheet.publishing"
    label = "publishing"
