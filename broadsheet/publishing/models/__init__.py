from .category import Category
from .media import Media
from .post import Post, PostKind, PostStatus
from .revision import Revision
from .tag import Tag
from .term_redirect import TermRedirect

__all__ = ["Category", "Media", "Post", "PostKind", "PostStatus", "Revision", "Tag", "TermRedirect"]
