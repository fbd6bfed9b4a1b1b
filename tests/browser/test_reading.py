"""A reader on a small phone, in real headless Chromium, with JavaScript off."""


def open_lead_story(phone, demo_site):
    phone.goto(demo_site["url"] + "/")
    phone.locator(".lead-stories .card__title a").first.click()


def test_reader_on_a_phone_reads_an_article_without_javascript(demo_site, phone):
    open_lead_story(phone, demo_site)

    assert phone.locator("h1").count() == 1
    assert phone.locator(".article__lede").is_visible()
    assert phone.locator(".article__meta .byline").inner_text().startswith("Par ")
    assert "/ Manchette" in phone.locator(".figure__credit").first.text_content()
    assert phone.get_by_role("heading", name="Dernières nouvelles").count() == 1
    assert phone.get_by_role("heading", name="En relation").count() == 1
    # Nothing wider than the screen: no sideways scrolling on a 360 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_reader_follows_a_byline_to_the_author_page(demo_site, phone):
    phone.goto(demo_site["url"] + "/")
    card = phone.locator(".card", has=phone.locator(".byline a")).first
    headline = card.locator(".card__title").inner_text()
    author = card.locator(".byline a").first
    name = author.inner_text()
    author.click()

    assert "/auteurs/" in phone.url
    assert phone.locator("h1").inner_text() == name
    assert headline in phone.locator(".article-list").inner_text()
