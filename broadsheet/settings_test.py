"""Settings for the test suite: a throw-away data folder, in-process caches, fast hashing.
The database is still real: SQLite in a file (so threads and the live server share it), or
PostgreSQL when DATABASE_URL says so."""

import os
import tempfile

os.environ.setdefault("BROADSHEET_DATA_DIR", tempfile.mkdtemp(prefix="broadsheet-test-"))
os.environ.setdefault("BROADSHEET_SECRET_KEY", "test-secret-key-not-for-production")

from broadsheet.settings import *  # noqa: E402,F403
from broadsheet.settings import DATA_DIR, DATABASES, INSTANCE_HOSTS  # noqa: E402

INSTANCE_HOSTS = INSTANCE_HOSTS | {"testserver"}  # Django's test client's name

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No test looks up a name outside the machine: fetches reach loopback servers they allow.
FETCH_RESOLVE_NAMES = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
