from .related_post import RelatedPost

__all__ = ["RelatedPost"]
