from broadsheet.federation.models.author_follower import AuthorFollower
from broadsheet.federation.models.block import Block
from broadsheet.federation.models.blog_key import BlogKey
from broadsheet.federation.models.boost import Boost
from broadsheet.federation.models.follower import Follower
from broadsheet.federation.models.following import Following
from broadsheet.federation.models.instance_key import InstanceKey
from broadsheet.federation.models.person_key import PersonKey
from broadsheet.federation.models.refusal import Refusal
from broadsheet.federation.models.remote_actor import RemoteActor
from broadsheet.federation.models.report import Report
from broadsheet.federation.models.retired_actor import RetiredActor
from broadsheet.federation.models.tombstone import Tombstone
from broadsheet.federation.models.unreachable_inbox import UnreachableInbox

__all__ = [
    "AuthorFollower",
    "Block",
    "BlogKey",
    "Boost",
    "Follower",
    "Following",
    "InstanceKey",
    "PersonKey",
    "Refusal",
    "RemoteActor",
    "Report",
    "RetiredActor",
    "Tombstone",
    "UnreachableInbox",
]
