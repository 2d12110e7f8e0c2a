"""A blog's dashboard home: what waits for the writer (their drafts, what is scheduled, comments
to approve) and what happened lately (published posts, comments), with the blog at a glance."""

from django.db.models import Count, Q
from django.shortcuts import render

from broadsheet.blogs.services import permissions
from broadsheet.dashboard.screens import writer_required
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services import comments as comment_service
from broadsheet.federation.services import followers
from broadsheet.publishing.models import Post, PostKind, PostStatus
from broadsheet.reader.models import Follow
from broadsheet.subscriptions.services import subscriptions

SHOWN = 5


@writer_required
def overview(request):
    blog, user = request.blog, request.user
    posts = Post.objects.filter(blog=blog).select_related("author", "blog")
    everyone = permissions.can_edit_others(user, blog)
    mine = posts if everyone else posts.filter(author=user)
    counts = posts.aggregate(
        published=Count("pk", filter=Q(kind=PostKind.POST, status=PostStatus.PUBLISHED)),
        pages=Count("pk", filter=Q(kind=PostKind.PAGE, status=PostStatus.PUBLISHED)),
        drafts=Count("pk", filter=Q(status__in=[PostStatus.DRAFT, PostStatus.PENDING])),
    )
    moderates = comment_service.moderates_on(user, blog)
    waiting = (
        comment_service.moderation_queue(blog, user)
        .filter(status=CommentStatus.HOLD)
        .select_related("post__blog")
        .order_by("-created_at")
        if moderates
        else Comment.objects.none()
    )
    return render(
        request,
        "dashboard/overview.html",
        {
            "blog": blog,
            "counts": counts,
            "comments_shown": Comment.objects.filter(
                post__blog=blog, status=CommentStatus.APPROVED
            ).count(),
            "waiting_count": waiting.count(),
            "waiting": waiting[:SHOWN],
            "subscriber_count": subscriptions.active_count(blog),
            "reader_count": Follow.objects.filter(blog=blog).count(),
            "fediverse_count": followers.accepted(blog).count(),
            "drafts": posts.filter(
                author=user, status__in=[PostStatus.DRAFT, PostStatus.PENDING]
            ).order_by("-modified_at")[:SHOWN],
            "scheduled": mine.filter(status=PostStatus.SCHEDULED).order_by("published_at")[:SHOWN],
            "published": posts.filter(kind=PostKind.POST, status=PostStatus.PUBLISHED).order_by(
                "-published_at"
            )[:SHOWN],
            "recent_comments": Comment.objects.filter(
                post__blog=blog, status=CommentStatus.APPROVED
            )
            .select_related("post__blog")
            .order_by("-created_at")[:SHOWN],
        },
    )
