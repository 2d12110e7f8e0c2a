from django.urls import path, re_path

from broadsheet.api import views
from broadsheet.engagement import views as engagement
from broadsheet.syndication import views as feeds

urlpatterns = [
    path("", views.index, name="api-index"),
    path("wp/v2/posts", views.posts_collection, name="api-posts"),
    path("wp/v2/posts/<int:post_id>", views.post_item, name="api-post"),
    path("wp/v2/posts/<int:post_id>/revisions", views.post_revisions, name="api-post-revisions"),
    path("wp/v2/pages", views.pages_collection, name="api-pages"),
    path("wp/v2/pages/<int:post_id>", views.page_item, name="api-page"),
    path("wp/v2/categories", views.categories_collection, name="api-categories"),
    path("wp/v2/categories/<int:term_id>", views.category_item, name="api-category"),
    path("wp/v2/tags", views.tags_collection, name="api-tags"),
    path("wp/v2/tags/<int:term_id>", views.tag_item, name="api-tag"),
    path("wp/v2/comments", views.comments_collection, name="api-comments"),
    path("wp/v2/comments/<int:comment_id>", views.comment_item, name="api-comment"),
    path("wp/v2/users", views.users_collection, name="api-users"),
    path("wp/v2/users/me", views.users_me, name="api-users-me"),
    path(
        "wp/v2/users/me/application-passwords",
        views.app_passwords_collection,
        name="api-my-app-passwords",
    ),
    path(
        "wp/v2/users/me/application-passwords/<str:uuid>",
        views.app_password_item,
        name="api-my-app-password",
    ),
    path(
        "wp/v2/users/<int:user_id>/application-passwords",
        views.app_passwords_collection,
        name="api-app-passwords",
    ),
    path(
        "wp/v2/users/<int:user_id>/application-passwords/<str:uuid>",
        views.app_password_item,
        name="api-app-password",
    ),
    path("wp/v2/users/<int:user_id>", views.user_item, name="api-user"),
    path("broadsheet/v1/posts/<int:post_id>/likes", engagement.post_likes, name="api-likes"),
    path("oembed/1.0/embed", feeds.oembed, name="oembed"),
    path("broadsheet/v1/reblogs", views.reblogs_collection, name="api-reblogs"),
    re_path(r"^.*$", views.no_route, name="api-no-route"),
]
