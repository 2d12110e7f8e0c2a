from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "broadsheet.syndication"
    label = "syndication"
    verbose_name = "Feeds"

    def ready(self) -> None:
        from broadsheet.syndication import receivers  # noqa: F401  (connects the receivers)
