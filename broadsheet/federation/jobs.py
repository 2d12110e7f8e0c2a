from broadsheet.blogs.models import Blog
from broadsheet.federation.services import delivery
from broadsheet.jobs.services import handler


@handler("federation.deliver")
def deliver(payload: dict) -> None:
    blog = Blog.objects.filter(pk=payload["blog_id"]).first()
    if blog is not None:
        delivery.send(blog, payload["inbox"], payload["activity"])
