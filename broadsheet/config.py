"""Reading Broadsheet's configuration from the environment (PRODUCT.md section 8).

Kept free of Django imports so that the command line can validate the data folder
before Django starts.
"""

from __future__ import annotations

import os
import secrets
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(Exception):
    """A setting that cannot be used; the message is shown to the operator as is."""


def data_dir() -> Path:
    return Path(os.environ.get("BROADSHEET_DATA_DIR", "broadsheet-data")).resolve()


def ensure_data_dir(path: Path) -> Path:
    """Create the data folder (or check an existing one) and return it."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"data folder {path} exists and is not a folder")
    try:
        (path / "media").mkdir(parents=True, exist_ok=True)
        path.chmod(0o700)
    except OSError as exc:
        raise ConfigError(f"cannot create data folder {path}: {exc.strerror}") from exc
    if not os.access(path, os.W_OK):
        raise ConfigError(f"data folder {path} is not writable")
    return path


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})


def instance_hosts(base_url: str, extra: str) -> frozenset[str]:
    """The host names the instance answers to: the base URL's (on a loopback address, every
    loopback name, so that a developer's http://localhost:8000 works too) and the operator's
    comma-separated extras."""
    base = (urlsplit(base_url).hostname or "").lower()
    base = f"[{base}]" if ":" in base else base
    names = {base, *(name.strip().lower() for name in extra.split(",") if name.strip())}
    if base in LOOPBACK_NAMES:
        names |= LOOPBACK_NAMES
    return frozenset(names)


def secret_key(path: Path) -> str:
    """The instance's secret key: from the environment, or generated once into the data folder."""
    if os.environ.get("BROADSHEET_SECRET_KEY"):
        return os.environ["BROADSHEET_SECRET_KEY"]
    key_file = path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    try:
        path.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key
    except FileExistsError:
        return key_file.read_text().strip()
    except OSError:
        # An unusable data folder is reported by the CLI; an ephemeral key keeps Django importable.
        return secrets.token_urlsafe(50)


def cache_settings(url: str | None, path: Path) -> dict:
    """CACHE_URL=redis://... selects Redis (failing soft: broadsheet/cache.py); otherwise pages
    are cached as files in the data folder, which every server process on this machine
    shares."""
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        shared = {
            "BACKEND": "broadsheet.cache.ResilientRedisCache",
            "LOCATION": url,
            # Seconds to wait for Redis before taking it as down (broadsheet/cache.py): a
            # cached page costs well under one.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        return {"default": {**shared, "KEY_PREFIX": "bs"}, "pages": {**shared, "KEY_PREFIX": "bsp"}}
    if url and url != "file":
        raise ConfigError(f"CACHE_URL must be redis://... (got {url!r})")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(path / "cache" / "default"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(path / "cache" / "pages"),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 100000, "CULL_FREQUENCY": 4},
        },
    }


def storages(url: str | None) -> dict:
    """Where uploads are kept (Django's STORAGES): the data folder by default, or with
    BROADSHEET_MEDIA_STORAGE=s3://[KEY:SECRET@]BUCKET[/PREFIX][?endpoint_url=…&region_name=…] an
    S3-compatible object store (AWS, MinIO, Garage, Ceph), which every node shares. Credentials
    not in the address come from boto3's own environment (AWS_ACCESS_KEY_ID, …)."""
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if not url:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": static,
        }
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ConfigError(f"BROADSHEET_MEDIA_STORAGE must be s3://BUCKET[/PREFIX] (got {url!r})")
    if not (find_spec("storages") and find_spec("boto3")):
        raise ConfigError("BROADSHEET_MEDIA_STORAGE=s3://… needs `pip install broadsheet[s3]`")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    options = {
        "bucket_name": parts.hostname,
        "location": parts.path.strip("/"),
        # Names are never reused: a second red.png is stored beside the first, not over it.
        "file_overwrite": False,
        "default_acl": None,
        # Files are served through /media/ on this site (one origin for the CSP and old
        # links), so the bucket needs no public access and addresses no signature.
        "querystring_auth": False,
        **{name: query[name] for name in ("endpoint_url", "region_name") if name in query},
    }
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": static,
    }


def email_settings(url: str | None, path: Path) -> dict:
    """EMAIL_URL=smtp://user:pass@host:port[?tls=1|ssl=1]; without it mail is written to files."""
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(path / "mail"),
        }
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ConfigError(f"EMAIL_URL must start with smtp:// or smtps:// (got {parts.scheme!r})")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps" or options.get("ssl") == "1",
        "EMAIL_USE_TLS": options.get("tls") == "1",
    }
