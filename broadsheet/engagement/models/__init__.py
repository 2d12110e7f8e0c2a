from .comment import Comment, CommentStatus, CommentType, MentionKind
from .like import Like

__all__ = ["Comment", "CommentStatus", "CommentType", "Like", "MentionKind"]
