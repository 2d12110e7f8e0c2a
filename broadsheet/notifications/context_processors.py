from django.utils.functional import SimpleLazyObject


def bell(request) -> dict:
    """The bell's label for the bar of signed-in pages, counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from broadsheet.notifications.services.notify import bell_label

    return {"unread_notifications": SimpleLazyObject(lambda: bell_label(user))}
