"""Broadsheet objects in the WordPress REST API's `wp/v2` shapes."""

from datetime import UTC
from zoneinfo import ZoneInfo

from django.utils.html import escape

from broadsheet.addresses import instance_path
from broadsheet.publishing.models import Post, PostKind

_AVATAR_SIZES = (24, 48, 96)


def wp_dates(moment, blog) -> tuple[str, str]:
    """WordPress's pair: the blog's local time and UTC, both without an offset."""
    local = moment.astimezone(ZoneInfo(blog.timezone)).replace(tzinfo=None)
    gmt = moment.astimezone(UTC).replace(tzinfo=None)
    return local.isoformat(timespec="seconds"), gmt.isoformat(timespec="seconds")


def avatar_urls(base: str, key: str) -> dict:
    return {str(size): base + instance_path("avatar", key=key) for size in _AVATAR_SIZES}


def post_json(
    post: Post, *, edit: bool, text_shown: bool, category_ids: list[int], tag_ids: list[int]
) -> dict:
    """`rendered` fields are HTML a client shows as is: the title and the excerpt are plain
    text, so they are escaped here; the content was sanitized when it was saved."""
    blog = post.blog
    date, date_gmt = wp_dates(post.published_at, blog)
    modified, modified_gmt = wp_dates(post.modified_at, blog)
    protected = post.is_protected
    hidden = not text_shown
    excerpt_html = f"<p>{escape(post.excerpt or post.summary)}</p>\n"
    data = {
        "id": post.pk,
        "date": date,
        "date_gmt": date_gmt,
        "guid": {"rendered": f"{blog.base_url}?p={post.pk}"},
        "modified": modified,
        "modified_gmt": modified_gmt,
        "slug": post.slug,
        "status": post.status,
        "type": post.kind,
        "link": post.absolute_url,
        "title": {"rendered": escape(post.title)},
        "content": {"rendered": "" if hidden else post.content_html, "protected": protected},
        "excerpt": {"rendered": "" if hidden else excerpt_html, "protected": protected},
        "author": post.author_id,
        "featured_media": post.featured_image_id or 0,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "closed",
        "template": "",
        "meta": [],
    }
    if post.kind == PostKind.POST:
        data.update(
            {
                "sticky": post.sticky,
                "format": "standard",
                "categories": category_ids,
                "tags": tag_ids,
                "broadsheet": {
                    "like_count": post.like_count,
                    "comment_count": post.comment_count,
                    "reblog_count": post.reblog_count,
                },
            }
        )
    else:
        data.update({"parent": post.parent_id or 0, "menu_order": post.menu_order})
    if edit:
        data["title"]["raw"] = post.title
        data["content"]["raw"] = post.source
        data["content"]["format"] = post.source_format
        data["excerpt"]["raw"] = post.excerpt
        data["permalink_template"] = post.absolute_url.rsplit(post.slug, 1)[0] + "%postname%/"
        data["generated_slug"] = post.slug
        data["password"] = post.password
    return data


def term_json(term, *, taxonomy: str, count: int) -> dict:
    data = {
        "id": term.pk,
        "count": count,
        "description": term.description,
        "link": term.blog.absolute(term.url_path),
        "name": term.name,
        "slug": term.slug,
        "taxonomy": taxonomy,
        "meta": [],
    }
    if taxonomy == "category":
        data["parent"] = term.parent_id or 0
    return data


def comment_json(comment, *, edit: bool, base: str) -> dict:
    post = comment.post
    date, date_gmt = wp_dates(comment.created_at, post.blog)
    data = {
        "id": comment.pk,
        "post": post.pk,
        "parent": comment.parent_id or 0,
        "author": comment.user_id or 0,
        "author_name": comment.author_name,
        "author_url": comment.author_url,
        "date": date,
        "date_gmt": date_gmt,
        "content": {"rendered": comment.body_html},
        "link": f"{post.absolute_url}#comment-{comment.pk}",
        "status": comment.status,
        "type": comment.comment_type,
        "author_avatar_urls": avatar_urls(base, comment.avatar_key),
        "meta": [],
    }
    if edit:
        data.update(
            {
                "author_email": comment.author_email,
                "author_ip": comment.author_ip or "",
                "author_user_agent": comment.user_agent,
            }
        )
        data["content"]["raw"] = comment.body
    return data


def user_json(user, blog, *, base: str, edit: bool = False, roles: list[str] | None = None) -> dict:
    data = {
        "id": user.pk,
        "name": user.name,
        "url": "",
        "description": user.bio,
        "link": blog.absolute(user.archive_path),
        "slug": user.username,
        "avatar_urls": avatar_urls(base, user.avatar_key),
        "meta": [],
    }
    if edit:
        data.update(
            {
                "username": user.username,
                "email": user.email,
                "roles": roles or [],
                "registered_date": user.date_joined.astimezone(UTC).isoformat(timespec="seconds"),
            }
        )
    return data
