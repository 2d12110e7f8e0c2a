from .follow import Follow
from .remote_entry import RemoteEntry
from .remote_feed import RemoteFeed

__all__ = ["Follow", "RemoteEntry", "RemoteFeed"]
