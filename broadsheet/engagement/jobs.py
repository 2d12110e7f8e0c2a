from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from broadsheet.addresses import instance_path
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services import webmentions
from broadsheet.jobs.services import host_of
from broadsheet.publishing.models import Post


@task(host=lambda post_id, source, target: host_of(source))
def verify_webmention(post_id: int, source: str, target: str) -> None:
    post = Post.objects.select_related("blog").filter(pk=post_id).first()
    if post is not None:
        webmentions.verify(post, source, target)


@task
def send_webmentions(post_id: int) -> None:
    post = Post.objects.select_related("blog").filter(pk=post_id).first()
    if post is not None:
        webmentions.send_for(post)


@task
def notify_author(comment_id: int) -> None:
    """Tell the post's author about a new comment (held or approved), as WordPress does."""
    comment = (
        Comment.objects.select_related("post__author", "post__blog").filter(pk=comment_id).first()
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
