from django.db import models


class BlogKey(models.Model):
    """The key pair a blog signs its ActivityPub requests with; the public half is in its actor
    document, where other servers check our signatures."""

    blog = models.OneToOneField("blogs.Blog", on_delete=models.CASCADE, related_name="key")
    private_key_pem = models.TextField()
    public_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"key of {self.blog}"
