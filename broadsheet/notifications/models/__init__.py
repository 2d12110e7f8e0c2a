from .notification import Kind, Notification
from .preference import Delivery, Preference

__all__ = ["Delivery", "Kind", "Notification", "Preference"]
