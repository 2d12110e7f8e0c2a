from django.urls import path

from broadsheet.editor import views

urlpatterns = [path("", views.dashboard, name="dashboard")]
