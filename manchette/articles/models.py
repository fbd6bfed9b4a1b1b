from datetime import timedelta
from html import unescape

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, TitleFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from manchette.comments.models import approved_comment_count
from manchette.core.models import BasePage, NewsPageQuerySet, validate_alt_text
from manchette.search.analysis import french_terms

from .blocks import ArticleBodyBlock

# A republish within this delay is the same edition: no "updated on" line.
UPDATE_THRESHOLD = timedelta(minutes=1)


class ArticleQuerySet(NewsPageQuerySet):
    def published(self):
        return self.live().public()

    def in_section(self, section):
        return self.descendant_of(section)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def for_listing(self):
        """Everything an article card shows, fetched in a constant number of queries."""
        return self.prefetch_related(*article_prefetches()).annotate(
            comment_count=approved_comment_count()
        )


def article_prefetches():
    return [
        Prefetch(
            "bylines",
            queryset=ArticleByline.objects.select_related("author").order_by("sort_order"),
        ),
        Prefetch(
            "gallery_images",
            queryset=ArticleImage.objects.select_related("image")
            .prefetch_related("image__renditions")
            .order_by("sort_order"),
        ),
    ]


ArticlePageManager = PageManager.from_queryset(ArticleQuerySet)


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
        return self.get_article_type_display()

    @property
    def was_updated(self):
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and last - first > UPDATE_THRESHOLD)

    @property
    def plain_text(self):
        """The body as plain text: paragraphs, intertitles, quotes and fact boxes."""
        parts = []
        for block in self.body:
            value = block.value
            if block.block_type in {"paragraph", "intertitle"}:
                parts.append(strip_tags(str(value.source if hasattr(value, "source") else value)))
            elif block.block_type == "quote":
                parts.append(value["text"])
            elif block.block_type == "fact_box":
                parts += [value["title"], strip_tags(value["body"].source)]
        return "\n".join(unescape(part) for part in parts)

    def search_title(self):
        return " ".join(french_terms(f"{self.kicker} {self.title}"))

    def search_text(self):
        return " ".join(french_terms(f"{self.lede}\n{self.plain_text}"))

    @property
    def archive_url(self):
        """The day's archive page, for the day the article came out where the newsroom is."""
        day = timezone.localdate(self.first_published_at)
        return reverse("articles:archive_day", args=[day.year, day.month, day.day])

    @property
    def authors(self):
        return [byline.author for byline in self.bylines.all()]

    @property
    def lead_image(self):
        images = self.gallery_images.all()
        return images[0].image if images else None

    def related_articles(self, limit=None):
        """Editors' picks first, then the most similar articles, then the section's newest."""
        limit = limit or settings.MANCHETTE_RELATED_COUNT
        pick_ids = list(
            self.related_links.filter(related_page__live=True)
            .order_by("sort_order")
            .values_list("related_page_id", flat=True)[:limit]
        )
        suggested_ids = list(
            self.suggestions.filter(related__live=True)
            .order_by("-score")
            .values_list("related_id", flat=True)[:limit]
        )
        # Always asked for, even when the block is already full, so the page's query count
        # does not depend on the picks and suggestions.
        recent_ids = (
            ArticlePage.objects.published()
            .child_of(self.get_parent())
            .exclude(pk=self.pk)
            .newest_first()
            .values_list("pk", flat=True)[:limit]
        )
        ids = list(dict.fromkeys([*pick_ids, *suggested_ids, *recent_ids]))[:limit]
        articles = ArticlePage.objects.filter(pk__in=ids).for_listing().in_bulk()
        return [articles[pk] for pk in ids]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            # A preview holds unsaved bylines and photos in memory: keep those.
            prefetch_related_objects([self], *article_prefetches(), "tags")
        context["related_articles"] = self.related_articles()
        return context


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
