from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "broadsheet.discovery"
    label = "discovery"

    def ready(self) -> None:
        from broadsheet.discovery import receivers  # noqa: F401  (connects the receivers)
