"""The signing keys of our actors (each blog, each person who follows elsewhere, the instance),
made the first time each is needed."""

from django.db import IntegrityError, models, transaction

from broadsheet.blogs.models import Blog
from broadsheet.federation.models import BlogKey, InstanceKey, PersonKey
from broadsheet.federation.services.signatures import new_key_pair


def _key(model: type[models.Model], **owner):
    existing = model.objects.filter(**owner).first()
    if existing is not None:
        return existing
    private, public = new_key_pair()
    try:
        with transaction.atomic():
            return model.objects.create(**owner, private_key_pem=private, public_key_pem=public)
    except IntegrityError:  # made meanwhile by another request or process
        return model.objects.get(**owner)


def key_for(blog: Blog) -> BlogKey:
    return _key(BlogKey, blog=blog)


def person_key(user) -> PersonKey:
    return _key(PersonKey, user=user)


def instance_key() -> InstanceKey:
    return _key(InstanceKey, pk=1)
