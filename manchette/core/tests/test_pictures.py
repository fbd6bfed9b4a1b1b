"""Photos on public pages: light formats, the right width for the screen, lazy below the fold."""

from html.parser import HTMLParser

import pytest
from wagtail.images.models import Picture

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core import renditions
from manchette.core.tests.factories import NewsImageFactory

pytestmark = pytest.mark.django_db


class PictureParser(HTMLParser):
    """Each <picture> of a page, as {"sources": [attrs, …], "img": attrs}."""

    def __init__(self):
        super().__init__()
        self.pictures = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag == "picture":
            self.current = {"sources": [], "img": None}
            self.pictures.append(self.current)
        elif tag == "source" and self.current is not None:
            self.current["sources"].append(dict(attrs))
        elif tag == "img" and self.current is not None:
            self.current["img"] = dict(attrs)
            self.current = None


def pictures(response):
    assert response.status_code == 200
    parser = PictureParser()
    parser.feed(response.content.decode())
    return parser.pictures


def widths(srcset):
    return [candidate.split()[-1] for candidate in srcset.split(", ")]


def test_article_photos_come_in_avif_and_webp_with_a_sized_jpeg_fallback(client, section):
    photo = NewsImageFactory(description="Des députés en séance")
    article = ArticlePageFactory(parent=section, images=[photo])

    [lead] = pictures(client.get(article.url))

    assert [(s["type"], widths(s["srcset"])) for s in lead["sources"]] == [
        ("image/avif", ["400w", "800w", "1200w"]),
        ("image/webp", ["400w", "800w", "1200w"]),
    ]
    assert {s["sizes"] for s in lead["sources"]} == {"(min-width: 46rem) 42rem, 100vw"}
    img = lead["img"]
    assert img["src"].endswith(".width-400.format-jpeg.jpg")
    assert widths(img["srcset"]) == ["400w", "800w", "1200w"]
    assert img["sizes"] == "(min-width: 46rem) 42rem, 100vw"
    # The factory's photo is 1600 × 900: the box is reserved before the file arrives.
    assert (img["width"], img["height"]) == ("400", "225")
    assert img["alt"] == "Des députés en séance"


def test_only_the_lead_photo_loads_at_once(client, section):
    gallery = [NewsImageFactory() for _ in range(2)]
    in_text = NewsImageFactory()
    related = ArticlePageFactory(parent=section, images=[NewsImageFactory()])
    article = ArticlePageFactory(
        parent=section,
        images=gallery,
        body=[("image", {"image": in_text, "caption": "Dans le texte"})],
        related=[related],
    )

    lead, second, body, card = (p["img"] for p in pictures(client.get(article.url)))

    assert (lead["fetchpriority"], "loading" in lead) == ("high", False)
    assert [img["loading"] for img in (second, body, card)] == ["lazy"] * 3
    assert card["class"] == "card__image"
    assert card["src"].endswith(".fill-400x225.format-jpeg.jpg")


def test_front_page_loads_its_lead_story_photo_at_once_and_the_others_lazily(client, section):
    for _ in range(3):
        ArticlePageFactory(parent=section, images=[NewsImageFactory()])

    featured, *others = (p["img"] for p in pictures(client.get("/")))

    assert featured["fetchpriority"] == "high"
    assert widths(featured["srcset"]) == ["400w", "800w", "1200w"]
    assert others
    assert {img["loading"] for img in others} == {"lazy"}
    assert {img["sizes"] for img in others} == {
        "(min-width: 64rem) 18rem, (min-width: 40rem) 50vw, 6.5rem"
    }


def test_author_photo_is_a_square_picture(client):
    AuthorFactory(name="Aminata Sow", photo=NewsImageFactory(description="Portrait"))

    [photo] = pictures(client.get("/auteurs/aminata-sow/"))

    img = photo["img"]
    assert (img["width"], img["height"], img["alt"]) == ("160", "160", "Portrait")
    assert widths(img["srcset"]) == ["160w", "320w"]


def test_readers_saving_data_get_the_smallest_photos_only(client, section):
    article = ArticlePageFactory(
        parent=section,
        images=[NewsImageFactory()],
        related=[ArticlePageFactory(parent=section, images=[NewsImageFactory()])],
    )

    found = pictures(client.get(article.url, HTTP_SAVE_DATA="on"))

    assert len(found) == 2
    for picture in found:
        candidates = [s["srcset"] for s in picture["sources"]] + [picture["img"]["src"]]
        assert all(" " not in candidate for candidate in candidates)  # one file, no choice
        assert all(".width-400." in c or ".fill-400x225." in c for c in candidates)
        assert "srcset" not in picture["img"]
        assert "sizes" not in picture["img"]


def test_pages_tell_caches_they_depend_on_save_data(client, section):
    article = ArticlePageFactory(parent=section)
    assert "Save-Data" in client.get(article.url)["Vary"]


@pytest.mark.parametrize("save_data", ["", "on"])
def test_pictures_are_written_as_wagtails_picture_writes_them(client, section, save_data):
    """The pictures are written by Manchette, faster; browsers must get the same markup."""
    photo = NewsImageFactory(description="Le port & ses grues")
    article = ArticlePageFactory(parent=section, images=[photo])
    html = client.get(article.url, HTTP_SAVE_DATA=save_data).content.decode()

    specs = renditions.FIGURE.specs(save_data=bool(save_data))
    attrs = {"class": "figure__image", "fetchpriority": "high"}
    if not save_data:
        attrs["sizes"] = renditions.FIGURE.sizes
    expected = Picture(renditions.renditions_of(photo, specs), attrs).__html__()
    assert expected in html


def card_files(response):
    """The files of each card's JPEG fallback, in the page's order (cards are 16:9 crops)."""
    return [p["img"]["srcset"] for p in pictures(response) if "fill-" in p["img"]["src"]]


@pytest.mark.parametrize("page", ["front page", "article"])
def test_a_photo_cropped_anew_is_shown_in_crops_around_its_new_focal_point(client, section, page):
    photo = NewsImageFactory()  # 1600 × 900
    card = ArticlePageFactory(parent=section, images=[photo])
    article = ArticlePageFactory(parent=section, related=[card])
    url = "/" if page == "front page" else article.url
    [before] = card_files(client.get(url))

    # The editor puts the focal point on the left edge of the photo.
    photo.focal_point_x, photo.focal_point_y = 100, 450
    photo.focal_point_width, photo.focal_point_height = 200, 200
    photo.save()
    [after] = card_files(client.get(url))

    assert after != before
    key = renditions.image_filter("fill-400x225").get_cache_key(photo)
    crops = photo.renditions.filter(filter_spec__startswith="fill-400x225", focal_point_key=key)
    assert crops.count() == len(renditions.FORMATS)
    assert crops.get(filter_spec="fill-400x225|format-jpeg").url in after


@pytest.mark.parametrize("page", ["front page", "article"])
def test_a_rendition_removed_from_the_library_is_made_again_for_the_page(client, section, page):
    photo = NewsImageFactory()
    card = ArticlePageFactory(parent=section, images=[photo])
    article = ArticlePageFactory(parent=section, related=[card])
    url = "/" if page == "front page" else article.url
    client.get(url)
    photo.renditions.filter(filter_spec="fill-800x450|format-webp").delete()

    [card_picture] = [p for p in pictures(client.get(url)) if "fill-" in p["img"]["src"]]

    webp = next(s for s in card_picture["sources"] if s["type"] == "image/webp")
    assert widths(webp["srcset"]) == ["400w", "800w"]
    assert photo.renditions.filter(filter_spec="fill-800x450|format-webp").exists()
