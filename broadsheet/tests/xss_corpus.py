"""Cross-site scripting payloads (after OWASP's XSS filter evasion cheat sheet, mutation XSS and
URL-scheme tricks), and a detector of live markup in what the site sends back."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

BASE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<IMG SRC="jav&#x09;ascript:alert(1);">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<IMG SRC="  &#14;  javascript:alert(1);">',
    "<img src=`javascript:alert(1)`>",
    '<img """><script>alert(1)</script>">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JAVASCRIPT:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    "<a href=javas&#99;ript:alert(1)>x</a>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1));">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<img srcset="javascript:alert(1) 1x">',
    '<img src="x" srcset="data:text/html,x 2x">',
    '<table background="javascript:alert(1)">',
    '<td background="javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    "<title><img src=x onerror=alert(1)></title>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<img src=x:alert(alt) onerror=eval(src) alt=1>",
    "<isindex type=image src=1 onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<span style="x:expression(alert(1))">x</span>',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "[a](  javascript:alert(1)  )",
    '<img src="x" alt="`onerror=alert(1)">',
    '<a href="https://example.org/" style="position:fixed;top:0">x</a>',
    "<keygen autofocus onfocus=alert(1)>",
    "<frameset onload=alert(1)>",
    '<applet code="javascript:alert(1)">',
    "<x onclick=alert(1)>click",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]
# Each vector again behind an attribute or tag break, as stored XSS is tried in real attacks.
PAYLOADS = BASE + [f'x" onmouseover="alert(1)"{v}' for v in BASE[:10]]

_URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
}
_DANGEROUS_TAGS = {
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "base",
    "frameset",
    "applet",
    "isindex",
    "keygen",
    "marquee",
    "xmp",
    "noscript",
}


class LiveMarkup(HTMLParser):
    """Every tag, attribute or address in an HTML document that could run script; `own_forms`
    and `own_scripts` are the site's own (its comment and password forms, /static/ scripts)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in _DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                self.found.append(f"<script src={src!r}>")
            self._in_script = True
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on") or name == "style" or name == "srcdoc":
                self.found.append(f"<{tag} {name}>")
            if name in _URL_ATTRIBUTES and value:
                for url in value.split(",") if name == "srcset" else [value]:
                    if not _safe_url(url.strip().split(" ", 1)[0]):
                        self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("inline script")


def _safe_url(url: str) -> bool:
    cleaned = "".join(c for c in url if c.isprintable() and not c.isspace()).lower()
    scheme = urlsplit(cleaned).scheme if ":" in cleaned else ""
    return scheme in ("", "http", "https", "mailto")


def live_markup(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found
