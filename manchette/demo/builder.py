"""Build the demo newsroom: sections, authors, photos and 60 articles spread over 30 days.

Idempotent: what already exists (matched by slug or title) is kept as it is.
"""

import random
import secrets
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Site

from manchette.articles.models import ArticleByline, ArticleImage, ArticlePage, RelatedArticle
from manchette.articles.related import related_refresh
from manchette.authors.models import Author, AuthorLink
from manchette.comments.models import Comment
from manchette.core import jobs
from manchette.core.models import NewsImage, NewsroomSettings
from manchette.readership.models import ReadCount
from manchette.sections.models import HomeLeadStory, HomePage, SectionPage

from . import content
from .pictures import draw_logo, draw_photo

NEWSROOM_NAME = "Le Courrier du Fleuve"
PHOTO_COUNT = 20
ADMIN_USERNAME = "admin"


def demo_newsroom_load(*, progress=True):
    """Create whatever part of the demo newsroom is missing; return the admin password."""
    home = HomePage.objects.get()
    _configure_site(home)
    sections = _ensure_sections(home)
    authors = _ensure_authors()
    photos = _ensure_photos()
    articles = _ensure_articles(sections, authors, photos, progress=progress)
    _ensure_lead_stories(home, articles)
    _ensure_related(articles)
    _ensure_comments(articles)
    _ensure_reads(articles)
    # The photos' renditions and related articles, so that the first reader waits for neither.
    jobs.run_every_queued_task(progress=progress)
    return _ensure_admin()


def _image(title, data, filename, **fields):
    image, _created = NewsImage.objects.get_or_create(
        title=title, defaults={"file": ImageFile(BytesIO(data), name=filename), **fields}
    )
    return image


def _configure_site(home):
    site = Site.objects.get(root_page=home)
    site.site_name = NEWSROOM_NAME
    site.save()
    newsroom = NewsroomSettings.for_site(site)
    if newsroom.logo is None:
        newsroom.logo = _image("Logo", draw_logo(), "logo.png", description=NEWSROOM_NAME)
        newsroom.tagline = "L’information indépendante, chaque jour"
        newsroom.save()


def _ensure_sections(home):
    sections = {}
    for data in content.SECTIONS:
        parent = sections[data["parent"]] if data["parent"] else home
        section = SectionPage.objects.child_of(parent).filter(slug=data["slug"]).first()
        if section is None:
            section = SectionPage(title=data["title"], slug=data["slug"], intro=data["intro"])
            parent.add_child(instance=section)
            section.save_revision().publish()
        sections[data["slug"]] = section
    return sections


def _ensure_authors():
    authors = {}
    for data in [*content.AUTHORS, content.NEWSROOM]:
        author, created = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "role": data["role"], "bio": data["bio"]},
        )
        if created:
            author.links = [AuthorLink(**link) for link in data.get("links", [])]
            author.save()
        authors[data["slug"]] = author
    return authors


def _ensure_photos():
    return [
        _image(
            f"Photo de démonstration {number + 1}",
            draw_photo(number),
            f"demo-{number + 1}.jpg",
            description=content.PHOTO_CAPTIONS[number % len(content.PHOTO_CAPTIONS)],
            credit=content.PHOTOGRAPHERS[number % len(content.PHOTOGRAPHERS)],
        )
        for number in range(PHOTO_COUNT)
    ]


def _ensure_articles(sections, authors, photos, *, progress):
    now = timezone.now()
    created = {}
    articles = []
    items = list(enumerate(content.ARTICLES))
    for index, data in tqdm(items, desc=_("Articles"), unit=_("article"), disable=not progress):
        section = sections[data["section"]]
        article = ArticlePage.objects.child_of(section).filter(title=data["title"]).first()
        if article is None:
            article = _create_article(section, data, authors, photos, index, now)
            created[index] = article
        articles.append(article)
    # Related links point to articles that may come later in the list: add them once all exist.
    for index, article in created.items():
        related = [articles[target] for target in content.ARTICLES[index]["related"]]
        if related:
            _publish(
                article,
                related_links=[
                    RelatedArticle(related_page=target, sort_order=order)
                    for order, target in enumerate(related)
                ],
            )
    return articles


def _create_article(section, data, authors, photos, index, now):
    published_at = now - timedelta(hours=data["hours_ago"])
    signers = [authors[slug] for slug in data["authors"]]
    if not signers and data["type"] == ArticlePage.ArticleType.PRESS_RELEASE:
        signers = [authors[content.NEWSROOM["slug"]]]
    article = ArticlePage(
        title=data["title"],
        kicker=data["kicker"],
        article_type=data["type"],
        lede=data["lede"],
        body=_body(data, photos, index),
        bylines=[ArticleByline(author=author, sort_order=n) for n, author in enumerate(signers)],
        gallery_images=[
            ArticleImage(
                image=photos[(index * 3 + n) % len(photos)],
                caption=content.PHOTO_CAPTIONS[(index + n) % len(content.PHOTO_CAPTIONS)],
                sort_order=n,
            )
            for n in range(data["images"])
        ],
        first_published_at=published_at,
    )
    article.tags.add(*data["tags"])
    section.add_child(instance=article)
    # Every fourth article was corrected a few hours after it first went out.
    updated_at = published_at + timedelta(hours=3) if index % 4 == 0 else published_at
    _publish(article, first_published_at=published_at, last_published_at=min(updated_at, now))
    return article


def _body(data, photos, index):
    paragraphs = [("paragraph", f"<p>{text}</p>") for text in data["body"]]
    blocks = paragraphs[:1]
    if data["quote"]:
        blocks.append(("quote", data["quote"]))
    blocks += paragraphs[1:-1]
    if data["factbox"]:
        blocks.append(
            (
                "fact_box",
                {"title": data["factbox"]["title"], "body": f"<p>{data['factbox']['body']}</p>"},
            )
        )
    if index % 5 == 1:
        photo = photos[(index + 7) % len(photos)]
        blocks.append(("image", {"image": photo, "caption": content.PHOTO_CAPTIONS[index % 20]}))
    blocks.append(("intertitle", data["intertitle"]))
    blocks += paragraphs[-1:]
    return blocks


def _publish(article, first_published_at=None, last_published_at=None, **relations):
    """Publish a revision holding every field, then restore the demo's publication dates."""
    for name, value in relations.items():
        setattr(article, name, value)
    first_published_at = first_published_at or article.first_published_at
    last_published_at = last_published_at or article.last_published_at
    article.save_revision().publish()
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=first_published_at, last_published_at=last_published_at
    )
    article.first_published_at, article.last_published_at = first_published_at, last_published_at


def _ensure_lead_stories(home, articles):
    if home.lead_stories.exists():
        return
    picks = [article for article in articles if article.gallery_images.exists()][:3]
    home.lead_stories = [HomeLeadStory(article=a, sort_order=n) for n, a in enumerate(picks)]
    home.save_revision().publish()


def _ensure_comments(articles):
    """Threads, a moderation queue and some spam, as a newsroom sees them on a normal day."""
    if Comment.objects.exists():
        return
    rng = random.Random(7)
    people = content.COMMENTERS
    for article in articles[::3]:
        for number in range(rng.randint(1, 4)):
            name, email = people[(article.pk + number) % len(people)]
            body = content.COMMENT_TEXTS[(article.pk + number) % len(content.COMMENT_TEXTS)]
            comment = _comment(article, name, email, body, Comment.Status.APPROVED)
            if number == 0 and rng.random() < 0.5:
                name, email = people[(article.pk + 3) % len(people)]
                reply = content.REPLY_TEXTS[article.pk % len(content.REPLY_TEXTS)]
                _comment(article, name, email, reply, Comment.Status.APPROVED, parent=comment)
    for number, body in enumerate(content.PENDING_TEXTS):
        _comment(
            articles[number],
            "Nouveau lecteur",
            f"nouveau{number}@example.org",
            body,
            Comment.Status.PENDING,
        )
    for number, body in enumerate(content.SPAM_TEXTS):
        _comment(
            articles[number + 1],
            "Promo",
            f"promo{number}@spam.example",
            body,
            Comment.Status.SPAM,
            checks={"links": "3 liens (2 au plus)"},
        )


def _ensure_related(articles):
    """Publishing computes suggestions once the transaction commits; make sure they exist."""
    for article in articles:
        if not article.suggestions.exists():
            related_refresh(article=article)


def _ensure_reads(articles):
    """A day of readers, so that "Les plus lus" has something to show."""
    if ReadCount.objects.exists():
        return
    rng = random.Random(11)
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    ReadCount.objects.bulk_create(
        ReadCount(
            article=article,
            hour=hour - timedelta(hours=rng.randint(0, 20)),
            count=rng.randint(5, 400),
        )
        for article in rng.sample(articles, 20)
    )


def _comment(article, name, email, body, status, parent=None, checks=None):
    return Comment.objects.create(
        article=article,
        parent=parent,
        name=name,
        email=email,
        body=body,
        status=status,
        checks=checks or {},
    )


def _ensure_admin():
    """Create the admin account once, with a generated password kept in the data folder."""
    password_file = settings.DATA_DIR / "admin-password.txt"
    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", password)
        password_file.touch(mode=0o600)
        password_file.write_text(password)
    return password_file.read_text().strip() if password_file.exists() else None
