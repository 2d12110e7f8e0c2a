from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public face: every blog page readers see, and the uploaded files they load. It
    composes the domain apps' services and templates; no domain app imports it."""

    name = "broadsheet.site"
    label = "site"
    verbose_name = "Public site"
