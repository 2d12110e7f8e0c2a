"""Names nobody may take, for an account or a blog: they are the instance's own paths and
roles, or they would pass for its staff. A blog's address and a user name are both read as
the instance speaking when they say "admin", "support" or "broadsheet"."""

from django.core.exceptions import ValidationError

RESERVED = frozenset(
    """
    about abuse accounts actor admin administrator api app apps assets auth autoconfig
    billing blog blogs broadsheet dashboard edit editor email feed feeds help home hostmaster
    imap inbox info instance legal login logout mail mailer media moderator news nodeinfo
    noreply no_reply notifications official operator people postmaster privacy profile reader
    register reblog root rss search security settings share signin signup sitemap smtp staff
    static status support system team terms test undefined user users webfinger webmaster
    well_known wordpress wp www xmlrpc
    """.split()
)

# Words that make an address an insult to whoever reads it (a short list; operators refuse
# more through the admin by renaming).
OFFENSIVE = frozenset({"fuck", "shit", "cunt", "nigger", "faggot", "retard", "nazi"})


def is_reserved(name: str) -> bool:
    folded = name.casefold().replace("-", "_")
    return folded in RESERVED or any(word in folded for word in OFFENSIVE)


def check_not_reserved(name: str) -> None:
    """A validator (Django's and allauth's forms call it)."""
    if is_reserved(name):
        raise ValidationError("That name is reserved. Please choose another.")
