from broadsheet.publishing.services.rendering import (
    make_excerpt,
    render,
    render_comment,
    render_markdown,
)


def test_markdown_renders_headings_lists_quotes_links_and_tables():
    html = render_markdown(
        "## Heading\n\n- one\n- two\n\n> quoted\n\n[link](https://example.org)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    for fragment in (
        "<h2>Heading</h2>",
        "<li>one</li>",
        "<blockquote>",
        'href="https://example.org"',
        "<table>",
        "<td>1</td>",
    ):
        assert fragment in html


def test_an_image_with_a_title_becomes_a_figure_with_its_caption():
    html = render_markdown('Intro\n\n![A harbour](/media/h.jpg "Dawn over the harbour")\n\nAfter')
    assert '<figure class="wp-caption"><img src="/media/h.jpg" alt="A harbour">' in html
    assert "<figcaption>Dawn over the harbour</figcaption></figure>" in html


def test_an_inline_image_stays_inline():
    html = render_markdown('Text ![x](/a.png "t") more')
    assert "<figure" not in html and "<img" in html


def test_scripts_event_handlers_and_javascript_links_never_survive():
    nasty = (
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)" onclick="alert(4)">x</a>'
        '<iframe src="https://evil.example"></iframe><style>body{}</style>'
        '<a href="JaVaScRiPt:alert(5)">y</a><svg onload="alert(6)"></svg>'
    )
    for source_format in ("markdown", "html"):
        html = render(nasty, source_format).lower()
        for forbidden in (
            "<script",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "<style",
            "onload",
            "<svg",
        ):
            assert forbidden not in html, (source_format, forbidden, html)


def test_comments_allow_no_images_and_mark_links_as_user_content():
    html = render_comment("Look ![x](https://tracker.example/p.gif) [site](https://example.org)")
    assert "<img" not in html
    assert 'rel="nofollow ugc noopener"' in html


def test_excerpt_is_the_first_55_words():
    words = " ".join(f"w{i}" for i in range(80))
    excerpt = make_excerpt(render_markdown(words))
    assert excerpt == " ".join(f"w{i}" for i in range(55)) + "…"
    assert make_excerpt("<p>Short <b>one</b>.</p>") == "Short one."


def test_wordpress_paragraphs_around_the_markup_a_classic_post_already_has():
    """wpautop runs on every classic post, <p> or not, and never inside <pre> (issue 8, item 4)."""
    from broadsheet.publishing.services.wordpress_markup import to_html

    source = (
        "Opening words\nwith a break.\n\n<p>A paragraph typed by hand.</p>\nLoose text.\n\n"
        "<pre>def f():\n\n    return 1\n</pre>\n"
        '[caption width="300"]<img src="/a.png" alt="A"> The pier[/caption]\nClosing.'
    )
    html = to_html(source)
    assert "<p>Opening words<br>\nwith a break.</p>" in html
    assert "<p>Loose text.</p>" in html and "<p>Closing.</p>" in html
    assert "<pre>def f():\n\n    return 1\n</pre>" in html  # untouched: no <p>, no <br>
    assert '<figure class="wp-caption"><img src="/a.png" alt="A"><figcaption>The pier' in html
    assert "<p><figure" not in html and "<p></p>" not in html


def test_code_from_wordpress_is_shown_exactly_as_written():
    """Issue 8, item 2: a security blog's examples stay whole; plain <pre> keeps its markup but
    shows what the sanitizer would remove as text."""
    from broadsheet.publishing.services.rendering import render

    source = (
        'Intro.\n\n<pre lang="php"><form action="/x">\n  <?php echo $_SERVER[\'HTTP_HOST\']; ?>'
        '\n</form></pre>\n\n[sourcecode language="python"]\ndef f():\n\n    return 1\n'
        "[/sourcecode]\n\n[php]$a = '<b>';[/php]\n\n"
        "<pre>plain <b>bold</b>, <script>alert(1)</script> and <input name=q></pre>\nEnd."
    )
    html = render(source, "wordpress")
    assert '<div class="highlight">' in html
    assert '&lt;form action="/x"&gt;' in html and "HTTP_HOST" in html and "&lt;?php" in html
    assert "<span" in html and 'class="k"' in html  # highlighted by Pygments
    assert "def</span>" in html and "\n\n    <span" in html  # indentation and blank line kept
    code = html.split('<div class="highlight">', 1)[1].split("</pre>", 1)[0]
    assert "<p>" not in code and "<br>" not in code
    assert "&lt;b&gt;" in html  # [php] shortcode
    assert "<b>bold</b>" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;input name=q&gt;" in html and "<script" not in html
