from .account_export import AccountExport
from .invitation import Invitation
from .join_request import JoinRequest, JoinRequestStatus

__all__ = ["AccountExport", "Invitation", "JoinRequest", "JoinRequestStatus"]
