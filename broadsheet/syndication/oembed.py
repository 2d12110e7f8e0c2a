"""oEmbed provider (https://oembed.com), at WordPress's address for it: a link to one of a
blog's posts or pages embeds elsewhere as a card (title, excerpt, blog, author), with no frame
and no script, so the embedding page loads nothing from us until its reader follows the link."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.text import Truncator

from broadsheet.addresses import BLOG_URLCONF
from broadsheet.blogs.models import Blog
from broadsheet.errors import BroadsheetError, NotFound
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import reading

DEFAULT_WIDTH, MIN_WIDTH, MAX_WIDTH = 600, 200, 600


def post_at(blog: Blog, url: str) -> Post:
    """The public post or page of `blog` at `url` (its /@slug/ address or its mapped host)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    roots = [urlsplit(blog.base_url), urlsplit(blog.get_absolute_url())]
    root_path = next(
        (
            root.path
            for root in roots
            if parts is not None
            and (not root.netloc or root.netloc == parts.netloc)
            and parts.path.startswith(root.path)
        ),
        None,
    )
    if root_path is None or not parts.netloc:
        raise _not_found()
    try:
        match = resolve("/" + parts.path[len(root_path) :], urlconf=BLOG_URLCONF)
    except Resolver404:
        raise _not_found() from None
    if match.url_name == "post":
        post = reading.find_post_or_none(blog, match.kwargs)
    elif match.url_name == "page":
        try:
            post = reading.find_page(blog, match.kwargs["page_path"])
        except NotFound:
            post = None
    else:
        post = None
    if post is None or not post.is_visible:
        raise _not_found()
    return post


def _not_found() -> BroadsheetError:
    return BroadsheetError("Not Found", code="oembed_invalid_url", status=404)


def embed(post: Post, max_width: int | None) -> dict:
    width = max(MIN_WIDTH, min(max_width or DEFAULT_WIDTH, MAX_WIDTH))
    blog, author = post.blog, post.author
    excerpt = Truncator(reading.excerpt_of(post)).words(40)
    html = (
        '<blockquote class="broadsheet-embed">'
        f'<p><a href="{escape(post.absolute_url)}">{escape(post.display_title)}</a></p>'
        f"<p>{escape(excerpt)}</p>"
        f'<footer>— <a href="{escape(blog.base_url)}">{escape(blog.title)}</a></footer>'
        "</blockquote>"
    )
    data = {
        "version": "1.0",
        "provider_name": blog.title,
        "provider_url": blog.base_url,
        "author_name": author.name,
        "author_url": blog.absolute(author.archive_path),
        "title": post.display_title,
        "type": "rich",
        "width": width,
        "height": None,
        "html": html,
    }
    image = post.featured_image
    if image is not None and image.url:
        data.update(
            thumbnail_url=image.absolute_url,
            thumbnail_width=image.width or 0,
            thumbnail_height=image.height or 0,
        )
    return data
