from .invitation import Invitation
from .join_request import JoinRequest, JoinRequestStatus

__all__ = ["Invitation", "JoinRequest", "JoinRequestStatus"]
