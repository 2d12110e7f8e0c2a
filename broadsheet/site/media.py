"""Uploaded files, served by this site from wherever they are kept (the data folder, or object
storage every node shares), so that /media/ stays the one address of each file: the CSP allows
images from 'self' only, and old links keep working whatever the storage."""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

from broadsheet.publishing.services.media import PRIVATE_PREFIX

# A name is never reused for other bytes (storages keep both), so a copy may be kept for long.
MAX_AGE = 365 * 86400


def _missing() -> tuple[type[Exception], ...]:
    """What a storage raises for a file it does not have (an object store: botocore's 404)."""
    errors: tuple[type[Exception], ...] = (
        FileNotFoundError,
        IsADirectoryError,
        NotADirectoryError,
        SuspiciousFileOperation,
    )
    try:
        from botocore.exceptions import ClientError
    except ImportError:
        return errors
    return (*errors, ClientError)


def media_file(request: HttpRequest, path: str) -> FileResponse:
    if path.startswith(PRIVATE_PREFIX) or "/../" in f"/{path}":
        raise Http404("No such file")
    try:
        opened = default_storage.open(path, "rb")
        opened.size  # noqa: B018 (asks the storage: a missing file fails here, not mid-answer)
    except _missing():
        raise Http404("No such file") from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(opened, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}, immutable"
    return response
