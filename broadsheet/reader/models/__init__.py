from .entry_like import EntryLike
from .entry_reply import EntryReply
from .follow import Follow
from .remote_entry import RemoteEntry
from .remote_feed import RemoteFeed

__all__ = ["EntryLike", "EntryReply", "Follow", "RemoteEntry", "RemoteFeed"]
