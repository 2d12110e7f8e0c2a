"""Backup and restore of a whole instance: the database, the media and the secret key, one file.

The copy is consistent while the site serves and is written to: on SQLite, the online backup API
copies the database in one step inside a read transaction, which WAL keeps as a snapshot without
blocking writers; on PostgreSQL, `pg_dump` reads inside one repeatable-read snapshot. Media are
copied after the database, so every file a backed-up row names existed when the rows were read
(uploads are written before their row commits).

A backup is a gzip'd tar: `manifest.json`, then `database.sqlite3` or `database.pgdump`, then
`secret_key`, then `media/…`. Restore writes into an empty data folder (and, on PostgreSQL, an
empty database), then migrates, so a backup from an older release comes up to date.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from broadsheet.errors import InvalidInput

FORMAT = "broadsheet-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SECRET_KEY = "secret_key"
MEDIA = "media"
_DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(InvalidInput):
    """A backup that cannot be taken or restored; the message says why, in one line."""


@dataclass
class BackupSummary:
    database: str
    media_files: int
    size: int


def _engine(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def _postgres_environment(database: dict) -> dict:
    """libpq's own variables, so that no password appears on a command line."""
    variables = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{key: value for key, value in variables.items() if value}}


def _run(command: list[str], database: dict) -> None:
    try:
        result = subprocess.run(
            command, env=_postgres_environment(database), capture_output=True, text=True
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (Debian's postgresql-client provides it)"
        ) from exc
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{command[0]} failed: {detail}")


def _copy_sqlite(source_path: str, target: Path) -> None:
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        with copy:
            # pages=-1 (the default) copies everything in one step, from one read snapshot.
            source.backup(copy)
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the database copy failed its integrity check: {verdict}")
    finally:
        copy.close()
        source.close()


def _media_names() -> list[str]:
    """The stored files the database names (uploads, their thumbnails, imported media), read
    through the storage API: the data folder, or the object store every node shares."""
    from broadsheet.publishing.models import Media

    names = set()
    for file, thumbnail in Media.objects.values_list("file", "thumbnail").iterator():
        names.update(name for name in (file, thumbnail) if name)
    return sorted(names)


def _add_stored(archive: tarfile.TarFile, name: str) -> bool:
    """Add one stored file to the archive; False when it is gone (deleted since)."""
    from django.core.files.storage import default_storage

    try:
        with default_storage.open(name, "rb") as stored:
            member = tarfile.TarInfo(f"{MEDIA}/{name}")
            member.size, member.mode, member.mtime = stored.size, 0o600, int(time.time())
            archive.addfile(member, stored)
    except FileNotFoundError:
        return False
    return True


def backup(target: Path) -> BackupSummary:
    """Write a backup of this instance to `target` (written beside it, then renamed into place)."""
    from django.conf import settings
    from django.db import connections

    database = connections["default"].settings_dict
    engine = _engine(database)
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".broadsheet-backup-") as work:
        dump = Path(work) / _DATABASE_FILES[engine]
        if engine == "sqlite":
            _copy_sqlite(database["NAME"], dump)
        else:
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(dump)],
                database,
            )
        partial = target.with_name(target.name + ".partial")
        media_count = 0
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "database": engine,
                "created_at": started.isoformat(),
            }
            manifest_file = Path(work) / MANIFEST
            manifest_file.write_text(json.dumps(manifest, indent=2))
            archive.add(manifest_file, MANIFEST)
            archive.add(dump, dump.name)
            key_file = Path(settings.DATA_DIR) / SECRET_KEY
            if key_file.is_file():
                archive.add(key_file, SECRET_KEY)
            for name in _media_names():
                media_count += _add_stored(archive, name)
        partial.replace(target)
    return BackupSummary(database=engine, media_files=media_count, size=target.stat().st_size)


# --- restore -------------------------------------------------------------------------------------


def _open(path: Path) -> tuple[tarfile.TarFile, dict]:
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (the caller closes it)
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else {}
    except (tarfile.TarError, KeyError, OSError, EOFError, ValueError) as exc:
        raise BackupError(f"{path} is not a Broadsheet backup ({exc})") from exc
    if manifest.get("format") != FORMAT or manifest.get("database") not in _DATABASE_FILES:
        archive.close()
        raise BackupError(f"{path} is not a Broadsheet backup (its manifest is not one)")
    if manifest.get("version") != FORMAT_VERSION:
        archive.close()
        raise BackupError(
            f"{path} is a backup of format {manifest.get('version')}; this "
            f"release reads format {FORMAT_VERSION}"
        )
    return archive, manifest


def check_restorable(path: Path, data_dir: Path) -> dict:
    """Before Django starts: the file is a backup and the data folder holds nothing yet."""
    archive, manifest = _open(path)
    archive.close()
    if data_dir.exists():
        if not data_dir.is_dir():
            raise BackupError(f"data folder {data_dir} exists and is not a folder")
        leftovers = [p for p in data_dir.rglob("*") if not p.is_dir()]
        if leftovers:
            raise BackupError(
                f"data folder {data_dir} is not empty ({leftovers[0].relative_to(data_dir)}); "
                "restore into a new one"
            )
    return manifest


def restore_secret_key(path: Path, data_dir: Path) -> None:
    """Put the backed-up secret key in place before settings read (or generate) one."""
    archive, _ = _open(path)
    with archive:
        # Read up to the key only (getmember would read the whole archive, media and all).
        for member in archive:
            if member.name == SECRET_KEY and member.isfile():
                source = archive.extractfile(member)
                data_dir.mkdir(parents=True, exist_ok=True)
                fd = os.open(data_dir / SECRET_KEY, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(source.read())
                return


def discard_restore(data_dir: Path, *, existed: bool) -> None:
    """Undo a restore that failed: the data folder held no file before it began."""
    if not existed:
        shutil.rmtree(data_dir, ignore_errors=True)
        return
    for child in data_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _stored_name(name: str) -> str | None:
    """The storage name of an archived media file, or None for one that tries to leave it."""
    relative = PurePosixPath(name).relative_to(MEDIA)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return relative.as_posix()


def restore(path: Path) -> BackupSummary:
    """Bring a backup back into this instance, whose database and media folder must be empty."""
    from django.conf import settings
    from django.core.files import File
    from django.core.files.storage import default_storage
    from django.db import connections

    database = connections["default"].settings_dict
    engine = _engine(database)
    archive, manifest = _open(path)
    with archive, tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".restore-") as work:
        if manifest["database"] != engine:
            raise BackupError(
                f"this backup holds a {manifest['database']} database and this instance "
                f"uses {engine}; restore it with the same kind of database"
            )
        # One pass over the archive (a gzip'd tar is read from its start at every lookup):
        # the database comes first in it, then the media.
        name = _DATABASE_FILES[engine]
        database_restored, media_count = False, 0
        budget = expansion_limit(path)
        for member in archive:
            source = archive.extractfile(member) if member.isfile() else None
            if source is None:
                continue
            # A tar member's size is declared before its bytes (and tarfile holds it to
            # that): a small file that would unpack into a disk-filling one stops here.
            budget -= member.size
            if budget < 0:
                raise BackupError(
                    f"{path} unpacks to more than {expansion_limit(path)} bytes, far more "
                    "than any real backup of its size; it was not restored"
                )
            if member.name == name and not database_restored:
                dump = Path(work) / name
                with open(dump, "wb") as handle:
                    shutil.copyfileobj(source, handle)
                if engine == "sqlite":
                    _restore_sqlite(dump, Path(database["NAME"]))
                else:
                    _restore_postgres(dump, database)
                database_restored = True
            elif member.name.startswith(MEDIA + "/"):
                name = _stored_name(member.name)
                if name is None:
                    continue
                if default_storage.save(name, File(source)) != name:
                    raise BackupError(
                        f"the media storage already holds {name}; restore into an empty one"
                    )
                media_count += 1
        if not database_restored:
            raise BackupError(f"{path} holds no {name}")
    return BackupSummary(database=engine, media_files=media_count, size=path.stat().st_size)


EXPANSION_RATIO = 40  # a database compresses 3-10×, media hardly at all
EXPANSION_FLOOR = 256 * 1024 * 1024


def expansion_limit(path: Path) -> int:
    """The most a backup of this size may unpack to."""
    return max(EXPANSION_FLOOR, EXPANSION_RATIO * path.stat().st_size)


def _restore_sqlite(dump: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size:
        raise BackupError(f"database {target} already exists; restore into a new data folder")
    copy = sqlite3.connect(dump)
    try:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the backed-up database fails its integrity check: {verdict}")
        restored = sqlite3.connect(target)
        with restored:
            copy.backup(restored)
        restored.execute("PRAGMA journal_mode=WAL")
        restored.close()
    finally:
        copy.close()


def _restore_postgres(dump: Path, database: dict) -> None:
    from django.db import connections

    with connections["default"].cursor() as cursor:
        tables = connections["default"].introspection.table_names(cursor)
    connections["default"].close()
    if tables:
        raise BackupError(
            f"database {database['NAME']} already has tables; restore into an empty database"
        )
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            database["NAME"],
            str(dump),
        ],
        database,
    )
