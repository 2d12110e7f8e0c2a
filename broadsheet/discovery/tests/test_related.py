from broadsheet.discovery.models import RelatedPost
from broadsheet.discovery.services.related import recompute_related, related_posts
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges

TEXTS = {
    "Gas storage deal": "The union agreed to buy gas storage together before winter; pipelines and LNG terminals.",
    "Pipelines and winter gas": "Gas pipelines, LNG cargoes and storage levels decide the winter price.",
    "LNG terminals expand": "New LNG terminals add import capacity; storage and gas supply improve.",
    "Election run-off": "The presidential run-off turns on turnout and the rural vote.",
    "Parliament loses majority": "The coalition may lose its majority; turnout and the vote decide.",
    "Referendum on voting rules": "A referendum on electoral rules: turnout, the vote, and reform.",
}


def test_related_posts_follow_what_the_texts_say(team):
    made = {
        title: team.post(title, source=text, days_ago=index + 1)
        for index, (title, text) in enumerate(TEXTS.items())
    }
    recompute_related(team.blog)
    gas = {p.title for p in related_posts(made["Gas storage deal"])}
    assert len(gas) == 3 and {"Pipelines and winter gas", "LNG terminals expand"} <= gas
    votes = {p.title for p in related_posts(made["Election run-off"])}
    assert {"Parliament loses majority", "Referendum on voting rules"} <= votes


def test_never_the_post_itself_nor_an_unpublished_post(team):
    made = [
        team.post(f"Gas {i}", source="gas storage pipelines winter", days_ago=i + 1)
        for i in range(4)
    ]
    draft = team.post("Gas draft", source="gas storage pipelines winter", status="draft")
    recompute_related(team.blog)
    for post in made:
        related = related_posts(post)
        assert post not in related and draft not in related and len(related) == 3
    posts.update_post(made[1], team.author, PostChanges(status="draft"))
    assert made[1] not in related_posts(made[0]), "an unpublished post drops out at once"


def test_recompute_reports_only_changed_lists(team):
    for i in range(4):
        team.post(f"Post {i}", source=f"words {i} shared text", days_ago=i + 1)
    assert len(recompute_related(team.blog)) == 4
    assert recompute_related(team.blog) == set()
    assert RelatedPost.objects.count() == 12


def test_a_large_blog_scores_candidates_yet_finds_the_best_match_far_away(team, monkeypatch):
    from broadsheet.discovery.services import related

    # Limits small enough that this blog is "large": only a few posts either side are scored
    # for time and labels, and a term in more than 3 posts is not followed.
    monkeypatch.setattr(related, "TIME_CANDIDATES", 2)
    monkeypatch.setattr(related, "LABEL_CANDIDATES", 2)
    monkeypatch.setattr(related, "COMMON_TERM_POSTS", 3)
    twin = team.post("Zebra migration", source="Zebra herds cross the Mara river.", days_ago=90)
    for day in range(2, 14):
        team.post(f"Filler {day}", source=f"Budget report number {day}.", days_ago=day)
    post = team.post("Zebra herds", source="The zebra herds reach the Mara river.", days_ago=1)

    scores = dict(related.compute_related(team.blog)[post.pk])

    assert next(iter(scores)) == twin.pk
    assert len(scores) == 3
