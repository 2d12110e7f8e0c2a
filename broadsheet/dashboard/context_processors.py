from django.utils.functional import SimpleLazyObject


def blog_screens(request) -> dict:
    """Which of a blog's screens the signed-in person may use, for the one navigation every
    dashboard screen shows (worked out only when a page shows it)."""
    blog = getattr(request, "blog", None)
    user = getattr(request, "user", None)
    if blog is None or user is None or not user.is_authenticated:
        return {}

    def screens() -> dict:
        from broadsheet.blogs.services import permissions
        from broadsheet.engagement.services.comments import moderates_on

        return {
            "moderate": moderates_on(user, blog),
            "edit_others": permissions.can_edit_others(user, blog),
            "administer": permissions.can_administer(user, blog),
        }

    return {"screens": SimpleLazyObject(screens)}
