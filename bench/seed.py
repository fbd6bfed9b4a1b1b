"""Fill the bench database to scale through bulk inserts: minutes for 100,000 articles.

The demo newsroom is loaded first (site, settings, photos, admin account); sections, authors,
tags, articles and comments are then added in batches with the same rows the admin would
write, and articles are indexed for search in bulk.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from tqdm import tqdm
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from manchette.articles.models import (
    ArticleByline,
    ArticleImage,
    ArticlePage,
    ArticlePageTag,
    ArticleTerms,
    SuggestedRelation,
)
from manchette.authors.models import Author
from manchette.comments.models import Comment
from manchette.core.models import NewsImage
from manchette.core.slugs import slugify_title
from manchette.demo import content
from manchette.demo.builder import demo_newsroom_load
from manchette.search.analysis import french_terms
from manchette.sections.models import HomePage, SectionPage

BATCH = 2000
COMMENT_BATCH = 20_000
PUBLISHED_OVER_DAYS = 730
SUGGESTIONS_PER_ARTICLE = 5
TAG_COUNT = 300
FIRST_NAMES = (
    "Amina Bastien Camille Damien Élodie Fatou Gaël Hélène Ismaël Jeanne Karim Léa Mathis "
    "Nadia Olivier Pauline Quentin Rachida Sébastien Thérèse Ulysse Valérie Yann Zoé"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier"
).split()
PLACES = (
    "Lyon Marseille Toulouse Nantes Strasbourg Montpellier Bordeaux Lille Rennes Reims Dijon "
    "Angers Nîmes Grenoble Brest Limoges Tours Amiens Perpignan Metz Besançon Orléans Rouen "
    "Caen Nancy Avignon Poitiers Pau Calais Cannes Bayonne Ajaccio Bastia Valence Quimper "
    "Lorient Vannes Chambéry Annecy Colmar Mulhouse Troyes Niort Tarbes Agen Albi Rodez Laval"
).split()


@dataclass(frozen=True)
class Scale:
    articles: int = 100_000
    authors: int = 300
    sections: int = 50
    comments: int = 500_000


def bench_newsroom_seed(scale: Scale, *, seed: int = 42) -> None:
    """Bring the bench database up to the given scale; what is already there is kept."""
    rng = random.Random(seed)
    demo_newsroom_load(progress=True)
    sections = _ensure_sections(scale.sections)
    authors = _ensure_authors(scale.authors)
    tags = _ensure_tags()
    photos = list(NewsImage.objects.filter(title__startswith="Photo de démonstration"))
    _add_articles(scale.articles, sections, authors, tags, photos, rng)
    _add_comments(scale.comments, rng)
    _vacuum_and_analyse()


def _vacuum_and_analyse():
    """What PostgreSQL's autovacuum does some time after large writes, or never where it
    is turned off (as on these machines). Without statistics, a freshly seeded bench
    database served the uncached article in 28 ms instead of 8. Without a vacuum, the old
    versions of the search entries (written, then given their norms) stay in the table: a
    common word's search visited them too, 40 ms against 34. The bench measures the
    database a server in service has. SQLite needs neither. VACUUM cannot run within a
    transaction: a caller holding one (the tests) gets the statistics only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def _ensure_sections(count):
    home = HomePage.objects.get()
    existing = SectionPage.objects.count()
    for place in PLACES[: max(count - existing, 0)]:
        section = SectionPage(title=place, intro=f"L’actualité de {place} et de ses environs.")
        home.add_child(instance=section)
        section.save_revision().publish()
    return list(SectionPage.objects.live().order_by("path"))


def _ensure_authors(count):
    missing = count - Author.objects.count()
    names = [f"{first} {last}" for last in LAST_NAMES for first in FIRST_NAMES]
    Author.objects.bulk_create(
        Author(name=name, slug=f"{slugify_title(name)}-{n}", role="Journaliste")
        for n, name in enumerate(names[:missing])
    )
    return list(Author.objects.all())


def _ensure_tags():
    words = sorted({tag for article in content.ARTICLES for tag in article["tags"]})
    names = [f"{word} {place}" for place in PLACES for word in words][:TAG_COUNT]
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify_title(name)) for name in names], ignore_conflicts=True
    )
    return list(Tag.objects.all())


class ParagraphPool:
    """The demo's paragraphs, each analysed once: an article's words are the sum of its parts."""

    def __init__(self):
        self.texts = [text for article in content.ARTICLES for text in article["body"]]
        self.terms = [" ".join(french_terms(text)) for text in self.texts]

    def pick(self, rng, count):
        return rng.sample(range(len(self.texts)), count)


def _add_articles(target, sections, authors, tags, photos, rng):
    missing = target - ArticlePage.objects.count()
    if missing <= 0:
        return
    pool = ParagraphPool()
    article_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    first_step = {section.pk: _next_child_step(section) for section in sections}
    next_step = dict(first_step)
    now = timezone.now()
    with tqdm(total=missing, desc="Articles", unit="article") as progress:
        for start in range(0, missing, BATCH):
            size = min(BATCH, missing - start)
            with transaction.atomic():
                drafts = [_draft(rng, pool, sections, next_step, now) for _number in range(size)]
                _insert_pages(drafts, article_type, locale)
                _insert_relations(drafts, authors, tags, photos, rng)
                get_search_backend().add_bulk(ArticlePage, [draft.article for draft in drafts])
            progress.update(size)
    for section in sections:
        added = next_step[section.pk] - first_step[section.pk]
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + added)


def _next_child_step(section):
    last = (
        Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
        .order_by("-path")
        .first()
    )
    return Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1


@dataclass
class Draft:
    section: SectionPage
    page: Page
    article: ArticlePage
    terms: str


def _draft(rng, pool, sections, next_step, now):
    source = rng.choice(content.ARTICLES)
    section = rng.choice(sections)
    step = next_step[section.pk]
    next_step[section.pk] += 1
    title = f"{source['title']} ({rng.choice(PLACES)})"
    slug = f"{slugify_title(title)[:40]}-{uuid.uuid4().hex[:8]}"
    published = now - timedelta(minutes=rng.randint(10, PUBLISHED_OVER_DAYS * 24 * 60))
    paragraphs = pool.pick(rng, rng.randint(4, 12))
    page = Page(
        title=title,
        draft_title=title,
        slug=slug,
        url_path=f"{section.url_path}{slug}/",
        path=Page._get_path(section.path, section.depth + 1, step),
        depth=section.depth + 1,
        numchild=0,
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
        latest_revision_created_at=published,
    )
    article = ArticlePage(
        title=title,
        kicker=source["kicker"],
        article_type=source["type"],
        lede=source["lede"],
        body=[
            {"type": "paragraph", "value": f"<p>{pool.texts[i]}</p>", "id": str(uuid.uuid4())}
            for i in paragraphs
        ],
        first_published_at=published,
    )
    title_terms = " ".join(french_terms(f"{article.kicker} {title}"))
    text_terms = " ".join(
        [" ".join(french_terms(article.lede)), *(pool.terms[i] for i in paragraphs)]
    )
    # What search_title() and search_text() would return, without analysing the body again.
    article.search_title = lambda terms=title_terms: terms
    article.search_text = lambda terms=text_terms: terms
    return Draft(section, page, article, f"{title_terms} {title_terms} {text_terms}")


def _insert_pages(drafts, content_type, locale):
    for draft in drafts:
        draft.page.content_type = content_type
        draft.page.locale = locale
    Page.objects.bulk_create([draft.page for draft in drafts])
    for draft in drafts:
        draft.article.pk = draft.article.page_ptr_id = draft.page.pk
        draft.article.__dict__.update(
            {f.attname: getattr(draft.page, f.attname) for f in Page._meta.concrete_fields}
        )
    _insert_child_rows(ArticlePage, [draft.article for draft in drafts])


def _insert_child_rows(model, objects):
    """Insert the rows of a multi-table child model, which bulk_create refuses to do."""
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
            f"({columns}) VALUES ({marks})",
            rows,
        )


def _insert_relations(drafts, authors, tags, photos, rng):
    bylines, images, tagged, terms, suggestions = [], [], [], [], []
    by_section = {}
    for draft in drafts:
        by_section.setdefault(draft.section.pk, []).append(draft.page.pk)
    for draft in drafts:
        page_id = draft.page.pk
        for order, author in enumerate(rng.sample(authors, rng.choice((1, 1, 1, 2)))):
            bylines.append(ArticleByline(page_id=page_id, author=author, sort_order=order))
        for order, photo in enumerate(rng.sample(photos, rng.choice((0, 1, 1, 3)))):
            images.append(ArticleImage(page_id=page_id, image=photo, sort_order=order))
        for tag in rng.sample(tags, rng.randint(0, 3)):
            tagged.append(ArticlePageTag(content_object_id=page_id, tag=tag))
        terms.append(ArticleTerms(article_id=page_id, terms=draft.terms))
        # Stand-ins for the suggestions publishing computes: other articles of the section.
        neighbours = [pk for pk in by_section[draft.section.pk] if pk != page_id]
        for score, related in enumerate(neighbours[:SUGGESTIONS_PER_ARTICLE]):
            suggestions.append(
                SuggestedRelation(article_id=page_id, related_id=related, score=1 / (score + 1))
            )
    ArticleByline.objects.bulk_create(bylines)
    ArticleImage.objects.bulk_create(images)
    ArticlePageTag.objects.bulk_create(tagged)
    ArticleTerms.objects.bulk_create(terms)
    SuggestedRelation.objects.bulk_create(suggestions)


def _add_comments(target, rng):
    missing = target - Comment.objects.count()
    if missing <= 0:
        return
    article_ids = list(ArticlePage.objects.values_list("pk", flat=True))
    with tqdm(total=missing, desc="Comments", unit="comment") as progress:
        for start in range(0, missing, COMMENT_BATCH):
            size = min(COMMENT_BATCH, missing - start)
            Comment.objects.bulk_create(_comment(rng, article_ids) for _number in range(size))
            progress.update(size)


def _comment(rng, article_ids):
    name, email = rng.choice(content.COMMENTERS)
    return Comment(
        article_id=rng.choice(article_ids),
        name=name,
        email=email,
        body=rng.choice(content.COMMENT_TEXTS),
        status=Comment.Status.APPROVED if rng.random() < 0.9 else Comment.Status.PENDING,
    )
