"""Importing from the browser: the uploaded WordPress export is kept (under private/ in the
media storage, which /media/ never serves) and imported by the worker with the importer the
command line uses; the run keeps its progress and summary, and the writer hears when it ends.
A run cut short is run again whole: the importer recognises what it already brought in."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from broadsheet import events
from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services import permissions
from broadsheet.errors import Forbidden, InvalidInput
from broadsheet.migration.models import ImportRun, ImportStatus
from broadsheet.publishing.services.media import PRIVATE_PREFIX

# How often (in items) a run's progress is written down.
PROGRESS_STEP = 50


def start(blog: Blog, user: User, uploaded) -> ImportRun:
    """Keep an uploaded export and queue its import (the blog's administrators may)."""
    if not permissions.can_administer(user, blog):
        raise Forbidden("Only the blog's administrators import into it.")
    name = Path(uploaded.name or "export.xml").name[:200]
    if not name.lower().endswith((".xml", ".xml.gz", ".wxr")):
        raise InvalidInput("Choose a WordPress export file (.xml or .xml.gz).")
    suffix = ".xml.gz" if name.lower().endswith(".gz") else ".xml"
    path = default_storage.save(
        f"{PRIVATE_PREFIX}imports/{blog.slug}-{secrets.token_hex(8)}{suffix}", uploaded
    )
    from broadsheet.migration.jobs import run_import

    with transaction.atomic():
        run = ImportRun.objects.create(blog=blog, started_by=user, file_name=name, path=path)
        run_import.enqueue(run_id=run.pk)
    return run


def run(import_run: ImportRun) -> ImportRun:
    """Import the kept file into its blog, writing down progress as it goes."""
    from broadsheet.migration.services.importer import import_wxr
    from broadsheet.migration.services.wxr_reader import WxrError

    ImportRun.objects.filter(pk=import_run.pk).update(status=ImportStatus.RUNNING, done=0)
    counted = {"done": 0}

    def advance(step: int) -> None:
        counted["done"] += step
        if counted["done"] % PROGRESS_STEP < step:
            ImportRun.objects.filter(pk=import_run.pk).update(done=counted["done"])

    suffix = ".xml.gz" if import_run.path.endswith(".gz") else ".xml"
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with default_storage.open(import_run.path, "rb") as kept:
            shutil.copyfileobj(kept, copy)
        copy.flush()
        try:
            summary = import_wxr(
                copy.name,
                import_run.blog,
                download_media=True,
                on_total=lambda total: ImportRun.objects.filter(pk=import_run.pk).update(
                    total=total
                ),
                progress=advance,
            )
        except WxrError as exc:
            return _finish(import_run, ImportStatus.FAILED, error=str(exc))
    rows = [list(row) for row in summary.rows()]
    return _finish(
        import_run, ImportStatus.DONE, summary={"rows": rows, "notes": summary.notes[:50]}
    )


def _finish(import_run: ImportRun, status: str, *, summary=None, error: str = "") -> ImportRun:
    with transaction.atomic():
        ImportRun.objects.filter(pk=import_run.pk).update(
            status=status,
            summary=summary or {},
            error=error[:2000],
            finished_at=timezone.now(),
            done=F("total"),
        )
        import_run.refresh_from_db()
        events.emit(events.import_finished, run=import_run)
    default_storage.delete(import_run.path)
    return import_run
