"""Nothing a reader types may run in another reader's browser."""

import html.parser

import pytest
from pytest_django.asserts import assertContains

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.comments.models import Comment
from manchette.comments.services import comments_moderate
from manchette.comments.text import clean_comment_text

from .helpers import post_comment

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(\'x\')">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg/onload=alert(1)//",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">clic</a>',
    "<a href=javascript&colon;alert(1)>clic</a>",
    "javascript:alert(document.cookie)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<button formaction=javascript:alert(1)>x</button>",
    '<div style="background:url(javascript:alert(1))">',
    "<style>@import 'http://xss.example/x.css';</style>",
    "<link rel=stylesheet href=http://xss.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="http://xss.example/">',
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</p><script>alert(1)</script><p>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    "<img\nsrc=x\nonerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    "http://example.org/'onclick='alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<x onclick=alert(1)>cliquez ici</x>",
    '<a href="http://example.org" onclick="alert(1)">lien</a>',
    "<isindex action=javascript:alert(1) type=image>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
]

ALLOWED_TAGS = {"p", "br", "a"}
FORBIDDEN_ATTRIBUTE_PREFIXES = ("on", "style", "src", "formaction", "action")


class CommentMarkup(html.parser.HTMLParser):
    """Collects the tags and attributes found inside the rendered comment texts."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.tags = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.tags.append((tag, dict(attrs)))
            if tag not in {"br"}:
                self.depth += 1
        elif tag == "div" and ("class", "comment__text") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag != "br":
            self.depth -= 1


def test_payload_corpus_is_big_enough():
    assert len(XSS_PAYLOADS) >= 50


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_posted_through_the_form_renders_as_text(client, section, payload):
    article = ArticlePageFactory(parent=section)
    post_comment(client, article, body=f"Avant {payload} après")
    comments_moderate(comments=Comment.objects.all(), status=Comment.Status.APPROVED)

    page = client.get(article.url).content.decode()
    parser = CommentMarkup()
    parser.feed(page)

    assert parser.tags, "the comment was not rendered"
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, payload)
        for name, value in attrs.items():
            assert not name.startswith(FORBIDDEN_ATTRIBUTE_PREFIXES), (name, payload)
            if name == "href":
                assert value.startswith(("http://", "https://")), (value, payload)
                assert attrs["rel"] == "nofollow ugc noopener"
    assert "<script" not in page.split('class="comments"')[1].split("</section>")[0].lower()


def test_links_are_nofollow_ugc(client, section):
    article = ArticlePageFactory(parent=section)
    post_comment(client, article, body="Source : https://example.org/rapport?id=1&x=2")
    comments_moderate(comments=Comment.objects.all(), status=Comment.Status.APPROVED)
    assertContains(
        client.get(article.url),
        '<a href="https://example.org/rapport?id=1&amp;x=2" rel="nofollow ugc noopener">'
        "https://example.org/rapport?id=1&amp;x=2</a>",
    )


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (
            "Bravo 👏🏽 et 👨‍👩‍👧 !",
            "Bravo 👏🏽 et 👨‍👩‍👧 !",
        ),  # emoji, skin tone and family (ZWJ) kept
        ("مرحبا بالعالم", "مرحبا بالعالم"),  # right-to-left script kept
        ("שלום", "שלום"),
        ("e\u0301te\u0301", "été"),  # combining accents kept, composed
        ("Zalgo t\u0336\u0336e\u0337st", "Zalgo t\u0336\u0336e\u0337st"),
        ("invi\u200bsible\u2060 zéro\ufeff", "invisible zéro"),  # zero-width characters stripped
        ("facture\u202egnp.exe", "facturegnp.exe"),  # right-to-left override stripped
        ("a\x00b\x07c", "abc"),  # control characters stripped
        ("ligne 1\r\nligne 2\n\n\n\nligne 3", "ligne 1\nligne 2\n\nligne 3"),
    ],
)
def test_unicode_is_kept_or_stripped_deliberately(typed, kept):
    assert clean_comment_text(typed) == kept


def test_unusual_text_never_breaks_the_page(client, section):
    article = ArticlePageFactory(parent=section)
    body = "👏🏽 مرحبا e\u0301 \u202e gnp.exe \u200b fin"
    post_comment(client, article, body=body)
    comments_moderate(comments=Comment.objects.all(), status=Comment.Status.APPROVED)
    page = client.get(article.url)
    assertContains(page, "👏🏽 مرحبا é  gnp.exe  fin")
    assert "\u202e" not in page.content.decode()
