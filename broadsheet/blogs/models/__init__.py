from .app_password import AppPassword
from .blog import Blog
from .instance import Instance
from .membership import Membership, Role
from .user import User

__all__ = ["AppPassword", "Blog", "Instance", "Membership", "Role", "User"]
