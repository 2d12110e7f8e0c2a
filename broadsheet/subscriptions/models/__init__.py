from .post_mailing import PostMailing
from .subscriber import Frequency, Subscriber, SubscriberStatus

__all__ = ["Frequency", "PostMailing", "Subscriber", "SubscriberStatus"]
