"""The `broadsheet` command (PRODUCT.md section 8).

Each sub-command checks its input, starts Django, and calls the same services the web pages and
the REST API use. A failure prints one line, `broadsheet: error: …`, and exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from broadsheet import config


def _setup_django(data_dir: str | None = None, *, create: bool = False) -> Path:
    if data_dir:
        os.environ["BROADSHEET_DATA_DIR"] = data_dir
    # The database, the secret key, stored mail and the cache are the operator's alone:
    # every file the command (and the servers it starts) writes is 0600, every folder 0700.
    os.umask(0o077)
    path = config.data_dir()
    if create:
        config.ensure_data_dir(path)
    elif not path.is_dir():
        raise config.ConfigError(f"data folder {path} does not exist; run `broadsheet init` first")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()
    return path


# Any number that no other program uses for a PostgreSQL advisory lock on this database.
_MIGRATION_LOCK = 0x62726F6164  # "broad"


def _migrate(verbosity: int = 0) -> None:
    """Bring the database up to this release. On PostgreSQL under an advisory lock, so that
    nodes starting at once migrate one after the other (the second finds nothing to do), and
    without the statement time limit (a migration may rewrite a large table)."""
    from django.core.management import call_command

    with _migration_lock():
        call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("collectstatic", interactive=False, verbosity=0)


@contextmanager
def _migration_lock():
    """On PostgreSQL, the advisory lock, without the statement time limit; on SQLite, nothing
    (its own file lock serializes writers)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SELECT pg_advisory_lock(%s)", [_MIGRATION_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATION_LOCK])
            cursor.execute("RESET statement_timeout")


def cmd_init(args) -> None:
    path = _setup_django(args.data_dir, create=True)
    _migrate()
    _check_node()
    print(f"Data folder ready: {path}")


def cmd_migrate(args) -> None:
    _setup_django(args.data_dir)
    _migrate(verbosity=1)


def _check_node() -> None:
    """What a node must share with the instance's other nodes, checked before it serves."""
    from django.conf import settings

    from broadsheet.blogs.services.instance import check_secret_key

    check_secret_key()
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and not os.environ.get(
        "CACHE_URL"
    ):
        print(
            "broadsheet: warning: PostgreSQL without CACHE_URL: each machine keeps its own page "
            "cache on disk; with several nodes, set CACHE_URL=redis://… on every one, or a "
            "changed page may be served stale for up to an hour",
            file=sys.stderr,
            flush=True,
        )


def cmd_serve(args) -> None:
    path = _setup_django(args.data_dir, create=True)
    if not args.no_migrate:
        _migrate()
    _check_node()
    from broadsheet.server import serve

    serve(
        path,
        host=args.host,
        port=args.port,
        workers=args.workers,
        worker=not args.no_worker,
        threads=args.threads,
    )


def cmd_demo(args) -> None:
    # The demo's posts link to real sites: a demo tells none of them (no Webmentions).
    os.environ["BROADSHEET_SEND_WEBMENTIONS"] = "0"
    path = _setup_django(args.data_dir, create=True)
    _migrate()
    from broadsheet.demo import load_demo
    from broadsheet.demo.content import DEMO_PASSWORD
    from broadsheet.server import serve

    created = load_demo()
    print(
        ("Demo content loaded" if created else "Demo content already there") + ": blogs "
        f"/@dispatch/ and /@fieldnotes/. Sign in at /login/ as ada (administrator), grace "
        f"(editor), tomas (author) or sam (contributor); password {DEMO_PASSWORD}."
    )
    serve(
        path,
        host=args.host,
        port=args.port,
        workers=args.workers,
        worker=True,
        threads=args.threads,
    )


def cmd_user_create(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import create_user

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    if args.password_stdin and not password:
        raise config.ConfigError("no password on standard input")
    user = create_user(
        args.name,
        args.email,
        password=password,
        superuser=args.superuser,
        display_name=args.display_name,
    )
    print(f"Created user {user.username}{' (superuser)' if user.is_superuser else ''}")


def cmd_blog_create(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import get_user
    from broadsheet.blogs.services.blogs import create_blog

    blog = create_blog(
        args.slug,
        title=args.title,
        owner=get_user(args.owner),
        tagline=args.tagline or "",
        timezone=args.timezone,
        host=args.host,
    )
    print(f"Created blog {blog.slug}: {blog.base_url}")


def cmd_app_password_create(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import get_user
    from broadsheet.blogs.services.app_passwords import create_app_password

    _, secret = create_app_password(get_user(args.name), args.label or "")
    print(secret)


def cmd_app_password_list(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import get_user
    from broadsheet.blogs.services.app_passwords import app_passwords_of

    records = app_passwords_of(get_user(args.name))
    if not records:
        print(f"{args.name} has no application passwords")
    for record in records:
        used = (
            f"last used {record.last_used_at:%Y-%m-%d %H:%M} UTC"
            if record.last_used_at
            else "never used"
        )
        print(f"{record.uuid}  {record.label}  created {record.created_at:%Y-%m-%d}  {used}")


def cmd_app_password_revoke(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import get_user
    from broadsheet.blogs.services.app_passwords import (
        revoke_all_app_passwords,
        revoke_app_password,
    )

    user = get_user(args.name)
    if args.all:
        print(
            f"Revoked {revoke_all_app_passwords(user)} application password(s) of {user.username}"
        )
    elif args.uuid:
        record = revoke_app_password(user, args.uuid)
        print(f"Revoked {record.label} ({record.uuid}) of {user.username}")
    else:
        raise config.ConfigError("name the application password's UUID, or --all")


def cmd_user_set_active(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import get_user, set_active

    user = set_active(get_user(args.name), args.active)
    print(f"{user.username} is {'active' if user.is_active else 'deactivated'}")


def cmd_member_set(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import get_user
    from broadsheet.blogs.services.blogs import get_blog, set_role

    membership = set_role(get_blog(args.blog), get_user(args.name), args.role)
    print(f"{membership.user.username} is {membership.role} of {membership.blog.slug}")


def cmd_member_remove(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.accounts import get_user
    from broadsheet.blogs.services.blogs import get_blog, remove_member

    blog, user = get_blog(args.blog), get_user(args.name)
    remove_member(blog, user)
    print(f"{user.username} is no longer a member of {blog.slug}")


def cmd_member_list(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.blogs import get_blog, members

    for membership in members(get_blog(args.blog)):
        active = "" if membership.user.is_active else " (deactivated)"
        print(f"{membership.user.username}  {membership.role}{active}")


def cmd_import_wxr(args) -> None:
    _setup_django(args.data_dir)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from broadsheet.blogs.services.blogs import get_blog
    from broadsheet.migration.services.importer import import_wxr, parse_authors_map

    path = Path(args.file)
    if not path.is_file():
        raise config.ConfigError(f"no such file: {path}")
    blog = get_blog(args.blog)
    authors = parse_authors_map(args.authors) if args.authors else {}
    console = Console(stderr=True)
    with Progress(
        TextColumn("Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("items", total=None)
        downloads = progress.add_task("media", total=None, visible=False)
        summary = import_wxr(
            path,
            blog,
            authors_map=authors,
            dry_run=args.dry_run,
            download_media=not args.no_media,
            on_total=lambda total: progress.update(task, total=total),
            progress=lambda advance: progress.advance(task, advance),
            media_progress=lambda done, total: progress.update(
                downloads, completed=done, total=total, visible=True
            ),
        )
    table = Table(
        title=f"{'Dry run: nothing written. ' if args.dry_run else ''}{path.name} → {blog.slug}"
    )
    for column in ("", "new" if args.dry_run else "imported", "already there", "skipped"):
        table.add_column(column, justify="left" if not column else "right")
    for kind, imported, existing, skipped in summary.rows():
        table.add_row(kind, str(imported), str(existing), str(skipped))
    Console().print(table)
    for (kind, reason), count in sorted(summary.skipped.items()):
        print(f"skipped {count} {kind}(s): {reason}")
    for note in summary.notes:
        print(note)
    if summary.media:
        media = summary.media
        print(
            f"Media: {media.downloaded} file(s) downloaded, {media.posts_rewritten} post(s) now "
            f"show the local copies; {len(media.failures)} not downloaded"
            + (
                " (they keep their old address; run the import again to retry):"
                if media.failures
                else ""
            )
        )
        for failure in media.failures[:20]:
            print(f"  {failure}")
        if len(media.failures) > 20:
            print(f"  … and {len(media.failures) - 20} more")
    if summary.shortcodes:
        used = ", ".join(f"[{name}] ({count})" for name, count in summary.shortcodes.most_common())
        print(f"Shortcodes shown as written (not rendered yet): {used}")


def cmd_export_wxr(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.blogs import get_blog
    from broadsheet.migration.services.exporter import export_wxr

    blog = get_blog(args.blog)
    if args.output and args.output != "-":
        target = Path(args.output)
        if target.parent and not target.parent.is_dir():
            raise config.ConfigError(f"folder {target.parent} does not exist")
        partial = target.with_name(target.name + ".partial")
        with open(partial, "w", encoding="utf-8") as out:
            counts = export_wxr(blog, out)
        partial.replace(target)
        print(
            f"Wrote {target}: " + ", ".join(f"{n} {k}s" for k, n in counts.items()), file=sys.stderr
        )
    else:
        export_wxr(blog, sys.stdout)


def cmd_export_static(args) -> None:
    _setup_django(args.data_dir)
    import time

    from broadsheet.blogs.services.blogs import get_blog
    from broadsheet.migration.services.static_site import export_static

    blog = get_blog(args.blog)
    started = time.monotonic()
    summary = export_static(blog, Path(args.output), base_url=args.base_url)
    print(
        f"Wrote {args.output} in {time.monotonic() - started:.1f} s: {summary.pages} pages, "
        f"{summary.feeds} feeds and sitemaps, {summary.files} styles, media and avatars; "
        f"{summary.written} file(s) written, {summary.unchanged} unchanged, "
        f"{summary.deleted} deleted"
    )


def cmd_block(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.blogs import get_blog
    from broadsheet.federation.models import Block
    from broadsheet.federation.services import blocks

    blog = get_blog(args.blog) if args.blog else None
    where = f"on {blog.slug}" if blog else "on every blog"
    if args.action == "list":
        for entry in Block.objects.filter(blog=blog).order_by("domain", "actor_uri"):
            print(entry.actor_uri or entry.domain)
    elif args.action == "add":
        blocks.block(args.target, blog)
        print(f"Blocked {args.target} {where}")
    else:
        removed = blocks.unblock(args.target, blog)
        print(f"Unblocked {args.target} {where}" if removed else f"{args.target} was not blocked")


def cmd_follower(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.services.blogs import get_blog, update_blog
    from broadsheet.federation.models import Follower
    from broadsheet.federation.services import followers

    blog = get_blog(args.blog)
    if args.action == "list":
        for entry in Follower.objects.filter(blog=blog).select_related("actor").order_by("pk"):
            state = "" if entry.accepted else "  (waiting for approval)"
            print(f"{entry.actor.uri}  {entry.actor}{state}")
    elif args.action in ("lock", "unlock"):
        update_blog(blog, approves_followers=args.action == "lock")
        print(
            f"{blog.slug}: new followers {'wait for approval' if args.action == 'lock' else 'are accepted at once'}"
        )
    elif args.action == "approve":
        print(f"{followers.approve(blog, args.actor).actor} now follows {blog.slug}")
    else:
        followers.reject(blog, args.actor)
        print(f"Refused {args.actor}")


def cmd_backup(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.migration.services.backup import backup

    target = Path(args.output)
    summary = backup(target)
    print(
        f"Wrote {target}: the {summary.database} database and {summary.media_files} media "
        f"file(s), {summary.size / 1048576:.1f} MB"
    )


def cmd_restore(args) -> None:
    from broadsheet.migration.services import backup

    if args.data_dir:
        os.environ["BROADSHEET_DATA_DIR"] = args.data_dir
    source, data_dir = Path(args.file).resolve(), config.data_dir()
    # Checked before Django starts, because starting it writes a new secret key.
    backup.check_restorable(source, data_dir)
    existed = data_dir.exists()
    os.umask(0o077)
    try:
        backup.restore_secret_key(source, data_dir)
        _setup_django(args.data_dir, create=True)
        summary = backup.restore(source)
        _migrate()
    except BaseException:
        backup.discard_restore(data_dir, existed=existed)
        raise
    print(
        f"Restored {source.name} into {data_dir}: the {summary.database} database "
        f"and {summary.media_files} media file(s)"
    )


def cmd_rerender(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.blogs.models import Blog
    from broadsheet.blogs.services.blogs import get_blog
    from broadsheet.publishing.services.posts import rerender

    blogs = [get_blog(args.blog)] if args.blog else list(Blog.objects.order_by("slug"))
    for blog in blogs:
        print(f"{blog.slug}: {rerender(blog)} post(s) rendered anew")


def cmd_worker(args) -> None:
    _setup_django(args.data_dir)
    from broadsheet.jobs.services import run_pending, work_forever

    if args.once:
        print(f"Ran {run_pending()} job(s)")
        return
    _wait_for_database(_check_node)
    print("Worker running; press Ctrl-C to stop.", flush=True)
    work_forever()


def _wait_for_database(check) -> None:
    """Run `check` once the database answers: a worker started while the database is down (or
    restarting) waits for it rather than exiting."""
    from django.db import OperationalError, close_old_connections

    pause = 1.0
    while True:
        try:
            return check()
        except OperationalError as exc:
            print(
                f"broadsheet: waiting for the database ({_first_line(exc)}); trying again in "
                f"{pause:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            close_old_connections()
            time.sleep(pause)
            pause = min(30.0, pause * 2)


def build_parser() -> argparse.ArgumentParser:
    data_dir_help = "data folder (default: $BROADSHEET_DATA_DIR or ./broadsheet-data)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=data_dir_help)
    parser = argparse.ArgumentParser(
        prog="broadsheet", description="Broadsheet publishing platform"
    )
    parser.add_argument("--data-dir", help=data_dir_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(group, name: str, help_text: str):
        return group.add_parser(name, help=help_text, parents=[common])

    init = command(commands, "init", "create and migrate the data folder")
    init.set_defaults(handler=cmd_init)
    migrate = command(commands, "migrate", "bring the database up to this release")
    migrate.set_defaults(handler=cmd_migrate)

    for name, handler, help_text in (
        ("serve", cmd_serve, "serve the site with a production server"),
        ("demo", cmd_demo, "load demo content and serve it"),
    ):
        sub = command(commands, name, help_text)
        sub.add_argument("--host", default="127.0.0.1")
        sub.add_argument("--port", type=int, default=8000)
        sub.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        sub.add_argument(
            "--threads",
            type=int,
            default=None,
            help="requests each worker process serves at once (default: twice the cores, and one)",
        )
        if name == "serve":
            sub.add_argument(
                "--no-worker",
                action="store_true",
                help="do not run background jobs in a companion process",
            )
            sub.add_argument(
                "--no-migrate",
                action="store_true",
                help="do not migrate the database first (run `broadsheet migrate` as a release "
                "step instead)",
            )
        sub.set_defaults(handler=handler)

    user = commands.add_parser("user", help="manage accounts").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    user_create = command(user, "create", "make an account")
    user_create.add_argument("name")
    user_create.add_argument("--email", required=True)
    user_create.add_argument("--superuser", action="store_true")
    user_create.add_argument("--display-name", default="", help="the name shown on bylines")
    user_create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    user_create.set_defaults(handler=cmd_user_create)
    for name, active, help_text in (
        ("deactivate", False, "stop an account from signing in (its posts stay)"),
        ("activate", True, "let a deactivated account sign in again"),
    ):
        toggle = command(user, name, help_text)
        toggle.add_argument("name")
        toggle.set_defaults(handler=cmd_user_set_active, active=active)

    member = commands.add_parser("member", help="manage who writes for a blog").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    member_set = command(member, "set", "add a member to a blog, or change their role")
    member_set.add_argument("blog", help="slug of the blog")
    member_set.add_argument("name", help="user name")
    member_set.add_argument("role", help="administrator, editor, author, contributor or subscriber")
    member_set.set_defaults(handler=cmd_member_set)
    member_remove = command(member, "remove", "remove a member from a blog")
    member_remove.add_argument("blog", help="slug of the blog")
    member_remove.add_argument("name", help="user name")
    member_remove.set_defaults(handler=cmd_member_remove)
    member_list = command(member, "list", "list a blog's members and their roles")
    member_list.add_argument("blog", help="slug of the blog")
    member_list.set_defaults(handler=cmd_member_list)

    blog = commands.add_parser("blog", help="manage blogs").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    blog_create = command(blog, "create", "make a blog")
    blog_create.add_argument("slug")
    blog_create.add_argument("--title", required=True)
    blog_create.add_argument("--owner", required=True, help="user name of the owner")
    blog_create.add_argument("--tagline")
    blog_create.add_argument("--timezone", default="UTC")
    blog_create.add_argument("--host", help="a host name mapped to the blog")
    blog_create.set_defaults(handler=cmd_blog_create)

    app_password = commands.add_parser("app-password", help="REST API application passwords")
    app_password_actions = app_password.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    app_password_create = command(app_password_actions, "create", "print a new one")
    app_password_create.add_argument("name", help="user name")
    app_password_create.add_argument("--label")
    app_password_create.set_defaults(handler=cmd_app_password_create)
    app_password_list = command(app_password_actions, "list", "list a user's")
    app_password_list.add_argument("name", help="user name")
    app_password_list.set_defaults(handler=cmd_app_password_list)
    app_password_revoke = command(app_password_actions, "revoke", "revoke one, or all")
    app_password_revoke.add_argument("name", help="user name")
    app_password_revoke.add_argument("uuid", nargs="?", help="as `app-password list` shows it")
    app_password_revoke.add_argument("--all", action="store_true", help="revoke every one")
    app_password_revoke.set_defaults(handler=cmd_app_password_revoke)

    import_wxr = command(commands, "import-wxr", "import a WordPress export (WXR) into a blog")
    import_wxr.add_argument("file", help="a WXR file (.xml or .xml.gz)")
    import_wxr.add_argument("--blog", required=True, help="slug of the blog to import into")
    import_wxr.add_argument("--authors", help="a file of old_login=new_username lines")
    import_wxr.add_argument("--dry-run", action="store_true", help="check and count; write nothing")
    import_wxr.add_argument(
        "--no-media",
        action="store_true",
        help="leave attachments at their old address instead of downloading them",
    )
    import_wxr.set_defaults(handler=cmd_import_wxr)

    export_wxr = command(commands, "export-wxr", "export a blog as a WordPress export (WXR 1.2)")
    export_wxr.add_argument("--blog", required=True)
    export_wxr.add_argument("-o", "--output", help="file to write (default: standard output)")
    export_wxr.set_defaults(handler=cmd_export_wxr)

    export_static = command(commands, "export-static", "write the public blog as static files")
    export_static.add_argument("--blog", required=True)
    export_static.add_argument("-o", "--output", required=True, help="the folder to write")
    export_static.add_argument(
        "--base-url", help="where the copy will be served, for feeds (default: the blog's address)"
    )
    export_static.set_defaults(handler=cmd_export_static)

    block = commands.add_parser(
        "block", help="fediverse accounts or domains that may not reach the blogs"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, help_text in (
        ("add", "block an actor (its address) or a whole domain"),
        ("remove", "lift a block"),
        ("list", "list the blocks"),
    ):
        sub = command(block, name, help_text)
        if name != "list":
            sub.add_argument("target", help="an actor's address, or a domain")
        sub.add_argument("--blog", help="only this blog (default: every blog, the operator's)")
        sub.set_defaults(handler=cmd_block)

    follower = commands.add_parser(
        "follower", help="a blog's followers on the fediverse"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, help_text in (
        ("list", "list the followers and the requests waiting"),
        ("lock", "make new followers wait for approval"),
        ("unlock", "accept new followers at once"),
        ("approve", "accept a waiting follow request"),
        ("reject", "refuse a waiting follow request"),
    ):
        sub = command(follower, name, help_text)
        sub.add_argument("blog", help="slug of the blog")
        if name in ("approve", "reject"):
            sub.add_argument("actor", help="the follower's address, as `follower list` shows it")
        sub.set_defaults(handler=cmd_follower)

    backup = command(commands, "backup", "a consistent copy of the data, taken while serving")
    backup.add_argument("-o", "--output", required=True, help="the backup file to write")
    backup.set_defaults(handler=cmd_backup)
    restore = command(commands, "restore", "bring a backup back into an empty data folder")
    restore.add_argument("file", help="a file written by `broadsheet backup`")
    restore.set_defaults(handler=cmd_restore)

    rerender = command(
        commands, "rerender", "render every post again from its source (after an upgrade)"
    )
    rerender.add_argument("--blog", help="only this blog (default: all)")
    rerender.set_defaults(handler=cmd_rerender)

    worker = command(commands, "worker", "run background jobs")
    worker.add_argument("--once", action="store_true", help="run what is due, then exit")
    worker.set_defaults(handler=cmd_worker)
    return parser


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from django.db import DatabaseError, OperationalError

    from broadsheet.errors import BroadsheetError

    try:
        args.handler(args)
    except (config.ConfigError, BroadsheetError) as exc:
        print(f"broadsheet: error: {exc}", file=sys.stderr)
        return 1
    except DatabaseError as exc:
        first_line = _first_line(exc)
        if isinstance(exc, OperationalError) and "no such table" not in first_line:
            print(f"broadsheet: error: cannot reach the database ({first_line})", file=sys.stderr)
        else:
            print(
                f"broadsheet: error: database not ready ({first_line}); run `broadsheet init`",
                file=sys.stderr,
            )
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
