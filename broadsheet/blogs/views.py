from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.views.decorators.http import require_safe

from broadsheet.blogs.models import Blog
from broadsheet.publishing.models import Post


class ThrottledLoginView(LoginView):
    """Sign-in with a limit on failed attempts per address and account name."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def _throttle_key(self) -> str:
        username = self.request.POST.get("username", "").lower()[:150]
        return f"login-fail:{self.request.META.get('REMOTE_ADDR')}:{username}"

    def post(self, request, *args, **kwargs):
        if cache.get(self._throttle_key(), 0) >= settings.LOGIN_ATTEMPTS_PER_WINDOW:
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None, "Too many failed attempts. Please wait a few minutes and try again."
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = self._throttle_key()
        cache.add(key, 0, settings.LOGIN_THROTTLE_WINDOW)
        cache.incr(key)
        return super().form_invalid(form)


@require_safe
def instance_home(request):
    newest = Post.objects.filter(blog=OuterRef("pk")).posts().visible().order_by("-published_at")
    blogs = list(Blog.objects.annotate(latest_id=Subquery(newest.values("pk")[:1])))
    latest = {
        post.blog_id: post
        for post in Post.objects.filter(
            pk__in=[b.latest_id for b in blogs if b.latest_id]
        ).select_related("blog")
    }
    return render(
        request,
        "blogs/instance_home.html",
        {
            "blogs": [(blog, latest.get(blog.pk)) for blog in blogs],
        },
    )
