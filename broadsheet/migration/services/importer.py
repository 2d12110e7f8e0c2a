"""WordPress import: a WXR file into one blog, whole, with its old links kept.

Two passes over the file (it is streamed, never held whole): the first checks every record and
counts them, so that a malformed file is refused before anything is written; the second writes
in batches, each one transaction, recording what every WordPress object became. Running the
same import again, or again after it was interrupted, finds what is there and adds the rest.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from broadsheet import events
from broadsheet.blogs.models import Blog, Membership, Role, User
from broadsheet.blogs.services.blogs import update_blog
from broadsheet.engagement.models import Comment, CommentStatus, CommentType
from broadsheet.errors import InvalidInput
from broadsheet.migration.models import ImportedObject, LegacyPath
from broadsheet.migration.services import attachments, zones
from broadsheet.migration.services.wxr_reader import Author, Item, Term, WxrError, WxrReader
from broadsheet.publishing.models import Category, Media, Post, PostKind, Revision, Tag
from broadsheet.publishing.services import rendering, wordpress_markup
from broadsheet.publishing.services.posts import revision_of
from broadsheet.publishing.services.terms import child_path, first_free, slug_base
from broadsheet.validation import calendar_moment, ip_address_or_none

BATCH = 250
_STATUSES = {"publish", "draft", "pending", "private", "future", "trash"}
_COMMENT_STATUSES = {
    "1": CommentStatus.APPROVED,
    "0": CommentStatus.HOLD,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
    "post-trashed": CommentStatus.TRASH,
}


# Pingbacks and trackbacks keep their type: they show apart from the comments.
_COMMENT_TYPES = {"pingback": CommentType.PINGBACK, "trackback": CommentType.TRACKBACK}

# The WordPress post types imported, and what the summary counts them as.
_KIND_OF_POST_TYPE = {"post": "post", "page": "page", "attachment": "attachment"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


@dataclass
class ImportSummary:
    """What came in, what was already there, and what was skipped and why."""

    imported: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # (kind, reason) -> count
    items_in_file: int = 0
    notes: list[str] = field(default_factory=list)  # what the operator should know
    shortcodes: Counter = field(default_factory=Counter)  # shown as text, by name
    # (UTC moment, the site's offset) of items that carry both dates: the site's time zone.
    zone_samples: list = field(default_factory=list)
    media: attachments.MediaDownloads | None = None  # when attachments were downloaded

    def rows(self) -> list[tuple[str, int, int, int]]:
        kinds = ["author", "category", "tag", "post", "page", "attachment", "comment"]
        skipped_by_kind = Counter()
        for (kind, _), count in self.skipped.items():
            skipped_by_kind[kind] += count
        return [(k, self.imported[k], self.existing[k], skipped_by_kind[k]) for k in kinds]


def parse_authors_map(path: Path | str) -> dict[str, str]:
    """`old_login=new_username` per line; blank lines and # comments are ignored."""
    mapping = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        old, sep, new = line.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise WxrError(f"authors map {path}, line {number}: expected old_login=new_username")
        mapping[old.strip()] = new.strip()
    return mapping


def _parse_date(value: str, zone: ZoneInfo, line: int) -> datetime | None:
    if not value or value.startswith("0000-00-00"):
        return None
    if not _DATE.match(value):
        raise WxrError(f"date {value!r} is not YYYY-MM-DD HH:MM:SS", line)
    try:
        moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
        return calendar_moment(moment)
    except ValueError:
        raise WxrError(f"date {value!r} does not exist", line) from None
    except InvalidInput as exc:
        raise WxrError(f"date {value!r}: {exc.message}", line) from None


def _when(item_gmt: str, item_local: str, zone: ZoneInfo, line: int) -> datetime | None:
    return _parse_date(item_gmt, ZoneInfo("UTC"), line) or _parse_date(item_local, zone, line)


def _teaser(content: str) -> str:
    """WordPress shows the text before `<!--more-->` on archive pages: keep it as the excerpt."""
    head = wordpress_markup.more_split(content)
    return (
        rendering.make_excerpt(rendering.sanitize(wordpress_markup.to_html(head))) if head else ""
    )


def check(path: Path | str, blog: Blog) -> tuple[ImportSummary, dict[str, Author]]:
    """The first pass: read everything, refuse a bad file, count what is there."""
    zone = ZoneInfo(blog.timezone)
    summary = ImportSummary()
    authors: dict[str, Author] = {}
    for record in WxrReader(path):
        if isinstance(record, Author):
            authors[record.login] = record
        elif isinstance(record, Item):
            summary.items_in_file += 1
            _when(record.post_date_gmt, record.post_date, zone, record.line)
            gmt = _parse_date(record.post_date_gmt, ZoneInfo("UTC"), record.line)
            local = _parse_date(record.post_date, ZoneInfo("UTC"), record.line)
            if gmt and local and len(summary.zone_samples) < zones.SAMPLES:
                summary.zone_samples.append(zones.sample(local, gmt))
            for comment in record.comments:
                _when(comment.date_gmt, comment.date, zone, record.line)
    return summary, authors


class _Importer:
    def __init__(self, path, blog: Blog, authors_map: dict[str, str], progress: Callable | None):
        self.path, self.blog, self.authors_map = Path(path), blog, authors_map
        self.progress = progress or (lambda advance: None)
        self.zone = ZoneInfo(blog.timezone)
        self.summary = ImportSummary()
        self.users: dict[str, User] = {}
        self.categories: dict[str, Category] = {
            c.slug: c for c in Category.objects.filter(blog=blog)
        }
        self.tags: dict[str, Tag] = {t.slug: t for t in Tag.objects.filter(blog=blog)}
        self.slugs = set(Post.objects.filter(blog=blog).values_list("slug", flat=True))
        self.legacy_paths = set(LegacyPath.objects.filter(blog=blog).values_list("path", flat=True))
        self.mapped = defaultdict(dict)
        for kind, source, target in ImportedObject.objects.filter(blog=blog).values_list(
            "kind", "source_id", "object_id"
        ):
            self.mapped[kind][source] = target
        # (post source id, parent source, thumbnail source), and (attachment, its post)
        self.links: list[tuple[str, str, str]] = []
        self.attachment_parents: list[tuple[str, str]] = []
        self.new_post_ids: list[int] = []
        self.header = None

    # Authors and terms ---------------------------------------------------------------------

    def user_for(self, login: str, declared: dict[str, Author]) -> User:
        login = login or "imported"
        if login in self.users:
            return self.users[login]
        author = declared.get(login, Author(login))
        user = self._existing_account(login, author)
        if user is None:
            wanted = login if User.username_validator.regex.match(login) else slugify(login)
            # A local account with the same name is someone else until the operator says
            # otherwise (--authors): the newcomer gets a name of their own.
            username = first_free(
                (wanted or "imported")[:140],
                set(
                    User.objects.filter(
                        username__istartswith=(wanted or "imported")[:140]
                    ).values_list("username", flat=True)
                ),
            )
            if username != login:
                self.summary.notes.append(
                    f"Author {login!r} became the new account {username!r} (the name was taken)."
                )
            user = User(
                username=username[:150],
                email=author.email,
                first_name=author.first_name[:150],
                last_name=author.last_name[:150],
                display_name=author.display_name or login,
            )
            user.set_unusable_password()
            user.save()
            self.summary.imported["author"] += 1
        else:
            self.summary.existing["author"] += 1
        if login[:200] not in self.mapped["author"]:
            self._record("author", [(login, user.pk)])
        if (
            not Membership.objects.filter(blog=self.blog, user=user).exists()
            and user.pk != self.blog.owner_id
        ):
            Membership.objects.create(blog=self.blog, user=user, role=Role.AUTHOR)
        self.users[login] = user
        return user

    def _existing_account(self, login: str, author: Author) -> User | None:
        """The local account an author maps to: the one an earlier run of this import made or
        chose, the operator's map, else the account with the same e-mail."""
        earlier = self.mapped["author"].get(login[:200])
        if earlier is not None:
            user = User.objects.filter(pk=earlier).first()
            if user is not None:
                return user
        mapped = self.authors_map.get(login)
        if mapped:
            user = User.objects.filter(username__iexact=mapped).first()
            if user is None:
                raise WxrError(f"the authors map sends {login!r} to {mapped!r}, who has no account")
            return user
        if author.email:
            user = User.objects.filter(email__iexact=author.email).order_by("pk").first()
            if user is not None:
                self.summary.notes.append(
                    f"Author {login!r} is the existing account {user.username!r} (same e-mail)."
                )
                return user
        return None

    def term(self, term: Term) -> Category | Tag | None:
        if term.taxonomy not in ("category", "post_tag"):
            self.summary.skipped[("term", f"taxonomy {term.taxonomy} is not imported")] += 1
            return None
        store, model, kind = (
            (self.categories, Category, "category")
            if term.taxonomy == "category"
            else (self.tags, Tag, "tag")
        )
        slug = slug_base(term.slug, "") or slug_base(term.name, "term")
        if slug in store:
            return store[slug]
        obj = model(blog=self.blog, name=term.name[:200], slug=slug, description=term.description)
        if model is Category:
            parent = (
                self.categories.get(slugify(term.parent_slug, allow_unicode=True))
                if term.parent_slug
                else None
            )
            obj.parent = parent
            obj.path = child_path(parent.path if parent else None, slug)
        obj.save()
        store[slug] = obj
        self.summary.imported[kind] += 1
        return obj

    def channel_terms(self, terms: list[Term]) -> None:
        """Categories in an order where every parent comes before its children."""
        pending = [t for t in terms if t.taxonomy == "category"]
        for _ in range(len(pending) + 1):
            later = []
            for term in pending:
                parent_slug = slugify(term.parent_slug, allow_unicode=True)
                if (
                    parent_slug
                    and parent_slug not in self.categories
                    and any(slugify(t.slug, allow_unicode=True) == parent_slug for t in pending)
                ):
                    later.append(term)
                    continue
                existed = slugify(term.slug, allow_unicode=True) in self.categories
                self.term(term)
                if existed:
                    self.summary.existing["category"] += 1
            if not later or len(later) == len(pending):
                for term in later:  # a cycle: import them flat
                    self.term(Term(term.taxonomy, term.slug, term.name, "", term.description))
                break
            pending = later
        for term in terms:
            if term.taxonomy != "category":
                existed = slugify(term.slug, allow_unicode=True) in self.tags
                self.term(term)
                if existed and term.taxonomy == "post_tag":
                    self.summary.existing["tag"] += 1

    # Items ---------------------------------------------------------------------------------

    def unique_slug(self, wanted: str) -> str:
        """terms.unique_slug's rule, against the slugs read once at the start."""
        slug = first_free(slug_base(wanted, "post"), self.slugs)
        self.slugs.add(slug)
        return slug

    def legacy_path(self, item: Item) -> str | None:
        parts = urlsplit(item.link)
        if not parts.path or parts.query:
            return None
        root = urlsplit(self.header.base_blog_url or self.header.base_site_url).path.rstrip("/")
        path = parts.path[len(root) :] if root and parts.path.startswith(root) else parts.path
        # As Django hands paths to the middleware that redirects old links: decoded.
        path = unquote(path).strip("/")
        return f"{path}/" if path else None

    def add_item(self, item: Item, declared: dict[str, Author], batch: dict) -> None:
        kind = _KIND_OF_POST_TYPE.get(item.post_type)
        if kind is None:
            self.summary.skipped[("post", f"post type {item.post_type} is not imported")] += 1
            return
        if kind == "attachment":
            self.attachment_parents.append((item.source_id, item.parent_id))
        else:
            self.links.append((item.source_id, item.parent_id, item.meta.get("_thumbnail_id", "")))
        if item.source_id in self.mapped["attachment" if kind == "attachment" else "post"]:
            self.summary.existing[kind] += 1
            self.summary.existing["comment"] += len(item.comments)
            return
        if kind == "attachment":
            batch["media"].append(
                (
                    item,
                    Media(
                        blog=self.blog,
                        uploader=self.user_for(item.creator, declared),
                        source_url=item.attachment_url or item.guid,
                        title=item.title[:300],
                        caption=item.excerpt,
                        alt_text=item.meta.get("_wp_attachment_image_alt", "")[:500],
                        mime_type="image/"
                        + (item.attachment_url.rsplit(".", 1)[-1].lower() or "jpeg")[:20],
                    ),
                )
            )
            return
        status = item.status if item.status in _STATUSES else None
        if status is None:
            self.summary.skipped[(kind, f"status {item.status or 'none'} is not imported")] += 1
            return
        published = (
            _when(item.post_date_gmt, item.post_date, self.zone, item.line) or timezone.now()
        )
        post = Post(
            blog=self.blog,
            kind=PostKind.PAGE if kind == "page" else PostKind.POST,
            title=item.title[:500],
            source=item.content,
            source_format="wordpress",
            excerpt=item.excerpt.strip() or _teaser(item.content),
            status=status,
            published_at=published,
            author=self.user_for(item.creator, declared),
            comments_open=item.comment_status == "open",
            sticky=item.sticky,
            menu_order=int(item.menu_order or 0) if item.menu_order.lstrip("-").isdigit() else 0,
            password=item.password[:255],
        )
        rendering.render_post(post)
        self.summary.shortcodes.update(wordpress_markup.unknown_shortcodes(post.source))
        # WordPress exports a non-ASCII slug percent-encoded ("%c2%bfense%c3%b1anza"): kept as
        # the Unicode it stands for, not as its hex digits.
        post.slug = self.unique_slug(unquote(item.post_name) or item.title or item.source_id)
        if post.kind == PostKind.PAGE:
            post.page_path = post.slug
        terms = [t for t in (self.term(term) for term in item.terms) if t is not None]
        batch["posts"].append((item, post, terms))

    def write_batch(self, batch: dict) -> None:
        with transaction.atomic():
            self._write_media(batch["media"])
            self._write_posts(batch["posts"])
        self.progress(len(batch["media"]) + len(batch["posts"]) + batch["other"])
        batch["media"], batch["posts"], batch["other"] = [], [], 0

    def _record(self, kind: str, pairs) -> None:
        objects = [
            ImportedObject(blog=self.blog, kind=kind, source_id=source[:200], object_id=target)
            for source, target in pairs
        ]
        ImportedObject.objects.bulk_create(objects)
        for entry in objects:
            self.mapped[kind][entry.source_id] = entry.object_id

    def _write_media(self, media: list) -> None:
        if not media:
            return
        Media.objects.bulk_create([m for _, m in media])
        # auto_now_add stamps the insert with now: put back the dates WordPress recorded.
        dated = []
        for item, m in media:
            when = _when(item.post_date_gmt, item.post_date, self.zone, item.line)
            if when is not None:
                m.created_at = when
                dated.append(m)
        Media.objects.bulk_update(dated, ["created_at"])
        self._record("attachment", [(item.source_id, m.pk) for item, m in media])
        self.summary.imported["attachment"] += len(media)

    def _write_posts(self, posts: list) -> None:
        if not posts:
            return
        Post.objects.bulk_create([post for _, post, _ in posts])
        self._record("post", [(item.source_id, post.pk) for item, post, _ in posts])
        old_ids = [
            (item.wordpress_id, post.pk)
            for item, post, _ in posts
            if item.wordpress_id and item.wordpress_id not in self.mapped["wp_id"]
        ]
        self._record("wp_id", old_ids)
        Revision.objects.bulk_create([revision_of(post, post.author) for _, post, _ in posts])
        category_links, tag_links, legacy = [], [], []
        for item, post, terms in posts:
            self.summary.imported[post.kind] += 1
            self.new_post_ids.append(post.pk)
            for term in {(type(t), t.pk): t for t in terms}.values():
                if isinstance(term, Category):
                    category_links.append(
                        Post.categories.through(post_id=post.pk, category_id=term.pk)
                    )
                else:
                    tag_links.append(Post.tags.through(post_id=post.pk, tag_id=term.pk))
            path = self.legacy_path(item)
            if path and path not in self.legacy_paths:
                self.legacy_paths.add(path)
                legacy.append(LegacyPath(blog=self.blog, path=path[:1000], post=post))
        Post.categories.through.objects.bulk_create(category_links)
        Post.tags.through.objects.bulk_create(tag_links)
        LegacyPath.objects.bulk_create(legacy)
        self._write_comments(posts)

    def _write_comments(self, posts: list) -> None:
        made: list[tuple[str, Comment, str]] = []
        counts = Counter()
        for item, post, _ in posts:
            for c in item.comments:
                status = _COMMENT_STATUSES.get(c.approved, CommentStatus.HOLD)
                created = _when(c.date_gmt, c.date, self.zone, item.line) or post.published_at
                comment = Comment(
                    post=post,
                    author_name=c.author[:200] or "Anonymous",
                    author_email=c.email[:254],
                    author_url=c.url[:500] if rendering.is_web_link(c.url) else "",
                    author_ip=ip_address_or_none(c.ip),
                    body=c.content,
                    comment_type=_COMMENT_TYPES.get(c.kind, CommentType.COMMENT),
                    source_url=c.url[:1000]
                    if c.kind in _COMMENT_TYPES and rendering.is_web_link(c.url)
                    else "",
                    body_html=rendering.sanitize(
                        wordpress_markup.to_html(c.content), user_generated=True
                    ),
                    status=status,
                )
                made.append((f"{item.source_id}#{c.source_id}", comment, c.parent_id, created))
                if status == CommentStatus.APPROVED:
                    counts[post.pk] += 1
        if not made:
            return
        Comment.objects.bulk_create([comment for _, comment, _, _ in made])
        # auto_now_add stamps the insert with now: put back the dates WordPress recorded.
        for _, comment, _, created in made:
            comment.created_at = created
        Comment.objects.bulk_update([comment for _, comment, _, _ in made], ["created_at"])
        self._record("comment", [(source, comment.pk) for source, comment, _, _ in made])
        by_source = {source: comment for source, comment, _, _ in made}
        threaded = []
        for source, comment, parent, _ in made:
            if parent and parent != "0":
                parent_comment = by_source.get(f"{source.split('#', 1)[0]}#{parent}")
                if parent_comment is not None:
                    comment.parent_id = parent_comment.pk
                    threaded.append(comment)
        Comment.objects.bulk_update(threaded, ["parent"])
        for post_id, count in counts.items():
            Post.objects.filter(pk=post_id).update(comment_count=count)
        self.summary.imported["comment"] += len(made)

    # After the items -----------------------------------------------------------------------

    def finish(self) -> None:
        """Page parents, featured images, and links to the old site, once everything is in."""
        posts = self.mapped["post"]
        media = self.mapped["attachment"]
        with transaction.atomic():
            for source, parent_source, thumbnail_source in self.links:
                post_id = posts.get(source)
                if post_id is None:
                    continue
                changes = {}
                if parent_source and parent_source != "0" and parent_source in posts:
                    changes["parent_id"] = posts[parent_source]
                if thumbnail_source and thumbnail_source in media:
                    changes["featured_image_id"] = media[thumbnail_source]
                if changes:
                    Post.objects.filter(pk=post_id).update(**changes)
            for source, parent_source in self.attachment_parents:
                if source in media and parent_source in posts:
                    Media.objects.filter(pk=media[source]).update(
                        attached_to_id=posts[parent_source]
                    )
            self._page_paths()
            self._rewrite_links()
            self._render_galleries()

    def _page_paths(self) -> None:
        pages = {
            p.pk: p
            for p in Post.objects.filter(blog=self.blog, kind=PostKind.PAGE).only(
                "pk", "slug", "parent_id", "page_path"
            )
        }

        def path_of(page, seen=()):
            parent = pages.get(page.parent_id)
            if parent is None or parent.pk in seen:
                return page.slug
            return child_path(path_of(parent, (*seen, page.pk)), page.slug)

        changed = []
        for page in pages.values():
            path = path_of(page)
            if path != page.page_path:
                page.page_path = path
                changed.append(page)
        Post.objects.bulk_update(changed, ["page_path"])

    def _render_galleries(self) -> None:
        """A [gallery] shows the post's attachments, which are linked to it only now."""
        for chunk_start in range(0, len(self.new_post_ids), 500):
            ids = self.new_post_ids[chunk_start : chunk_start + 500]
            posts = list(Post.objects.filter(pk__in=ids, source__icontains="[gallery"))
            for post in posts:
                rendering.render_post(post)
            Post.objects.bulk_update(posts, ["content_html", "summary"])

    def _rewrite_links(self) -> None:
        """Links inside imported posts that point at old permalinks now point at new ones."""
        bases = {b.rstrip("/") for b in (self.header.base_blog_url, self.header.base_site_url) if b}
        if not bases or not self.new_post_ids:
            return
        targets = {
            legacy.path: legacy.post.url_path
            for legacy in LegacyPath.objects.filter(blog=self.blog).select_related("post__blog")
        }
        pattern = re.compile(
            "("
            + "|".join(re.escape(b) for b in sorted(bases, key=len, reverse=True))
            + r")/([^\s\"'<>?#]*)"
        )
        # Relative to the instance (/@slug/…): right whatever the base URL becomes later; a
        # mapped host redirects such addresses to its root (blogs.views.main_host_address).
        new_root = self.blog.path

        def replace(match: re.Match) -> str:
            path = match.group(2)
            key = path if path.endswith("/") else f"{path}/"
            return new_root + targets[key] if key in targets else match.group(0)

        for chunk_start in range(0, len(self.new_post_ids), 500):
            ids = self.new_post_ids[chunk_start : chunk_start + 500]
            changed = []
            for post in Post.objects.filter(pk__in=ids).only("pk", "source", "source_format"):
                rewritten = pattern.sub(replace, post.source)
                if rewritten != post.source:
                    post.source = rewritten
                    rendering.render_post(post)
                    changed.append(post)
            Post.objects.bulk_update(changed, ["source", "content_html", "summary"])


def _take_site_zone(blog: Blog, samples: list, *, dry_run: bool) -> list[str]:
    """A new, empty blog in UTC takes the exported site's time zone, so that its posts keep
    their calendar days and their day-and-name links; any other blog is only told."""
    found = zones.site_zone(samples)
    if found is None or found == blog.timezone:
        return []
    fresh = blog.timezone == "UTC" and not Post.objects.filter(blog=blog).exists()
    if fresh and not dry_run:
        update_blog(blog, timezone=found)
        return [f"The blog's time zone is now {found}, the exported site's."]
    if fresh:
        return [f"The blog's time zone would become {found}, the exported site's."]
    return [
        f"The exported site was in {found}; this blog is in {blog.timezone}: posts near "
        "midnight may fall on another day, and their old day-and-name links redirect."
    ]


def import_wxr(
    path: Path | str,
    blog: Blog,
    *,
    authors_map: dict[str, str] | None = None,
    dry_run: bool = False,
    download_media: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    media_progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import a WXR file into `blog`; returns the summary. Raises WxrError before writing
    anything when the file is malformed. With `download_media`, attachments still at their old
    address are downloaded afterwards and the posts pointed at the copies."""
    checked, declared = check(path, blog)
    if on_total:
        on_total(checked.items_in_file)
    notes = _take_site_zone(blog, checked.zone_samples, dry_run=dry_run)
    importer = _Importer(path, blog, authors_map or {}, progress)
    importer.summary.notes += notes
    if dry_run:
        return _dry_run(path, importer, checked)
    reader = WxrReader(path)
    importer.header = reader.header
    channel_terms: list[Term] = []
    batch = {"media": [], "posts": [], "other": 0}
    terms_done = False
    for record in reader:
        if isinstance(record, Author):
            continue
        if isinstance(record, Term):
            channel_terms.append(record)
            continue
        if not terms_done:
            with transaction.atomic():
                importer.channel_terms(channel_terms)
            terms_done = True
        before = len(batch["media"]) + len(batch["posts"])
        importer.add_item(record, declared, batch)
        if len(batch["media"]) + len(batch["posts"]) == before:
            batch["other"] += 1
        if len(batch["media"]) + len(batch["posts"]) >= BATCH:
            importer.write_batch(batch)
    if not terms_done:
        with transaction.atomic():
            importer.channel_terms(channel_terms)
    importer.write_batch(batch)
    for login in declared:
        importer.user_for(login, declared)
    importer.finish()
    if download_media:
        importer.summary.media = attachments.download(blog, progress=media_progress)
    events.emit(events.blog_changed, blog=blog)
    importer.summary.items_in_file = checked.items_in_file
    return importer.summary


def _dry_run(path, importer: _Importer, checked: ImportSummary) -> ImportSummary:
    """Counts what an import would bring in, writing nothing."""
    summary = ImportSummary(items_in_file=checked.items_in_file, notes=importer.summary.notes)
    for record in WxrReader(path):
        if isinstance(record, Author):
            exists = importer._existing_account(record.login, record) is not None
            (summary.existing if exists else summary.imported)["author"] += 1
        elif isinstance(record, Term):
            if record.taxonomy in ("category", "post_tag"):
                kind = "category" if record.taxonomy == "category" else "tag"
                store = importer.categories if kind == "category" else importer.tags
                (
                    summary.existing
                    if slugify(record.slug, allow_unicode=True) in store
                    else summary.imported
                )[kind] += 1
        else:
            kind = _KIND_OF_POST_TYPE.get(record.post_type)
            if kind is None:
                summary.skipped[("post", f"post type {record.post_type} is not imported")] += 1
                continue
            mapped = importer.mapped["attachment" if kind == "attachment" else "post"]
            target = summary.existing if record.source_id in mapped else summary.imported
            target[kind] += 1
            target["comment"] += len(record.comments)
    return summary


def legacy_query_target(blog: Blog, query: dict) -> Post | None:
    """The post an old `?p=<id>` or `?page_id=<id>` link meant."""
    for name in ("p", "page_id"):
        value = query.get(name)
        if value and value.isdigit():
            entry = ImportedObject.objects.filter(blog=blog, kind="wp_id", source_id=value).first()
            if entry:
                return Post.objects.filter(pk=entry.object_id).select_related("blog").first()
    return None


def legacy_path_target(blog: Blog, path: str) -> Post | None:
    entry = LegacyPath.objects.filter(blog=blog, path=path).select_related("post__blog").first()
    return entry.post if entry else None
