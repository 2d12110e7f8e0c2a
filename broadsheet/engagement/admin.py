from django.contrib import admin

from broadsheet.admin_base import ReadOnlyAdmin, service_action
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services import comments


def _moderate(status: str):
    return lambda request, comment: comments.moderate(comment, request.user, status)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("author_name", "author_email", "post", "status", "spam_score", "created_at")
    list_filter = ("status", "post__blog")
    search_fields = ("author_name", "author_email", "body")
    list_select_related = ("post__blog",)
    actions = [
        service_action("Approve", _moderate(CommentStatus.APPROVED)),
        service_action("Hold for moderation", _moderate(CommentStatus.HOLD)),
        service_action("Mark as spam", _moderate(CommentStatus.SPAM)),
        service_action("Move to the trash", _moderate(CommentStatus.TRASH)),
    ]
