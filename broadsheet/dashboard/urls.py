from django.urls import path

from broadsheet.dashboard import fediverse, moving, overview, team, terms, views

urlpatterns = [
    path("", overview.overview, name="editor-home"),
    path("posts/", views.post_list, name="editor-posts"),
    path("posts/new/", views.edit_post, name="editor-new-post"),
    path("posts/bulk/", views.change_posts, name="editor-posts-bulk"),
    path("pages/", views.post_list, {"kind": "page"}, name="editor-pages"),
    path("pages/new/", views.edit_post, {"kind": "page"}, name="editor-new-page"),
    path("posts/<int:post_id>/", views.edit_post, name="editor-edit-post"),
    path("posts/<int:post_id>/preview/", views.preview_post, name="editor-preview-post"),
    path("posts/<int:post_id>/trash/", views.trash_post, name="editor-trash-post"),
    path(
        "posts/<int:post_id>/revisions/<int:revision_id>/restore/",
        views.restore_revision,
        name="editor-restore-revision",
    ),
    path("preview/", views.render_preview, name="editor-render-preview"),
    path("media/", views.upload_media, name="editor-upload"),
    path("comments/", views.comment_list, name="editor-comments"),
    path("comments/<int:comment_id>/moderate/", views.moderate_comment, name="editor-moderate"),
    path("comments/<int:comment_id>/reply/", views.reply_to_comment, name="editor-comment-reply"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="editor-comment-edit"),
    path("comments/bulk/", views.moderate_comments, name="editor-moderate-bulk"),
    path("terms/", terms.term_list, name="editor-terms"),
    path("terms/change/", terms.change_term, name="editor-terms-change"),
    path("settings/", views.blog_settings, name="editor-settings"),
    path("import-export/", moving.import_export, name="editor-import-export"),
    path("export.xml", moving.download_export, name="editor-export"),
    path("members/", team.members, name="editor-members"),
    path("members/change/", team.change_member, name="editor-member-change"),
    path(
        "members/invitations/<int:invitation_id>/withdraw/",
        team.withdraw_invitation,
        name="editor-invitation-withdraw",
    ),
    path("leave/", team.leave, name="editor-leave"),
    path("fediverse/", fediverse.fediverse, name="editor-fediverse"),
    path("fediverse/change/", fediverse.change, name="editor-fediverse-change"),
]
