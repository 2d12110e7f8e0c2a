from django.conf import settings
from django.core.mail import send_mail

from broadsheet.addresses import instance_path
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services import webmentions
from broadsheet.jobs.services import handler
from broadsheet.publishing.models import Post


@handler("engagement.verify_webmention")
def verify_webmention(payload: dict) -> None:
    post = Post.objects.select_related("blog").filter(pk=payload["post_id"]).first()
    if post is not None:
        webmentions.verify(post, payload["source"], payload["target"])


@handler("engagement.send_webmentions")
def send_webmentions(payload: dict) -> None:
    post = Post.objects.select_related("blog").filter(pk=payload["post_id"]).first()
    if post is not None:
        webmentions.send_for(post)


@handler("engagement.notify_author")
def notify_author(payload: dict) -> None:
    """Tell the post's author about a new comment (held or approved), as WordPress does."""
    comment = (
        Comment.objects.select_related("post__author", "post__blog")
        .filter(pk=payload["comment_id"])
        .first()
    )
    if comment is None or comment.status == CommentStatus.SPAM:
        return
    post, author = comment.post, comment.post.author
    if not author.email or comment.user_id == author.pk:
        return
    held = comment.status == CommentStatus.HOLD
    subject = f"[{post.blog.title}] {'Please moderate' if held else 'New comment'}: “{post.display_title}”"
    lines = [
        f"{'A new comment is waiting for your approval' if held else 'New comment'} on “{post.display_title}”:",
        post.absolute_url,
        "",
        f"Author: {comment.author_name} <{comment.author_email}>",
        "",
        comment.body,
        "",
        "Moderate it: "
        + settings.BASE_URL
        + instance_path("editor-comments", blog_slug=post.blog.slug),
    ]
    send_mail(subject, "\n".join(lines), None, [author.email])
