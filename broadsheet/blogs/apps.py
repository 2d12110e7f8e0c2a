from django.apps import AppConfig


class BlogsConfig(AppConfig):
    name = "broadsheet.blogs"
    label = "blogs"
    verbose_name = "Blogs and accounts"
