from .comment import Comment, CommentStatus
from .like import Like

__all__ = ["Comment", "CommentStatus", "Like"]
