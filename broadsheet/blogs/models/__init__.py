from .app_password import AppPassword
from .blog import Blog
from .membership import Membership, Role
from .user import User

__all__ = ["AppPassword", "Blog", "Membership", "Role", "User"]
