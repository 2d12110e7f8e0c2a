"""The paths of one blog, below /@<slug>/ or at the root of its mapped host."""

from django.urls import include, path, re_path

from broadsheet.engagement import views as engagement
from broadsheet.federation import views as federation
from broadsheet.site import views as reading
from broadsheet.subscriptions import views as subscriptions
from broadsheet.syndication import views as feeds

_PAGE = r"(?:page/(?P<page>[0-9]+)/)?"
# A listing's feed: RSS 2.0 at feed/ (as WordPress), feed/atom/, feed/json/ (and feed/rss2/).
_FEED = r"feed/(?:(?P<format>rss2|atom|json)/)?$"
_DAY = r"(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})"

urlpatterns = [
    path("wp-json/", include("broadsheet.api.urls")),
    # Feeds first: "category/world/feed/" would otherwise read as the category "world/feed".
    re_path(rf"^{_FEED}", feeds.listing_feed, name="home-feed"),
    re_path(
        rf"^category/(?P<path>(?:[^/]+/)*?[^/]+)/{_FEED}",
        feeds.listing_feed,
        {"kind": "category"},
        name="category-feed",
    ),
    re_path(rf"^tag/(?P<slug>[^/]+)/{_FEED}", feeds.listing_feed, {"kind": "tag"}, name="tag-feed"),
    re_path(
        rf"^author/(?P<username>[^/]+)/{_FEED}",
        feeds.listing_feed,
        {"kind": "author"},
        name="author-feed",
    ),
    re_path(rf"^comments/{_FEED}", feeds.comments_feed, name="comments-feed"),
    path("sitemap.xml", feeds.blog_sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", feeds.blog_sitemap_section, name="sitemap-section"),
    path("wp-sitemap.xml", feeds.wordpress_sitemap),
    re_path(rf"^{_DAY}/(?P<slug>[^/]+)/{_FEED}", feeds.comments_feed, name="post-comments-feed"),
    path("comments/<int:post_id>/", engagement.post_comment, name="post-comment"),
    path("webmention/", engagement.receive_webmention, name="webmention"),
    path("activitypub/actor/", federation.actor, name="ap-actor"),
    path("activitypub/inbox/", federation.blog_inbox, name="ap-inbox"),
    path("activitypub/outbox/", federation.outbox, name="ap-outbox"),
    path("activitypub/followers/", federation.followers, name="ap-followers"),
    path("activitypub/featured/", federation.featured, name="ap-featured"),
    path("activitypub/follow/", federation.follow_from_elsewhere, name="follow-from-elsewhere"),
    path("unlock/<int:post_id>/", reading.unlock_post, name="unlock-post"),
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/<str:token>/", subscriptions.confirm, name="subscription-confirm"),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    re_path(rf"^{_PAGE}$", reading.archive, name="home"),
    re_path(
        rf"^category/(?P<path>(?:[^/]+/)*?[^/]+)/{_PAGE}$",
        reading.archive,
        {"kind": "category"},
        name="category",
    ),
    re_path(rf"^tag/(?P<slug>[^/]+)/{_PAGE}$", reading.archive, {"kind": "tag"}, name="tag"),
    re_path(
        rf"^author/(?P<username>[^/]+)/{_PAGE}$", reading.archive, {"kind": "author"}, name="author"
    ),
    re_path(rf"^(?P<year>[0-9]{{4}})/{_PAGE}$", reading.archive, {"kind": "date"}, name="year"),
    re_path(
        rf"^(?P<year>[0-9]{{4}})/(?P<month>[0-9]{{2}})/{_PAGE}$",
        reading.archive,
        {"kind": "date"},
        name="month",
    ),
    re_path(
        rf"^(?P<year>[0-9]{{4}})/(?P<month>[0-9]{{2}})/(?P<day>[0-9]{{2}})/{_PAGE}$",
        reading.archive,
        {"kind": "date"},
        name="day",
    ),
    path("<int:year>/<int:month>/<int:day>/<str:slug>/", reading.post_detail, name="post"),
    path("<path:page_path>/", reading.page_detail, name="page"),
]
