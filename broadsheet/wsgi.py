"""The WSGI application `broadsheet serve` runs: health checks, unknown hosts refused, static files,
then the page cache, then Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")

django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from whitenoise import WhiteNoise  # noqa: E402

from broadsheet.blogs.middleware import KnownHostsApp  # noqa: E402
from broadsheet.faults import HealthApp  # noqa: E402
from broadsheet.pagecache.wsgi import PageCacheApp  # noqa: E402
from broadsheet.security import add_static_headers  # noqa: E402

application = HealthApp(
    KnownHostsApp(
        WhiteNoise(
            PageCacheApp(django_application),
            root=settings.STATIC_ROOT,
            prefix="static/",
            add_headers_function=add_static_headers,
        )
    )
)
