"""`web_link` for Django's templates (a builtin: no {% load %} needed); the Jinja pages have the
same filter (broadsheet.jinja2)."""

from django import template

from broadsheet.publishing.services.rendering import web_link

register = template.Library()
register.filter("web_link", web_link)
