from .avatar import Avatar
from .comment import Comment, CommentStatus, CommentType, MentionKind
from .like import Like
from .sent_mention import SentMention

__all__ = [
    "Avatar",
    "Comment",
    "CommentStatus",
    "CommentType",
    "Like",
    "MentionKind",
    "SentMention",
]
