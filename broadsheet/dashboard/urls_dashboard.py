from django.urls import path

from broadsheet.dashboard import team, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new-blog/", team.start_blog, name="start-blog"),
]
