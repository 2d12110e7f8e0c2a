"""The URL configuration for a host mapped to one blog: its paths at the root."""

from django.urls import re_path

from broadsheet import urls_blog, urls_common
from broadsheet.blogs.views import main_host_address

urlpatterns = [
    *urls_common.urlpatterns,
    re_path(r"^@(?P<slug>[^/]+)/(?P<rest>.*)$", main_host_address, name="main-host-address"),
    *urls_blog.urlpatterns,
]

handler404 = "broadsheet.site.views.not_found"
handler500 = "broadsheet.faults.server_error"
