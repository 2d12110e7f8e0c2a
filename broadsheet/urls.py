from django.contrib import admin
from django.urls import include, path

from broadsheet import urls_common
from broadsheet.accounts import views as accounts
from broadsheet.accounts import views_app_passwords as app_password_views
from broadsheet.blogs import views as blogs
from broadsheet.dashboard import views as dashboard
from broadsheet.federation import views as federation
from broadsheet.syndication import views as feeds

urlpatterns = [
    path("", blogs.instance_home, name="instance-home"),
    path("sitemap.xml", feeds.instance_sitemap_index, name="instance-sitemap"),
    path("admin/", admin.site.urls),
    path("dashboard/", include("broadsheet.dashboard.urls_dashboard")),
    path("reblog/", dashboard.reblog, name="reblog"),
    path("notifications/", include("broadsheet.notifications.urls")),
    path("profile/", accounts.profile, name="profile"),
    path("profile/data/", accounts.account_data, name="account-data"),
    path("profile/delete/", accounts.delete_account, name="account-delete"),
    path("profile/data/<str:token>.zip", accounts.download_export, name="account-export"),
    path("profile/app-passwords/", app_password_views.app_password_list, name="app-passwords"),
    path(
        "profile/app-passwords/<uuid:uuid>/revoke/",
        app_password_views.revoke_app_password,
        name="app-password-revoke",
    ),
    path("actor/", federation.instance_actor, name="ap-instance-actor"),
    path("people/<str:username>/", federation.person, name="ap-person"),
    path("people/<str:username>/inbox/", federation.person_inbox, name="ap-person-inbox"),
    path("people/<str:username>/outbox/", federation.person_outbox, name="ap-person-outbox"),
    path(
        "people/<str:username>/followers/",
        federation.person_followers,
        name="ap-person-followers",
    ),
    path(
        "people/<str:username>/replies/<int:reply_id>/",
        federation.person_note,
        name="ap-person-note",
    ),
    path("@<slug:blog_slug>/edit/", include("broadsheet.dashboard.urls")),
    path("@<slug:blog_slug>/", include("broadsheet.urls_blog")),
    *urls_common.urlpatterns,
]

handler404 = "broadsheet.site.views.not_found"
handler500 = "broadsheet.faults.server_error"
