from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What happened to a person's posts, blogs and account, told in one place (the bell and
    /notifications/) and by e-mail as they choose; built from the domain events alone."""

    name = "broadsheet.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from broadsheet.notifications import receivers  # noqa: F401
