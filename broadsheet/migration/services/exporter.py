"""WordPress export: one blog as a WXR 1.2 file that WordPress's importer reads, written as a
stream (a large blog is never held in memory)."""

from __future__ import annotations

from typing import TextIO
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Prefetch

from broadsheet.blogs.models import Blog, User
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.publishing.models import Category, Media, Post, PostKind, Tag

_COMMENT_APPROVED = {
    CommentStatus.APPROVED: "1",
    CommentStatus.HOLD: "0",
    CommentStatus.SPAM: "spam",
    CommentStatus.TRASH: "trash",
}
BATCH = 500


def cdata(text: str) -> str:
    """CDATA that survives any text, `]]>` included (split as WordPress does)."""
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _dates(moment, zone: ZoneInfo) -> tuple[str, str]:
    local = moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
    gmt = moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M:%S")
    return local, gmt


def _rfc822(moment) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%a, %d %b %Y %H:%M:%S +0000")


def export_wxr(blog: Blog, out: TextIO) -> dict[str, int]:
    zone = ZoneInfo(blog.timezone)
    counts = {
        "author": 0,
        "category": 0,
        "tag": 0,
        "post": 0,
        "page": 0,
        "attachment": 0,
        "comment": 0,
    }
    base = blog.base_url.rstrip("/")
    write = out.write
    write('<?xml version="1.0" encoding="UTF-8" ?>\n')
    write(
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    )
    write("<channel>\n")
    write(f"\t<title>{escape(blog.title)}</title>\n\t<link>{escape(base)}</link>\n")
    write(f"\t<description>{escape(blog.tagline)}</description>\n")
    write(
        f"\t<language>{escape(blog.language)}</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
    )
    write(f"\t<wp:base_site_url>{escape(settings.BASE_URL)}</wp:base_site_url>\n")
    write(f"\t<wp:base_blog_url>{escape(base)}</wp:base_blog_url>\n")
    authors = User.objects.filter(posts__blog=blog).distinct().order_by("pk")
    for author in authors:
        counts["author"] += 1
        write(
            "\t<wp:author>"
            f"<wp:author_id>{author.pk}</wp:author_id>"
            f"<wp:author_login>{cdata(author.username)}</wp:author_login>"
            f"<wp:author_email>{cdata(author.email)}</wp:author_email>"
            f"<wp:author_display_name>{cdata(author.name)}</wp:author_display_name>"
            f"<wp:author_first_name>{cdata(author.first_name)}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata(author.last_name)}</wp:author_last_name>"
            "</wp:author>\n"
        )
    for category in Category.objects.filter(blog=blog).select_related("parent").order_by("path"):
        counts["category"] += 1
        write(
            "\t<wp:category>"
            f"<wp:term_id>{category.pk}</wp:term_id>"
            f"<wp:category_nicename>{cdata(category.slug)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata(category.parent.slug if category.parent else '')}</wp:category_parent>"
            f"<wp:cat_name>{cdata(category.name)}</wp:cat_name>"
            f"<wp:category_description>{cdata(category.description)}</wp:category_description>"
            "</wp:category>\n"
        )
    for tag in Tag.objects.filter(blog=blog).order_by("slug"):
        counts["tag"] += 1
        write(
            "\t<wp:tag>"
            f"<wp:term_id>{tag.pk}</wp:term_id><wp:tag_slug>{cdata(tag.slug)}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(tag.name)}</wp:tag_name>"
            f"<wp:tag_description>{cdata(tag.description)}</wp:tag_description>"
            "</wp:tag>\n"
        )
    # WordPress keeps posts and attachments in one table, and its importer skips an item whose
    # id it has seen: attachments are numbered after every post.
    offset = Post.objects.aggregate(last=Max("pk"))["last"] or 0
    media_ids = Media.objects.filter(blog=blog).select_related("uploader", "blog__owner")
    for media in media_ids.order_by("pk").iterator(chunk_size=BATCH):
        counts["attachment"] += 1
        _write_attachment(write, media, offset, zone)
    posts = (
        Post.objects.filter(blog=blog)
        .select_related("author", "blog", "parent")
        .prefetch_related(
            "categories",
            "tags",
            Prefetch("comments", queryset=Comment.objects.order_by("created_at", "pk")),
        )
        .order_by("pk")
    )
    for post in posts.iterator(chunk_size=BATCH):
        counts["page" if post.kind == PostKind.PAGE else "post"] += 1
        counts["comment"] += _write_post(write, post, zone, offset)
    write("</channel>\n</rss>\n")
    return counts


def _write_attachment(write, media: Media, offset: int, zone: ZoneInfo) -> None:
    local, gmt = _dates(media.created_at, zone)
    url = media.absolute_url
    uploader = media.uploader or media.blog.owner
    write(
        "\t<item>\n"
        f"\t\t<title>{cdata(media.title)}</title>\n"
        f"\t\t<dc:creator>{cdata(uploader.username)}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{escape(url)}</guid>\n'
        f"\t\t<excerpt:encoded>{cdata(media.caption)}</excerpt:encoded>\n"
        f"\t\t<content:encoded>{cdata('')}</content:encoded>\n"
        f"\t\t<wp:post_id>{media.pk + offset}</wp:post_id>\n"
        f"\t\t<wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>\n"
        "\t\t<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>\n"
        f"\t\t<wp:post_parent>{media.attached_to_id or 0}</wp:post_parent>\n"
        f"\t\t<wp:attachment_url>{cdata(url)}</wp:attachment_url>\n"
        "\t\t<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        f"<wp:meta_value>{cdata(media.alt_text)}</wp:meta_value></wp:postmeta>\n"
        "\t</item>\n"
    )


def _write_post(write, post: Post, zone: ZoneInfo, media_offset: int) -> int:
    local, gmt = _dates(post.published_at, zone)
    terms = "".join(
        f'\t\t<category domain="category" nicename={quoteattr(c.slug)}>{cdata(c.name)}</category>\n'
        for c in post.categories.all()
    ) + "".join(
        f'\t\t<category domain="post_tag" nicename={quoteattr(t.slug)}>{cdata(t.name)}</category>\n'
        for t in post.tags.all()
    )
    # WordPress stores HTML; a Markdown post goes out as the HTML it renders to.
    content = post.source if post.source_format != "markdown" else post.content_html
    write(
        "\t<item>\n"
        f"\t\t<title>{cdata(post.title)}</title>\n"
        f"\t\t<link>{escape(post.absolute_url)}</link>\n"
        f"\t\t<pubDate>{_rfc822(post.published_at)}</pubDate>\n"
        f"\t\t<dc:creator>{cdata(post.author.username)}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{escape(post.blog.base_url)}?p={post.pk}</guid>\n'
        "\t\t<description></description>\n"
        f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{cdata(post.excerpt)}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post.pk}</wp:post_id>\n"
        f"\t\t<wp:post_date>{local}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{gmt}</wp:post_date_gmt>\n"
        f"\t\t<wp:comment_status>{'open' if post.comments_open else 'closed'}</wp:comment_status>\n"
        "\t\t<wp:ping_status>closed</wp:ping_status>\n"
        f"\t\t<wp:post_name>{cdata(post.slug)}</wp:post_name>\n"
        f"\t\t<wp:status>{post.status}</wp:status>\n"
        f"\t\t<wp:post_parent>{post.parent_id or 0}</wp:post_parent>\n"
        f"\t\t<wp:menu_order>{post.menu_order}</wp:menu_order>\n"
        f"\t\t<wp:post_type>{post.kind}</wp:post_type>\n"
        f"\t\t<wp:post_password>{cdata(post.password)}</wp:post_password>\n"
        f"\t\t<wp:is_sticky>{1 if post.sticky else 0}</wp:is_sticky>\n" + terms
    )
    if post.featured_image_id:
        write(
            "\t\t<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{post.featured_image_id + media_offset}</wp:meta_value></wp:postmeta>\n"
        )
    comments = list(post.comments.all())
    for comment in comments:
        c_local, c_gmt = _dates(comment.created_at, zone)
        write(
            "\t\t<wp:comment>"
            f"<wp:comment_id>{comment.pk}</wp:comment_id>"
            f"<wp:comment_author>{cdata(comment.author_name)}</wp:comment_author>"
            f"<wp:comment_author_email>{cdata(comment.author_email)}</wp:comment_author_email>"
            f"<wp:comment_author_url>{escape(comment.author_url)}</wp:comment_author_url>"
            f"<wp:comment_author_IP>{escape(comment.author_ip or '')}</wp:comment_author_IP>"
            f"<wp:comment_date>{c_local}</wp:comment_date>"
            f"<wp:comment_date_gmt>{c_gmt}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(comment.body)}</wp:comment_content>"
            f"<wp:comment_approved>{_COMMENT_APPROVED.get(comment.status, '0')}</wp:comment_approved>"
            f"<wp:comment_type>{escape(comment.comment_type)}</wp:comment_type>"
            f"<wp:comment_parent>{comment.parent_id or 0}</wp:comment_parent>"
            f"<wp:comment_user_id>{comment.user_id or 0}</wp:comment_user_id>"
            "</wp:comment>\n"
        )
    write("\t</item>\n")
    return len(comments)
