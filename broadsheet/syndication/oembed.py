"""oEmbed provider (https://oembed.com), at WordPress's address for it: a link to one of a
blog's posts or pages embeds elsewhere as a card (title, excerpt, blog, author), with no frame
and no script, so the embedding page loads nothing from us until its reader follows the link."""

from django.utils.html import escape
from django.utils.text import Truncator

from broadsheet.blogs.models import Blog
from broadsheet.errors import BroadsheetError
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import reading

DEFAULT_WIDTH, MIN_WIDTH, MAX_WIDTH = 600, 200, 600


def post_at(blog: Blog, url: str) -> Post:
    """The public post or page of `blog` at `url`, or WordPress's oembed_invalid_url."""
    post = reading.public_post_at(url, blog)
    if post is None:
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
