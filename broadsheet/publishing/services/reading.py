"""What readers see: the post page and the archives, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from broadsheet.blogs.models import Blog, User
from broadsheet.errors import NotFound
from broadsheet.publishing.models import Category, Post, PostKind, Tag
from broadsheet.publishing.services.rendering import make_excerpt
from broadsheet.publishing.services.terms import category_by_path


def listed_posts(blog: Blog) -> QuerySet:
    return (
        Post.objects.filter(blog=blog)
        .posts()
        .visible()
        .select_related("author", "featured_image", "blog")
        .prefetch_related("categories", "tags")
    )


def _one(blog: Blog, **lookup) -> Post | None:
    """One post of the blog (slugs and page paths are unique), with what its page shows."""
    try:
        post = Post.objects.select_related("author", "featured_image").get(blog=blog, **lookup)
    except Post.DoesNotExist:
        return None
    post.blog = blog
    if post.reblog_of_id:
        post.reblog_of = Post.objects.select_related("blog", "author").get(pk=post.reblog_of_id)
    return post


def find_post(blog: Blog, day: date, slug: str) -> Post:
    post = _one(blog, slug=slug, kind=PostKind.POST)
    if post is None or post.local_date != day:
        raise NotFound("No such post")
    return post


def find_page(blog: Blog, path: str) -> Post:
    page = _one(blog, page_path=path.strip("/"), kind=PostKind.PAGE)
    if page is None:
        raise NotFound("No such page")
    return page


_NEIGHBOUR_COLUMNS = "id, blog_id, kind, title, slug, published_at"
_NEIGHBOUR_SQL = f"""
    SELECT * FROM (
        SELECT {_NEIGHBOUR_COLUMNS}, 0 AS newer FROM publishing_post
        WHERE blog_id = %(blog)s AND kind = 'post' AND id <> %(id)s AND {{visible}}
          AND (published_at < %(at)s OR (published_at = %(at)s AND id < %(id)s))
        ORDER BY published_at DESC, id DESC LIMIT 1) AS older
    UNION ALL
    SELECT * FROM (
        SELECT {_NEIGHBOUR_COLUMNS}, 1 AS newer FROM publishing_post
        WHERE blog_id = %(blog)s AND kind = 'post' AND id <> %(id)s AND {{visible}}
          AND (published_at > %(at)s OR (published_at = %(at)s AND id > %(id)s))
        ORDER BY published_at ASC, id ASC LIMIT 1) AS newer
""".format(visible="(status = 'publish' OR (status = 'future' AND published_at <= %(now)s))")


def neighbours(post: Post) -> tuple[Post | None, Post | None]:
    """The previous (older) and next (newer) published posts, in one query: the post page
    runs on every uncached view, and this pair is its most expensive lookup in ORM form."""
    found: list[Post | None] = [None, None]
    rows = Post.objects.raw(
        _NEIGHBOUR_SQL,
        {
            "blog": post.blog_id,
            "id": post.pk,
            "at": post.published_at,
            "now": timezone.now(),
        },
    )
    for row in rows:
        row.blog = post.blog
        found[row.newer] = row
    return found[0], found[1]


def menu_pages(blog: Blog) -> list[Post]:
    pages = list(
        Post.objects.filter(blog=blog, parent=None)
        .pages()
        .visible()
        .order_by("menu_order", "title")
        .only("title", "slug", "page_path", "kind", "published_at")
    )
    for page in pages:
        page.blog = blog
    return pages


def menu_categories(blog: Blog) -> list[Category]:
    return list(Category.objects.filter(blog=blog, parent=None).order_by("name"))


@dataclass
class Archive:
    title: str
    kind: str
    prefix: str
    queryset: QuerySet
    description: str = ""


def archive_for(blog: Blog, kind: str, **params) -> Archive:
    posts = listed_posts(blog)
    if kind == "home":
        return Archive(blog.title, kind, "", posts.order_by("-sticky", "-published_at", "-pk"))
    if kind == "category":
        category = category_by_path(blog, params["path"])
        subtree = Q(categories__path=category.path) | Q(
            categories__path__startswith=category.path + "/"
        )
        return Archive(
            category.name,
            kind,
            category.url_path,
            posts.filter(subtree).distinct(),
            category.description,
        )
    if kind == "tag":
        tag = Tag.objects.filter(blog=blog, slug=params["slug"]).first()
        if tag is None:
            raise NotFound("No such tag")
        return Archive(tag.name, kind, tag.url_path, posts.filter(tags=tag), tag.description)
    if kind == "author":
        author = User.objects.filter(username=params["username"]).first()
        if author is None:
            raise NotFound("No such author")
        return Archive(
            author.name, kind, f"author/{author.username}/", posts.filter(author=author), author.bio
        )
    if kind == "date":
        return _date_archive(posts, **params)
    raise NotFound("No such archive")


def _date_archive(posts: QuerySet, year: int, month: int | None = None, day: int | None = None):
    try:
        if day:
            when = date(year, month, day)
            return Archive(
                f"{when:%-d %B %Y}",
                "day",
                f"{when:%Y/%m/%d}/",
                posts.filter(published_at__date=when),
            )
        if month:
            when = date(year, month, 1)
            return Archive(
                f"{when:%B %Y}",
                "month",
                f"{when:%Y/%m}/",
                posts.filter(published_at__year=year, published_at__month=month),
            )
        date(year, 1, 1)
    except ValueError:
        raise NotFound("No such date") from None
    return Archive(str(year), "year", f"{year:04d}/", posts.filter(published_at__year=year))


def search_posts(blog: Blog, words: str) -> Archive:
    """Posts whose title or text holds every word (ranked full-text search comes with section 4)."""
    posts = listed_posts(blog)
    for word in words.split()[:10]:
        posts = posts.filter(Q(title__icontains=word) | Q(source__icontains=word))
    return Archive(f"Search results for “{words}”", "search", "", posts)


def page_of(queryset: QuerySet, number: int):
    paginator = Paginator(queryset, settings.POSTS_PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise NotFound("No such page") from None
    # Evaluate here so the template iterates a list (and the count query is made once).
    page.object_list = list(page.object_list)
    return page


def excerpt_of(post: Post) -> str:
    return post.excerpt or make_excerpt(post.content_html)
