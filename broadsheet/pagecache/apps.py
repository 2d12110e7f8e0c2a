from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "broadsheet.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from broadsheet.pagecache import receivers  # noqa: F401  (connects the receivers)
