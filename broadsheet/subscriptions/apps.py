from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "broadsheet.subscriptions"
    label = "subscriptions"
    verbose_name = "E-mail subscriptions"

    def ready(self) -> None:
        from broadsheet.subscriptions import receivers  # noqa: F401  (connects the receivers)
