"""Each blog's signing key, made the first time it is needed."""

from django.db import IntegrityError, transaction

from broadsheet.blogs.models import Blog
from broadsheet.federation.models import BlogKey, InstanceKey
from broadsheet.federation.services.signatures import new_key_pair


def key_for(blog: Blog) -> BlogKey:
    existing = BlogKey.objects.filter(blog=blog).first()
    if existing is not None:
        return existing
    private, public = new_key_pair()
    try:
        with transaction.atomic():
            return BlogKey.objects.create(blog=blog, private_key_pem=private, public_key_pem=public)
    except IntegrityError:  # made meanwhile by another request
        return BlogKey.objects.get(blog=blog)


def instance_key() -> InstanceKey:
    existing = InstanceKey.objects.filter(pk=1).first()
    if existing is not None:
        return existing
    private, public = new_key_pair()
    try:
        with transaction.atomic():
            return InstanceKey.objects.create(pk=1, private_key_pem=private, public_key_pem=public)
    except IntegrityError:  # made meanwhile by another process
        return InstanceKey.objects.get(pk=1)
