"""WordPress's media shortcodes, embeds and block markup render as WordPress shows them, without
a request to another site before the reader asks."""

import re

from django.test import Client

from broadsheet.publishing.models import Media, Post
from broadsheet.publishing.services import media, rendering


def wordpress(source: str) -> str:
    return rendering.render(source, "wordpress")


def test_embeds_are_link_cards_that_load_nothing_from_elsewhere():
    html = wordpress(
        "Watch this:\n\nhttps://www.youtube.com/watch?v=abc123\n\n"
        "[youtube=https://youtu.be/xyz]\n\n[embed]https://vimeo.com/12345[/embed]\n\n"
        "https://x.com/someone/status/1\n\nhttps://example.org/not-an-embed stays text."
    )
    assert html.count('class="wp-embed"') == 4
    assert (
        'href="https://www.youtube.com/watch?v=abc123" rel="noopener">Watch on YouTube</a>' in html
    )
    assert 'href="https://youtu.be/xyz"' in html and "Watch on Vimeo" in html
    assert "View on X (Twitter)" in html
    assert "<p>https://example.org/not-an-embed stays text.</p>" in html
    assert "<iframe" not in html and "<script" not in html
    assert not re.search(r'src="https?://', html)


def test_audio_and_video_play_here_when_kept_here_else_link_out():
    html = wordpress(
        '[audio mp3="/media/uploads/2015/03/song.mp3"][/audio]\n\n'
        '[video src="https://cdn.example.org/clip.mp4" poster="https://cdn.example.org/p.jpg"]\n\n'
        "[audio https://old.example/podcast.mp3]"
    )
    assert '<audio controls="" preload="none" src="/media/uploads/2015/03/song.mp3">' in html
    assert 'href="https://cdn.example.org/clip.mp4" rel="noopener">Watch on cdn.example.org' in html
    assert "Listen on old.example" in html
    assert not re.search(r'src="https?://', html)


def test_block_media_columns_cover_and_alignment_survive():
    source = (
        '<!-- wp:audio --><figure class="wp-block-audio"><audio controls '
        'src="/media/a.mp3"></audio></figure><!-- /wp:audio -->\n'
        '<!-- wp:video --><figure class="wp-block-video"><video controls src="/media/v.mp4" '
        'poster="https://old.example/poster.jpg"></video></figure><!-- /wp:video -->\n'
        '<!-- wp:columns --><div class="wp-block-columns"><div class="wp-block-column">'
        '<p>Left</p></div><div class="wp-block-column"><p>Right</p></div></div>\n'
        '<!-- wp:cover --><div class="wp-block-cover"><img class="wp-block-cover__image-background" '
        'src="/media/c.jpg" alt=""><div class="wp-block-cover__inner-container">'
        '<p class="has-text-align-center">Over</p></div></div>\n'
        '<!-- wp:image {"align":"right"} --><figure class="wp-block-image alignright">'
        '<img class="wp-image-5" src="/media/r.jpg" alt="R"></figure>\n'
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=q"} --><figure class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=q\n</div></figure>'
    )
    html = wordpress(source)
    assert '<audio controls="" src="/media/a.mp3"></audio>' in html
    assert '<video controls="" src="/media/v.mp4" poster="/remote-image/' in html
    assert '<div class="wp-block-columns"><div class="wp-block-column"><p>Left</p>' in html
    assert 'class="wp-block-cover__image-background" src="/media/c.jpg"' in html
    assert '<p class="has-text-align-center">Over</p>' in html
    assert '<figure class="wp-block-image alignright"><img class="wp-image-5"' in html
    assert "Watch on YouTube" in html


def test_classic_image_alignment_classes_are_kept():
    html = wordpress('<img class="alignleft size-medium" src="/media/l.jpg" alt="L"> Text beside.')
    assert 'class="alignleft size-medium"' in html


def test_a_gallery_shows_the_posts_attached_images(team, png_bytes):
    post = team.post("Pictures", source="x")
    for name in ("one.png", "two.png"):
        image = media.upload(team.blog, team.author, name, png_bytes(900, 700))
        Media.objects.filter(pk=image.pk).update(attached_to=post, caption=f"About {name}")
    Post.objects.filter(pk=post.pk).update(
        source='[gallery columns="2"]', source_format="wordpress"
    )
    post.refresh_from_db()
    rendering.render_post(post)
    assert '<div class="gallery gallery-columns-2">' in post.content_html
    assert post.content_html.count('class="gallery-item"') == 2
    assert "About one.png" in post.content_html and "-thumb.png" in post.content_html
    post.save()
    page = Client().get(post.get_absolute_url())
    assert page.status_code == 200 and b"gallery-columns-2" in page.content
