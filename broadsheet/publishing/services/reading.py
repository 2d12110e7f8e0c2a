"""What readers see: the post page and the archives, each in a fixed number of queries, and
who may read what."""

import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve

from broadsheet.addresses import BLOG_URLCONF, calendar_arguments, page_path, paged
from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services import permissions
from broadsheet.errors import NotFound
from broadsheet.publishing.models import Category, Media, Post, PostKind, Tag
from broadsheet.publishing.models.post import PUBLIC_STATUS
from broadsheet.publishing.services.terms import category_by_path
from broadsheet.sql import ModelQuery, as_datetime
from broadsheet.validation import search_text


def listed_posts(blog: Blog) -> QuerySet:
    """Posts as the archives list them: summaries, not their text (page_of adds the rest)."""
    return (
        Post.objects.filter(blog=blog)
        .posts()
        .visible()
        .defer("source", "content_html")
        .select_related("author", "featured_image")
    )


# The post page is what every uncached reader's request renders, so its lookups are written as
# plain SQL: compiling the equivalent ORM query costs several times more than running it
# (bench/post_page.py measures the page). Each query is portable between SQLite and PostgreSQL.
# Post.objects.visible() in SQL: the same one definition (models/post.py, PUBLIC_STATUS).
VISIBLE_SQL = f"status = '{PUBLIC_STATUS.value}'"
_POST, _MEDIA, _USER = Post._meta.db_table, Media._meta.db_table, User._meta.db_table
MEDIA_COLUMNS_SQL = (
    "m.id AS m_id, m.file AS m_file, m.thumbnail AS m_thumbnail, m.source_url AS m_source_url, "
    "m.alt_text AS m_alt_text, "
    "m.caption AS m_caption, m.width AS m_width, m.height AS m_height"
)
_PAGE_POST_SQL = f"""
    SELECT p.*, u.username AS a_username, u.display_name AS a_display_name,
           u.first_name AS a_first_name, u.last_name AS a_last_name, u.email AS a_email,
           {MEDIA_COLUMNS_SQL}
    FROM {_POST} p JOIN {_USER} u ON u.id = p.author_id
    LEFT JOIN {_MEDIA} m ON m.id = p.featured_image_id
    WHERE p.blog_id = %(blog)s AND p.kind = %(kind)s AND p.{{field}} = %(value)s
"""
_POST_BY = {
    field: ModelQuery(Post, _PAGE_POST_SQL.format(field=field)) for field in ("slug", "page_path")
}


def attach_featured_image(post: Post) -> Post:
    """Builds the featured image from the `m_*` columns a query selected with the post."""
    if post.m_id is not None:
        post.featured_image = Media(
            id=post.m_id,
            blog_id=post.blog_id,
            file=post.m_file,
            thumbnail=post.m_thumbnail,
            source_url=post.m_source_url,
            alt_text=post.m_alt_text,
            caption=post.m_caption,
            width=post.m_width,
            height=post.m_height,
        )
    return post


def attach_author(post: Post) -> Post:
    """Builds the author from the `a_*` columns a query selected with the post."""
    post.author = User(
        id=post.author_id,
        username=post.a_username,
        email=post.a_email,
        display_name=post.a_display_name,
        first_name=post.a_first_name,
        last_name=post.a_last_name,
    )
    return post


def _one(blog: Blog, kind: str, field: str, value: str) -> Post | None:
    """One post of the blog by its slug or page path (both unique), with author and image."""
    post = _POST_BY[field].first({"blog": blog.pk, "kind": kind, "value": value})
    if post is None:
        return None
    post.blog = blog
    attach_author(post)
    attach_featured_image(post)
    if post.reblog_of_id:
        post.reblog_of = Post.objects.select_related("blog", "author").get(pk=post.reblog_of_id)
    return post


def find_post_or_none(blog: Blog, address: dict) -> Post | None:
    """The post at a day-and-name address ({"year", "month", "day", "slug"} as the URL gives
    them), or None."""
    try:
        return find_post(
            blog,
            date(int(address["year"]), int(address["month"]), int(address["day"])),
            address["slug"],
        )
    except (NotFound, ValueError, OverflowError):
        return None


def public_post_at(url: str, blog: Blog | None = None) -> Post | None:
    """The public post or page of this instance at `url` (a /@slug/ address on the instance's
    host, or a blog's mapped host); within `blog` only, when given. None for anything else."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    found = None
    if host == urlsplit(settings.BASE_URL).hostname and parts.path.startswith("/@"):
        slug, _, relative = parts.path[2:].partition("/")
        found = Blog.objects.filter(slug=slug).first()
    elif host:
        found = Blog.objects.filter(host=host).first()
        relative = parts.path.lstrip("/")
    if found is None or (blog is not None and found.pk != blog.pk):
        return None
    try:
        match = resolve("/" + relative, urlconf=BLOG_URLCONF)
    except Resolver404:
        return None
    post = None
    if match.url_name == "post":
        post = find_post_or_none(found, match.kwargs)
    elif match.url_name == "page":
        post = _one(found, PostKind.PAGE, "page_path", match.kwargs["page_path"].strip("/"))
    return post if post is not None and post.is_visible else None


def find_post(blog: Blog, day: date, slug: str) -> Post:
    post = _one(blog, PostKind.POST, "slug", slug)
    if post is None or post.local_date != day:
        raise NotFound("No such post")
    return post


# Who may read what: the one definition the pages, the REST API, comments, search and
# related posts all use.


def may_read(user, post: Post) -> bool:
    """A public post or page, anyone; any other (private, draft, pending, scheduled), those who
    may edit it, as in WordPress."""
    return post.is_visible or permissions.can_edit_post(user, post)


def readable_by(posts: QuerySet, user, blog: Blog) -> QuerySet:
    """may_read as a query over a blog's posts: editors read them all, writers the public ones
    and their own, everyone else the public ones."""
    if permissions.can_edit_others(user, blog):
        return posts
    public = Q(status=PUBLIC_STATUS)
    if permissions.can_write(user, blog):
        return posts.filter(public | Q(author_id=user.pk))
    return posts.filter(public)


def may_read_text(user, post: Post, *, unlocked: bool = False) -> bool:
    """The text (and comments) of a post: a password-protected one only for a reader who gave
    its password (`unlocked`) and for those who may edit it."""
    if not may_read(user, post):
        return False
    return not post.is_protected or unlocked or permissions.can_edit_post(user, post)


def password_matches(post: Post, given: str) -> bool:
    return post.is_protected and hmac.compare_digest(given.encode(), post.password.encode())


PROTECTED_NOTICE = "This content is password protected."


def excerpt_of(post: Post) -> str:
    """The plain-text excerpt a listing, a related post or a meta description shows: the
    writer's, or the text's first words; never a protected post's."""
    if post.is_protected:
        return PROTECTED_NOTICE
    return post.excerpt or post.summary


def matching(posts: QuerySet, words: str) -> QuerySet:
    """Posts whose title or text holds every word; a protected post's text is not searched
    (ranked full-text search comes with section 4)."""
    for word in words.split()[:10]:
        word = search_text(word)
        posts = posts.filter(Q(title__icontains=word) | Q(source__icontains=word, password=""))
    return posts


def find_page(blog: Blog, path: str) -> Post:
    page = _one(blog, PostKind.PAGE, "page_path", path.strip("/"))
    if page is None:
        raise NotFound("No such page")
    return page


_NEIGHBOUR_COLUMNS = "id, blog_id, kind, title, slug, published_at"
# One branch per direction, each a walk of one step along the (blog, kind, status,
# published_at, id) index: an OR across the tie on published_at makes the database sort every
# older post instead (1.8 ms at 1,000 posts).
_NEIGHBOUR_BRANCH_SQL = f"""
    SELECT * FROM (
        SELECT {_NEIGHBOUR_COLUMNS}, {{newer}} AS newer FROM {_POST}
        WHERE blog_id = %(blog)s AND kind = 'post' AND {VISIBLE_SQL}
          AND (published_at, id) {{op}} (%(at)s, %(id)s)
        ORDER BY published_at {{order}}, id {{order}} LIMIT 1) AS {{name}}
"""
_NEIGHBOURS = ModelQuery(
    Post,
    "\nUNION ALL\n".join(
        _NEIGHBOUR_BRANCH_SQL.format(
            newer=int(newer),
            op=">" if newer else "<",
            order="ASC" if newer else "DESC",
            name="newer" if newer else "older",
        )
        for newer in (False, True)
    ),
)


def neighbours(post: Post) -> tuple[Post | None, Post | None]:
    """The previous (older) and next (newer) public posts, in one query: the post page runs
    on every uncached view, and this pair is its most expensive lookup in ORM form."""
    found: list[Post | None] = [None, None]
    rows = _NEIGHBOURS.fetch({"blog": post.blog_id, "id": post.pk, "at": post.published_at})
    for row in rows:
        row.blog = post.blog
        found[row.newer] = row
    return found[0], found[1]


# The header names the blog's top-level pages, then its first top-level categories (an
# imported blog can have a hundred): one query, plain rows, as every blog page shows them.
MENU_CATEGORIES = 8
_MENU_SQL = f"""
    SELECT * FROM (
        SELECT 0 AS is_category, title, page_path AS path, published_at FROM {_POST}
        WHERE blog_id = %(blog)s AND kind = 'page' AND parent_id IS NULL AND {VISIBLE_SQL}
        ORDER BY menu_order, title) AS pages
    UNION ALL
    SELECT * FROM (
        SELECT 1, name, path, CAST(NULL AS TIMESTAMP) FROM {Category._meta.db_table}
        WHERE blog_id = %(blog)s AND parent_id IS NULL AND slug <> 'uncategorized'
        ORDER BY name LIMIT {MENU_CATEGORIES}) AS categories
"""


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_path: str


def blog_menu(blog: Blog) -> list[MenuItem]:
    """The header's links below Home: top-level pages in menu order, then categories."""
    with connection.cursor() as cursor:
        cursor.execute(_MENU_SQL, {"blog": blog.pk})
        rows = cursor.fetchall()
    items, zone = [], ZoneInfo(blog.timezone)
    for is_category, title, path, published_at in rows:
        if is_category:
            items.append(MenuItem(title, page_path("category", path=path)))
        else:
            # An untitled page reads as its date, as Post.display_title does.
            label = title or f"{as_datetime(published_at).astimezone(zone):%-d %B %Y}"
            items.append(MenuItem(label, page_path("page", page_path=path)))
    return items


_TERMS_SQL = f"""
    SELECT 'category' AS taxonomy, c.id, c.name, c.slug, c.path FROM {Category._meta.db_table} c
    JOIN {Post.categories.through._meta.db_table} pc ON pc.category_id = c.id
    WHERE pc.post_id = %(post)s
    UNION ALL
    SELECT 'tag', t.id, t.name, t.slug, '' FROM {Tag._meta.db_table} t
    JOIN {Post.tags.through._meta.db_table} pt ON pt.tag_id = t.id
    WHERE pt.post_id = %(post)s
    ORDER BY 1, 3
"""


def terms_of(post: Post) -> tuple[list[Category], list[Tag]]:
    """The post's categories and tags, by name, in one query."""
    categories, tags = [], []
    with connection.cursor() as cursor:
        cursor.execute(_TERMS_SQL, {"post": post.pk})
        for taxonomy, pk, name, slug, path in cursor.fetchall():
            if taxonomy == "category":
                categories.append(
                    Category(id=pk, blog_id=post.blog_id, name=name, slug=slug, path=path)
                )
            else:
                tags.append(Tag(id=pk, blog_id=post.blog_id, name=name, slug=slug))
    return categories, tags


@dataclass
class Archive:
    """A listing: its title, and its address as a route of urls_blog.py with its arguments."""

    title: str
    kind: str
    route: str
    arguments: dict
    queryset: QuerySet
    description: str = ""

    def path(self, number: int = 1) -> str:
        """Page `number` of the listing, below the blog's root."""
        return paged(self.route, number, **self.arguments)


def archive_for(blog: Blog, kind: str, **params) -> Archive:
    posts = listed_posts(blog)
    if kind == "home":
        return Archive(
            blog.title, kind, "home", {}, posts.order_by("-sticky", "-published_at", "-pk")
        )
    if kind == "category":
        category = category_by_path(blog, params["path"])
        return Archive(
            category.name,
            kind,
            "category",
            {"path": category.path},
            filed_under(posts, category),
            category.description,
        )
    if kind == "tag":
        tag = Tag.objects.filter(blog=blog, slug=params["slug"]).first()
        if tag is None:
            raise NotFound("No such tag")
        return Archive(
            tag.name, kind, "tag", {"slug": tag.slug}, posts.filter(tags=tag), tag.description
        )
    if kind == "author":
        author = User.objects.filter(username=params["username"]).first()
        if author is None:
            raise NotFound("No such author")
        return Archive(
            author.name,
            kind,
            "author",
            {"username": author.username},
            posts.filter(author=author),
            author.bio,
        )
    if kind == "date":
        return _date_archive(posts, ZoneInfo(blog.timezone), **params)
    raise NotFound("No such archive")


def date_route(year: int, month: int | None = None, day: int | None = None) -> tuple[str, dict]:
    """The route and arguments of a year's, a month's or a day's archive."""
    route = "day" if day else "month" if month else "year"
    return route, calendar_arguments(year, month, day)


def _date_archive(
    posts: QuerySet, zone: ZoneInfo, year: int, month: int | None = None, day: int | None = None
) -> Archive:
    try:
        span = calendar_span(year, month, day)
    except (ValueError, OverflowError):
        raise NotFound("No such date") from None
    start = span[0]
    if day:
        title = f"{start:%-d %B %Y}"
    elif month:
        title = f"{start:%B %Y}"
    else:
        title = str(year)
    route, arguments = date_route(year, month, day)
    return Archive(title, route, route, arguments, published_within(posts, zone, span))


def calendar_span(year: int, month: int | None = None, day: int | None = None) -> tuple[date, date]:
    """The first day of a year, a month or a day, and the first day after it. Raises
    ValueError (or OverflowError) for a date the calendar does not have."""
    if day:
        start = date(year, month, day)
        return start, start + timedelta(days=1)
    if month:
        return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)
    return date(year, 1, 1), date(year + 1, 1, 1)


def published_within(posts: QuerySet, zone: ZoneInfo, span: tuple[date, date]) -> QuerySet:
    """Posts published within a span of the blog's own calendar, as a range of publish times:
    the database compares them along the listing index instead of working out each date."""
    start, end = span
    return posts.filter(
        published_at__gte=datetime.combine(start, time.min, zone),
        published_at__lt=datetime.combine(end, time.min, zone),
    )


def filed_under(posts: QuerySet, category: Category) -> QuerySet:
    """Posts filed under the category or any category below it. A subquery rather than a
    join: a post filed twice in the subtree is listed once without DISTINCT over every
    column (which made counting a category's posts slow)."""
    subtree = Category.objects.filter(blog_id=category.blog_id).filter(
        Q(path=category.path) | Q(path__startswith=category.path + "/")
    )
    filed = Post.categories.through.objects.filter(category__in=subtree).values("post_id")
    return posts.filter(pk__in=filed)


def search_posts(blog: Blog, words: str) -> Archive:
    return Archive(
        f"Search results for “{words}”", "search", "home", {}, matching(listed_posts(blog), words)
    )


def page_of(blog: Blog, queryset: QuerySet, number: int):
    """One page of a listing, its posts carrying their blog and `listed_categories`.

    The page's ids come first, from the listing's index alone; only those rows are then read
    with their joins. (An OFFSET over the joined rows makes the 800th page cost 800 pages.)"""
    ids = queryset.values_list("pk", flat=True)
    paginator = Paginator(ids, settings.POSTS_PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise NotFound("No such page") from None
    page.object_list = _listed_rows(list(page.object_list))
    _attach_categories(blog, page.object_list)
    return page


# A page of a listing by its ids: the summary columns (not the text), author and image. One
# statement per number of ids (a page holds at most POSTS_PER_PAGE), each planned once.
_LISTED_COLUMNS = ", ".join(
    f"p.{field.column}"
    for field in Post._meta.concrete_fields
    if field.name not in ("source", "content_html")
)
_LISTED_SQL = f"""
    SELECT {_LISTED_COLUMNS}, u.username AS a_username, u.display_name AS a_display_name,
           u.first_name AS a_first_name, u.last_name AS a_last_name, u.email AS a_email,
           {MEDIA_COLUMNS_SQL}
    FROM {_POST} p JOIN {_USER} u ON u.id = p.author_id
    LEFT JOIN {_MEDIA} m ON m.id = p.featured_image_id
    WHERE p.id IN ({{placeholders}})
"""
_LISTED: dict[int, ModelQuery] = {}


def _listed_rows(ids: list[int]) -> list[Post]:
    """The posts of `ids`, in that order."""
    if not ids:
        return []
    query = _LISTED.get(len(ids))
    if query is None:
        placeholders = ", ".join(["%s"] * len(ids))
        query = _LISTED[len(ids)] = ModelQuery(Post, _LISTED_SQL.format(placeholders=placeholders))
    by_id = {post.pk: post for post in query.fetch(ids)}
    return [attach_featured_image(attach_author(by_id[pk])) for pk in ids if pk in by_id]


_LISTED_CATEGORIES_SQL = f"""
    SELECT pc.post_id, c.id, c.name, c.slug, c.path FROM {Category._meta.db_table} c
    JOIN {Post.categories.through._meta.db_table} pc ON pc.category_id = c.id
    WHERE pc.post_id IN ({{ids}}) ORDER BY c.name
"""


def _attach_categories(blog: Blog, posts: list[Post]) -> None:
    """Every listed post's categories in one plain query (prefetch_related's machinery cost
    more than the query itself), and the blog they all share."""
    by_id = {}
    for post in posts:
        post.blog = blog
        post.listed_categories = []
        by_id[post.pk] = post
    if not by_id:
        return
    with connection.cursor() as cursor:
        cursor.execute(_LISTED_CATEGORIES_SQL.format(ids=", ".join(map(str, by_id))))
        for post_id, pk, name, slug, path in cursor.fetchall():
            by_id[post_id].listed_categories.append(
                Category(id=pk, blog_id=blog.pk, name=name, slug=slug, path=path)
            )
