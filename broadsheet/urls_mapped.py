"""The URL configuration for a host mapped to one blog: its paths at the root."""

from broadsheet import urls_blog, urls_common

urlpatterns = [*urls_common.urlpatterns, *urls_blog.urlpatterns]

handler404 = "broadsheet.publishing.views.reading.not_found"
