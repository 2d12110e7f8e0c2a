"""Paths every host serves: sign-in, avatars, uploaded media, sharing helpers."""

from allauth.account.views import logout as allauth_logout
from django.urls import include, path, re_path

from broadsheet.accounts import views as accounts
from broadsheet.accounts import views_app_passwords as app_password_views
from broadsheet.accounts.views import ThrottledLoginView
from broadsheet.engagement import views as engagement
from broadsheet.federation import views as federation
from broadsheet.fetching import views as fetching
from broadsheet.reader import views as reader
from broadsheet.site import media
from broadsheet.syndication import views as feeds

urlpatterns = [
    # Sign-in at the address it always had, and at allauth's (whose view this replaces).
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="account_login"),
    path("accounts/join-requests/", accounts.join_requests, name="join-requests"),
    path(
        "accounts/join-requests/<int:pk>/",
        accounts.decide_join_request,
        name="join-request-decide",
    ),
    path("accounts/", include("allauth.urls")),
    path("invitations/<str:token>/", accounts.invitation, name="invitation"),
    path(
        "wp-admin/authorize-application.php",
        app_password_views.authorize_application,
        name="authorize-application",
    ),
    path(".well-known/webfinger", federation.webfinger, name="webfinger"),
    path(".well-known/host-meta", federation.host_meta, name="host-meta"),
    path(".well-known/nodeinfo", federation.nodeinfo_links, name="nodeinfo-links"),
    path("nodeinfo/2.1", federation.nodeinfo, name="nodeinfo"),
    path("inbox/", federation.shared_inbox, name="ap-shared-inbox"),
    path("robots.txt", feeds.robots_txt, name="robots"),
    path("reader/", reader.reader, name="reader"),
    path("reader/follow/", reader.follow, name="follow"),
    path("reader/like/<int:post_id>/", reader.like, name="reader-like"),
    path("reader/entries/<int:entry_id>/like/", reader.like_entry, name="reader-entry-like"),
    path("reader/entries/<int:entry_id>/reply/", reader.reply_to_entry, name="reader-entry-reply"),
    path("logout/", allauth_logout, name="logout"),
    path("avatar/<str:key>.svg", engagement.avatar, name="avatar"),
    path("share/mastodon/", engagement.share_on_mastodon, name="share-mastodon"),
    path("remote-image/<str:signature>/", fetching.remote_image, name="remote-image"),
    re_path(r"^media/(?P<path>.+)$", media.media_file, name="media"),
]
