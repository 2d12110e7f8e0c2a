from django.contrib import admin

from broadsheet.admin_base import ReadOnlyAdmin, service_action
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import posts


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    """Writers write in the editor; the operator sees every blog's posts and can trash one."""

    list_display = ("display_title", "blog", "kind", "status", "author", "published_at")
    list_filter = ("status", "kind", "blog")
    search_fields = ("title", "slug")
    date_hierarchy = "published_at"
    list_select_related = ("blog", "author")
    actions = [
        service_action(
            "Move to the trash", lambda request, post: posts.trash_post(post, request.user)
        )
    ]
