from django.utils.functional import SimpleLazyObject


def bell(request) -> dict:
    """The unread count for the bar of signed-in pages, counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from broadsheet.notifications.services.notify import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
