from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "broadsheet.engagement"
    label = "engagement"

    def ready(self) -> None:
        from broadsheet.engagement import receivers  # noqa: F401  (connects the receivers)
