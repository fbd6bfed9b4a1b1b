import re
from collections import namedtuple
from datetime import timedelta
from html import unescape

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, TitleFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from manchette.comments.models import approved_comment_count
from manchette.core import renditions as rendition_specs
from manchette.core.compiled import (
    STAND_IN_PK,
    compiled_queryset,
    keep_prefetched,
    prefetch_compiled,
    stand_in_path,
    stand_in_pks,
)
from manchette.core.kept import restricted_paths
from manchette.core.models import (
    BasePage,
    NewsPageQuerySet,
    NewsRendition,
    union_of,
    validate_alt_text,
)
from manchette.core.reversing import reverse
from manchette.search.analysis import french_terms

from .blocks import ArticleBodyBlock

# A republish within this delay is the same edition: no "updated on" line.
UPDATE_THRESHOLD = timedelta(minutes=1)


class ArticleQuerySet(NewsPageQuerySet):
    def published(self, private_paths=None):
        return self.live().public(private_paths)

    def in_section(self, section):
        return self.descendant_of(section)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def newest_in(self, section, *, directly=False):
        """Newest first, in the section (and its subsections unless `directly`), for a short
        list: SQLite walks down the publication-date index rather than sorting the section."""
        return self.below(section, directly=directly).newest_first()

    def for_listing(self):
        """Everything an article card shows, fetched in a constant number of queries."""
        return (
            self.without_body()
            .prefetch_related(*article_prefetches())
            .annotate(comment_count=approved_comment_count())
        )

    def without_body(self):
        """For cards and feeds, which never show the body: a list of fifty articles would
        otherwise read and parse some 300 KB of it, and keep it until a full collection of
        the garbage (model instances and their prefetched relations hold each other)."""
        return self.defer("body")


def article_prefetches():
    """Bylines and photos of a list of articles, with the renditions their cards show."""
    photos = _photos()
    # Django's hook for what a queryset's rows become; filtering the queryset keeps it.
    photos._iterable_class = _PhotosWithListedRenditions
    return [bylines_prefetch(), Prefetch("gallery_images", photos)]


class _PhotosWithListedRenditions(ModelIterable):
    """Photos whose images hold the renditions lists show, kept as values in one query
    (renditions.keep_shown): as model instances, a front page's fifty photos made 800."""

    def __iter__(self):
        photos = list(super().__iter__())
        images = [photo.image for photo in photos if photo.image]
        if not images:
            return iter(photos)
        rows = NewsRendition.objects.filter(
            image__in={image.pk for image in images},
            filter_spec__in=rendition_specs.LISTED_SPECS,
        ).values_list(*rendition_specs.SHOWN_COLUMNS)
        rendition_specs.keep_shown(images, rows)
        return iter(photos)


def bylines_prefetch():
    return Prefetch("bylines", queryset=_bylines())


def prefetch_bylines_and_photos(articles):
    """The bylines and photos of an article page's articles (itself, the related ones): two
    queries compiled once for each number of articles. The page prefetches the renditions
    of all its photos itself."""
    prefetch_bylines(articles)
    prefetch_compiled(articles, "gallery_images", "page", _photos_of)


def prefetch_bylines(articles):
    """The bylines of these articles, with their authors: one query compiled once for each
    number of articles."""
    prefetch_compiled(articles, "bylines", "page", _bylines_of)


def _bylines():
    return ArticleByline.objects.select_related("author").order_by("sort_order")


def _photos():
    return ArticleImage.objects.select_related("image").order_by("sort_order")


def articles_by_id(ids):
    """The articles with these ids (the search's results) by id, with their bodies: one
    query compiled once for each number of ids."""
    if not ids:
        return {}
    articles = compiled_queryset(_articles_of, (), stand_in_pks(len(ids)), ids)
    return {article.pk: article for article in articles}


def _articles_of(*pks):
    return ArticlePage.objects.filter(pk__in=pks).order_by()


def _bylines_of(*pks):
    return _bylines().filter(page__in=pks)


def _photos_of(*pks):
    return _photos().filter(page__in=pks)


def published_count_in(section):
    """How many published articles are below the section, each database the fast way.

    Joined to the article table, PostgreSQL read all of it to count a section's (32 ms at
    100,000 articles): it counts on the page table alone, by the path index (4 ms). SQLite,
    asked that way, walks the content type's index over every article (2.5 times slower
    than the join, which it starts from the path index).
    """
    if connections[ArticlePage.objects.db].vendor == "sqlite":
        return ArticlePage.objects.published().in_section(section).count()
    articles = ContentType.objects.get_for_model(ArticlePage)
    pages = NewsPageQuerySet(Page).live().public().filter(content_type=articles)
    return pages.descendant_of(section).count()


ArticlePageManager = PageManager.from_queryset(ArticleQuerySet)

# What a list of headlines kept for every page holds of an article: small, and the same for
# every reader.
Headline = namedtuple("Headline", "title url first_published_at")


def headline(article, request):
    return Headline(article.title, article.get_url(request), article.first_published_at)


# A comment, or a tag whose quoted attributes may hold ">".
_MARKUP = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)


def _text_of(html):
    """Rich text's words without its markup: what Django's strip_tags() gives for the
    editor's HTML, without parsing it (a third of a search page's snippets)."""
    return unescape(_MARKUP.sub("", html))


class ArticlePage(BasePage):
    class ArticleType(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        INVESTIGATION = "investigation", _("Investigation")
        REPORTAGE = "reportage", _("Reportage")
        INTERVIEW = "interview", _("Interview")
        PRESS_RELEASE = "press_release", _("Press release")

    kicker = models.CharField(
        _("kicker"),
        max_length=80,
        blank=True,
        help_text=_("Short label above the headline, e.g. “Exclusive” or a place name."),
    )
    article_type = models.CharField(
        _("article type"),
        max_length=20,
        choices=ArticleType.choices,
        default=ArticleType.NEWS,
        help_text=_("Shown as a label above the headline unless it is plain news."),
    )
    lede = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("The paragraph under the headline that sums up the article."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through="articles.ArticlePageTag", blank=True)
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may comment until the delay set in the comment settings runs out."),
    )

    objects = ArticlePageManager()

    parent_page_types = ["sections.SectionPage"]
    subpage_types = []

    content_panels = [
        FieldPanel("kicker"),
        TitleFieldPanel("title"),
        FieldPanel("lede"),
        InlinePanel("gallery_images", label=_("Photo gallery"), heading=_("Photo gallery")),
        FieldPanel("body"),
        InlinePanel("bylines", label=_("Author"), heading=_("Bylines")),
        FieldPanel("article_type"),
    ]
    promote_panels = [
        FieldPanel("tags"),
        InlinePanel("related_links", label=_("Related article"), heading=_("Related articles")),
        *BasePage.promote_panels,
    ]
    settings_panels = [*BasePage.settings_panels, FieldPanel("comments_open")]

    # The search app's French analysis (folded, stemmed words) is what gets indexed, so
    # SQLite and PostgreSQL answer alike.
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("search_title", boost=3),
        index.SearchField("search_text"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def type_label(self):
        """The label readers see above the headline; plain news has none."""
        if self.article_type == self.ArticleType.NEWS:
            return ""
        # Rather than get_article_type_display(), which builds a dict of the choices each time.
        try:
            return str(self.ArticleType(self.article_type).label)
        except ValueError:  # a type no longer offered shows as stored, as Django's would
            return self.article_type

    @property
    def was_updated(self):
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and last - first > UPDATE_THRESHOLD)

    @property
    def plain_text(self):
        return "\n".join(self.plain_text_parts())

    def plain_text_parts(self):
        """The body as plain text, block by block: paragraphs, intertitles, quotes and fact
        boxes. A generator, so that a reader of the first parts does not pay for the rest.

        Read from the stored values (rich text as its HTML source) rather than the blocks,
        which would build every block of a type at its first one: an image block would
        fetch the article's images."""
        for block in self.body.raw_data:
            kind, value = block["type"], block["value"]
            if kind in {"paragraph", "intertitle"}:
                yield _text_of(value)
            elif kind == "quote":
                yield unescape(value["text"])
            elif kind == "fact_box":
                yield unescape(value["title"])
                yield _text_of(value["body"])

    def search_title(self):
        return " ".join(french_terms(f"{self.kicker} {self.title}"))

    def search_text(self):
        return " ".join(french_terms(f"{self.lede}\n{self.plain_text}"))

    @property
    def archive_url(self):
        """The day's archive page, for the day the article came out where the newsroom is."""
        day = timezone.localdate(self.first_published_at)
        return reverse("articles:archive_day", day.year, day.month, day.day)

    @property
    def authors(self):
        return [byline.author for byline in self.bylines.all()]

    @property
    def lead_image(self):
        images = self.gallery_images.all()
        return images[0].image if images else None

    @property
    def body_images(self):
        """The images the body shows, in photo and gallery blocks."""
        images = []
        for block in self.body:
            if block.block_type == "image":
                images.append(block.value["image"])
            elif block.block_type == "gallery":
                images += [item["image"] for item in block.value]
        return [image for image in images if image]

    def related_articles(self, limit=None):
        """Editors' picks first, then the most similar articles, then the section's newest:
        asked and ranked in one query."""
        limit = limit or settings.MANCHETTE_RELATED_COUNT
        if isinstance(self.related_links.all(), models.QuerySet):
            return list(compiled_related(self, limit))
        # A preview's unsaved picks, in memory.
        return list(related_best(self, self.get_parent(), limit))

    def _editors_picks(self, limit):
        """The picked articles' ids and an expression giving each one's rank: subqueries, or
        values where a preview holds unsaved picks in memory."""
        picks = self.related_links.filter(related_page__live=True).order_by("sort_order")
        if isinstance(picks, models.QuerySet):
            rank = picks.filter(related_page=OuterRef("pk")).values("sort_order")[:1]
            return picks.values("related_page")[:limit], Subquery(rank)
        ids = [link.related_page_id for link in picks][:limit]
        ranks = [When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)]
        return ids, Case(*ranks, default=None, output_field=models.IntegerField())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related = self.related_articles()
        if getattr(request, "is_preview", False):
            # A preview holds unsaved bylines and photos in memory: keep those.
            prefetch_bylines_and_photos(related)
        else:
            prefetch_bylines_and_photos([self, *related])
            self._prefetch_tags()
        self._prefetch_renditions(related)
        context["related_articles"] = related
        return context

    def _prefetch_tags(self):
        """The article's tags, by a query compiled once."""
        tags = list(compiled_queryset(_tags_of, (), [STAND_IN_PK], [self.pk]))
        relation = {f"{ArticlePageTag.tag_relname()}__content_object": self}
        keep_prefetched(self, "tags", ArticlePageTag.tag_model(), tags, relation)

    def _prefetch_renditions(self, related):
        """In one query, the renditions this page shows: the photos' sizes, the related
        articles' card sizes; not the dozens of other sizes each photo is kept in. Kept as
        the values a page shows (renditions.keep_shown), not as model instances."""
        own = [photo.image for photo in self.gallery_images.all()]
        groups = (
            own[:1],
            [*own[1:], *self.body_images],
            [article.lead_image for article in related if article.lead_image],
        )
        images = [image for group in groups for image in group]
        if images:
            shape = tuple(len(group) for group in groups)
            ids = [image.pk for image in images]
            rows = compiled_queryset(_renditions_shown, shape, stand_in_pks(len(ids)), ids)
            rendition_specs.keep_shown(images, rows)


def _tags_of(pk):
    return ArticlePageTag.tags_for(ArticlePage, ArticlePage(pk=pk))


def _renditions_shown(lead_count, other_count, card_count, *image_ids):
    """The lead photo's, the other photos' and the cards' sizes of these images, in order."""
    ends = (lead_count, lead_count + other_count, lead_count + other_count + card_count)
    groups = [image_ids[: ends[0]], image_ids[ends[0] : ends[1]], image_ids[ends[1] :]]
    specs = [
        rendition_specs.LEAD_PHOTO_SPECS,
        rendition_specs.FIGURE.specs(),
        rendition_specs.CARD.specs(),
    ]
    condition = Q()
    for ids, wanted in zip(groups, specs, strict=True):
        if ids:
            condition |= Q(image__in=ids, filter_spec__in=wanted)
    return NewsRendition.objects.filter(condition).values_list(*rendition_specs.SHOWN_COLUMNS)


def related_best(article, section, limit, private_paths=None):
    """The articles the related block shows, best first: the editors' picks in their order,
    then the stored suggestions by score, then the section's newest (not below
    `private_paths`, the kept restricted paths unless given). Ranked and cut by the
    database: of the up to three times `limit` candidates, only those shown are made."""
    pick_ids, pick_order = article._editors_picks(limit)
    suggestions = article.suggestions.filter(related__live=True).order_by("-score")
    recent = (
        ArticlePage.objects.published(private_paths)
        .exclude(pk=article.pk)
        .newest_in(section, directly=True)
    )
    sources = [suggestions.values("related")[:limit], recent.values("pk")[:limit]]
    if isinstance(pick_ids, models.QuerySet):
        wanted = Q(pk__in=union_of([pick_ids, *sources]))
    else:  # a preview's unsaved picks, in memory
        wanted = Q(pk__in=pick_ids) | Q(pk__in=union_of(sources))
    # Picks and suggestions may point to an article made private or unpublished since.
    return (
        ArticlePage.objects.published(private_paths)
        .filter(wanted)
        .without_body()
        .annotate(
            pick_order=pick_order,
            score=Subquery(suggestions.filter(related=OuterRef("pk")).values("score")[:1]),
            comment_count=approved_comment_count(),
        )
        .order_by(
            F("pick_order").asc(nulls_last=True),
            F("score").desc(nulls_last=True),
            F("first_published_at").desc(nulls_last=True),
            "-pk",
        )[:limit]
    )


def compiled_related(article, limit):
    """related_best(), its SQL compiled once per shape rather than on every page.

    Django took 8 ms to build and compile that query, five times what the database takes to
    answer it. Its shape depends only on the section's depth, the private sections and the
    limit; the article and its section enter it only as values.
    """
    section = article.get_parent()
    shape = (tuple(restricted_paths()), limit)
    stand_ins = (STAND_IN_PK, stand_in_path(len(section.path)))
    values = (article.pk, section.path)
    # Its generic plan is PostgreSQL's custom plan, or a better one, without the 1 ms of
    # planning that PostgreSQL would spend on every page.
    return compiled_queryset(_related_of_stand_ins, shape, stand_ins, values, generic_plan=True)


def _related_of_stand_ins(private_paths, limit, pk, path):
    # The query excludes the private paths it is kept for, not those kept at this moment.
    section = Page(path=path, depth=len(path) // Page.steplen)
    return related_best(ArticlePage(pk=pk), section, limit, private_paths)


class ArticleByline(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "authors.Author",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="bylines",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("byline")
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_author_per_article")
        ]


class ArticleImage(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("gallery photo")

    def clean(self):
        super().clean()
        validate_alt_text(self.image if self.image_id else None)


class RelatedArticle(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="tagged_items")


class SuggestedRelation(models.Model):
    """An article found similar by the text, tags, section and dates; computed at publish time."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="suggestions")
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        ordering = ["article", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="one_suggestion_per_pair")
        ]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.score:.3f})"


class ArticleTerms(models.Model):
    """The analysed words of an article, kept so similarity never re-reads every body."""

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="terms"
    )
    terms = models.TextField()

    def __str__(self):
        return f"{self.article_id}: {self.terms[:40]}"
