from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "broadsheet.federation"
    label = "federation"
    verbose_name = "Federation (ActivityPub)"

    def ready(self) -> None:
        from broadsheet.federation import receivers  # noqa: F401 (connects the receivers)
