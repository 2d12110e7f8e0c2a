"""Related posts: what the texts say (TF-IDF cosine), blended with shared categories and tags
and a little recency. Computed for a whole blog at a time by the worker after posts change."""

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict

from django.db import transaction

from broadsheet.blogs.models import Blog
from broadsheet.discovery.models import RelatedPost
from broadsheet.publishing.models import Media, Post
from broadsheet.publishing.services.reading import MEDIA_COLUMNS_SQL, attach_featured_image
from broadsheet.sql import ModelQuery
from broadsheet.text import plain_text

RELATED_COUNT = 3
TERMS_PER_POST = 60
CATEGORY_WEIGHT = 0.15
TAG_WEIGHT = 0.15
RECENCY_WEIGHT = 0.05
# Candidates (see compute_related): terms in more posts than this are not followed...
COMMON_TERM_POSTS = 50
COMMON_TERM_SHARE = 0.05
# ...and from each shared category or tag, and from the whole blog, the posts nearest in time
# on either side are scored.
LABEL_CANDIDATES = 50
TIME_CANDIDATES = 20
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "and",
        "any",
        "are",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "can",
        "could",
        "did",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "into",
        "its",
        "itself",
        "just",
        "more",
        "most",
        "much",
        "must",
        "myself",
        "nor",
        "not",
        "now",
        "off",
        "once",
        "only",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "too",
        "under",
        "until",
        "upon",
        "very",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "one",
        "two",
        "also",
        "may",
        "might",
        "like",
        "many",
        "new",
        "said",
        "says",
        "say",
        "get",
        "got",
    ]
)


def _terms(text: str) -> Counter:
    return Counter(w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOPWORDS)


def _vectors(documents: dict[int, Counter]) -> dict[int, dict[str, float]]:
    """Unit-length TF-IDF vectors, each cut to its strongest terms."""
    frequency = Counter(term for counts in documents.values() for term in counts)
    total = len(documents)
    vectors = {}
    for pk, counts in documents.items():
        weights = {
            term: (1 + math.log(count)) * math.log((1 + total) / (1 + frequency[term]))
            for term, count in counts.items()
        }
        strongest = sorted(weights.items(), key=lambda item: item[1], reverse=True)[:TERMS_PER_POST]
        norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
        vectors[pk] = {term: w / norm for term, w in strongest if w > 0}
    return vectors


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _nearest_in_time(timeline: list[tuple], moment: tuple, count: int) -> list[int]:
    """The ids of up to `count` posts either side of `moment` on a sorted (date, id) list."""
    at = bisect_left(timeline, moment)
    return [pk for _, pk in timeline[max(0, at - count) : at + count + 1]]


def compute_related(blog: Blog) -> dict[int, list[tuple[int, float]]]:
    """Each post's best matches. Scoring every pair of posts grows with the square of the blog
    (hours at 10,000 posts); each post is scored only against candidates instead: posts sharing
    one of its distinctive terms, the posts nearest in time in each of its categories and tags,
    and the posts nearest in time overall. A blog of a few dozen posts still scores every pair."""
    posts = list(
        Post.objects.filter(blog=blog)
        .posts()
        .visible()
        .only("pk", "title", "content_html", "published_at")
        .prefetch_related("categories", "tags")
    )
    if len(posts) < 2:
        return {post.pk: [] for post in posts}
    documents = {
        # The title says what the post is about more densely than the body: count it twice.
        p.pk: _terms(f"{p.title} {p.title} {plain_text(p.content_html)}")
        for p in posts
    }
    vectors = _vectors(documents)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for pk, vector in vectors.items():
        for term, weight in vector.items():
            postings[term].append((pk, weight))
    # A term in a large share of the blog's posts says little about any one of them (its IDF
    # weight is low), and walking its postings for every post is what costs.
    common = max(COMMON_TERM_POSTS, int(len(posts) * COMMON_TERM_SHARE))
    categories = {p.pk: {c.pk for c in p.categories.all()} for p in posts}
    tags = {p.pk: {t.pk for t in p.tags.all()} for p in posts}
    dates = {p.pk: p.published_at for p in posts}
    timeline = sorted((p.published_at, p.pk) for p in posts)
    labelled: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for moment in timeline:
        pk = moment[1]
        for label in categories[pk]:
            labelled[("category", label)].append(moment)
        for label in tags[pk]:
            labelled[("tag", label)].append(moment)
    results = {}
    for post in posts:
        moment = (post.published_at, post.pk)
        scores: dict[int, float] = defaultdict(float)
        for term, weight in vectors[post.pk].items():
            if len(postings[term]) > common:
                continue
            for other, other_weight in postings[term]:
                scores[other] += weight * other_weight
        candidates = set(scores)
        candidates.update(_nearest_in_time(timeline, moment, TIME_CANDIDATES))
        for kind, labels in (("category", categories[post.pk]), ("tag", tags[post.pk])):
            for label in labels:
                members = labelled[(kind, label)]
                candidates.update(_nearest_in_time(members, moment, LABEL_CANDIDATES))
        candidates.discard(post.pk)
        scores.pop(post.pk, None)
        for other in candidates:
            # Shared labels add to the text score; recency breaks ties and fills the list when
            # the texts share nothing.
            days_apart = abs((dates[post.pk] - dates[other]).days)
            scores[other] += (
                CATEGORY_WEIGHT * _jaccard(categories[post.pk], categories[other])
                + TAG_WEIGHT * _jaccard(tags[post.pk], tags[other])
                + RECENCY_WEIGHT / (1 + days_apart / 30)
            )
        ranked = sorted(scores.items(), key=lambda item: (-item[1], -item[0]))[:RELATED_COUNT]
        results[post.pk] = ranked
    return results


def recompute_related(blog: Blog) -> set[int]:
    """Store fresh related posts for every published post of the blog; returns the ids of the
    posts whose list changed (their pages must leave the page cache)."""
    results = compute_related(blog)
    current = defaultdict(list)
    for post_id, related_id in (
        RelatedPost.objects.filter(post__blog=blog)
        .order_by("post", "rank")
        .values_list("post_id", "related_id")
    ):
        current[post_id].append(related_id)
    changed = {
        pk
        for pk in set(results) | set(current)
        if [r for r, _ in results.get(pk, [])] != current.get(pk, [])
    }
    with transaction.atomic():
        RelatedPost.objects.filter(post_id__in=changed).delete()
        RelatedPost.objects.bulk_create(
            RelatedPost(post_id=pk, related_id=related, rank=rank, score=score)
            for pk in changed
            if pk in results
            for rank, (related, score) in enumerate(results[pk])
        )
    return changed


_RELATED = ModelQuery(
    Post,
    f"""
    SELECT p.id, p.blog_id, p.kind, p.title, p.slug, p.excerpt, p.summary, p.status, p.password,
           p.published_at, p.featured_image_id, {MEDIA_COLUMNS_SQL}
    FROM {RelatedPost._meta.db_table} r JOIN {Post._meta.db_table} p ON p.id = r.related_id
    LEFT JOIN {Media._meta.db_table} m ON m.id = p.featured_image_id
    WHERE r.post_id = %(post)s ORDER BY r.rank
""",
)


def related_posts(post: Post) -> list[Post]:
    """The stored related posts that are still published (the list may lag a change briefly).
    Plain SQL, like the post page's other lookups (see publishing.services.reading)."""
    found = []
    for related in _RELATED.fetch({"post": post.pk}):
        related.blog = post.blog
        if related.is_visible:
            found.append(attach_featured_image(related))
    return found
