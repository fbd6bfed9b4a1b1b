from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Substr
from django.urls import NoReverseMatch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from .forms import NewsPageForm
from .kept import KeptSetting, kept_site_root_paths, restricted_paths
from .renditions import LOGO_HEADER_SPEC, LOGO_PUBLISHER_SPEC, renditions_of
from .reversing import reverse
from .slugs import slugify_title


def validate_alt_text(image):
    """Refuse an image without alt text where an article is about to show it."""
    if image is not None and not image.description.strip():
        raise ValidationError(
            _("The image “%(title)s” has no alt text: add a description in the image library.")
            % {"title": image.title}
        )


class NewsImage(AbstractImage):
    """A library image; the credit and the alt text travel with it wherever it is used."""

    credit = models.CharField(
        _("photo credit"),
        max_length=255,
        blank=True,
        help_text=_("Photographer and agency, e.g. “Awa Ndiaye / Manchette”."),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def ancestor_paths(page):
    """The tree paths of the page and of each page above it, the tree's root first."""
    return [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]


def subtree_q(page):
    """The page and every page below it, as a range of tree paths.

    Wagtail asks for a LIKE on the path, which SQLite cannot answer from the path's index: it
    reads the whole page table (~100 ms with 100,000 articles). Paths are made of the tree's
    alphabet only (digits, capital letters), so this range says the same and uses the index.
    """
    longest = Page._meta.get_field("path").max_length
    last = page.path + Page.alphabet[-1] * (longest - len(page.path))
    return Q(path__gte=page.path, path__lte=last)


def union_of(querysets):
    """The values of several one-column querysets, as one subquery of their union, for
    `pk__in`.

    `pk IN (a) OR pk IN (b) OR pk IN (c)` made PostgreSQL test each of 100,000 articles
    against the lists (500 ms a page); their union leads it straight to the few ids.
    Each part is wrapped, as SQLite refuses LIMIT in a compound statement's own parts.
    """
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{number}")  # noqa: S608 (compiled SQL)
        params += part_params
    union = " UNION ".join(parts)
    return RawSQL(union, params, output_field=models.BigIntegerField())  # noqa: S611 (compiled SQL)


def any_view_restriction():
    """Whether any page at all is private, asked inside the query that finds a page: when none
    is (the usual case), checking that page's restrictions needs no query of its own."""
    return Exists(PageViewRestriction.objects.all())


class NewsPageQuerySet(PageQuerySet):
    """Wagtail's page queries, with the tree and privacy filters asked the fast way."""

    def descendant_of_q(self, other, inclusive=False):
        q = subtree_q(other) & Q(depth__gte=other.depth)
        if not inclusive:
            q &= ~Q(pk=other.pk)
        return q

    def private_q(self, paths=None):
        """The pages below the restricted `paths`, the kept ones unless given (a compiled
        query passes those it is compiled for). Wagtail reads every view restriction for
        each list."""
        q = Q()
        for path in restricted_paths() if paths is None else paths:
            q |= Q(path__startswith=path)
        return q or Q(pk__in=[])

    def public(self, private_paths=None):
        return self.exclude(self.private_q(private_paths))

    def below(self, page, *, directly=False):
        """Pages wholly below `page` (only its children if `directly`).

        SQLite is asked on the start and length of the path rather than on a range of paths
        or the depth: it then walks whichever index the rest of the query orders or filters
        by (a few rows per page wanted), instead of reading all the page's descendants first.
        PostgreSQL has no index nor statistics for those expressions: it expects one row and
        reads the whole page table (32 ms at 100,000 articles); a range of paths and the
        depth, which its statistics know, lead it to an index.
        """
        if connections[self.db].vendor != "sqlite":
            depth = Q(depth=page.depth + 1) if directly else Q(depth__gt=page.depth)
            return self.filter(subtree_q(page) & depth)
        pages = self.alias(tree_prefix=Substr("path", 1, len(page.path))).filter(
            tree_prefix=page.path
        )
        if directly:
            child_length = len(page.path) + Page.steplen
            pages = pages.alias(path_length=Length("path")).filter(path_length=child_length)
        return pages


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class BasePage(Page):
    """Every public page type: ASCII slugs folded from French titles."""

    base_form_class = NewsPageForm

    objects = NewsPageManager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        """A saved page as Django's from_db() makes it, without Wagtail's Page and
        ClusterableModel constructors: given an id, they only look through the model's fifty
        fields for child relations passed by name, 11 µs of a page's 19, a dozen pages an
        article. A page type with a constructor of its own is made as Django makes it."""
        if cls.__init__ is not Page.__init__ or "id" not in field_names:
            return super().from_db(db, field_names, values)
        if len(values) != len(cls._meta.concrete_fields):
            given = iter(values)
            values = [
                next(given) if field.attname in field_names else models.DEFERRED
                for field in cls._meta.concrete_fields
            ]
        page = cls.__new__(cls)
        models.Model.__init__(page, *values)
        page._state.adding = False
        page._state.db = db
        return page

    def _get_site_root_paths(self, cache_object=None):
        """Wagtail's list of the sites' root paths, which make every page's URL, kept in this
        process (kept.py) rather than read from the shared cache once per request, and once
        per URL asked without one: a file opened and unpickled each time. As in Wagtail, the
        request (or else the page) keeps them: Wagtail's redirects read them there."""
        holder = cache_object or self
        if not hasattr(holder, "_wagtail_cached_site_root_paths"):
            holder._wagtail_cached_site_root_paths = kept_site_root_paths()
        return holder._wagtail_cached_site_root_paths

    def get_url_parts(self, request=None):
        """Wagtail's answer, the page's path reversed by manchette's reverse() rather than
        Django's (16 µs, a dozen page URLs an article). Wagtail answers itself where a page
        belongs to several sites, sites have languages of their own or URLs end without "/"."""
        sites = self._get_relevant_site_root_paths(request)
        if len(sites) != 1 or settings.WAGTAIL_I18N_ENABLED or not WAGTAIL_APPEND_SLASH:
            return super().get_url_parts(request)
        site_id, root_path, root_url, _language = sites[0]
        try:
            return (site_id, root_url, reverse("wagtail_serve", self.url_path[len(root_path) :]))
        except NoReverseMatch:
            return (site_id, None, None)

    def get_view_restrictions(self):
        """Wagtail's answer in one query rather than two: the restrictions on this page and the
        pages above it, or on the pages they are aliases of (an alias follows its source)."""
        if getattr(self, "any_view_restriction", None) is False:
            return PageViewRestriction.objects.none()  # the routing query already looked
        paths = ancestor_paths(self)
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()

    @cached_property
    def breadcrumbs(self):
        """The pages above this one, from the front page down; the tree's root left out.

        Routing hands each page its parent: the chain is then known without a query.
        """
        if self.depth <= 2:  # the front page: only the tree's root is above it
            return []
        parent = getattr(self, "_cached_parent_obj", None)
        if isinstance(parent, BasePage):
            return [*parent.breadcrumbs, parent]
        return list(self.get_ancestors().filter(depth__gt=1))

    def _set_core_field_defaults(self):
        # Wagtail's own default slugifies with Unicode rules; a newsroom wants plain ASCII
        # URLs, also for titles pasted with styled letters, so the slug is set here first.
        if self.slug:
            self.slug = slugify_title(self.slug) or self.slug
        elif self.title and (self.path or getattr(self, "_cached_parent_obj", None)):
            base_slug = slugify_title(self.title)
            if base_slug:
                self.slug = self._get_autogenerated_slug(base_slug)
        super()._set_core_field_defaults()


@register_setting(icon="site")
class NewsroomSettings(KeptSetting, BaseSiteSetting):
    logo = models.ForeignKey(
        NewsImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    collective_byline = models.CharField(
        _("collective byline"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown as the byline of an article that has no author; empty means “The newsroom”."
        ),
    )

    panels = [FieldPanel("logo"), FieldPanel("tagline"), FieldPanel("collective_byline")]

    class Meta:
        verbose_name = _("newsroom")

    @classmethod
    def base_queryset(cls):
        # Every page shows the logo: its renditions come with it.
        return super().base_queryset().select_related("logo").prefetch_related("logo__renditions")

    @classmethod
    def to_keep(cls, site):
        """With the logo's renditions, so that each page reads them with its copy."""
        setting = super().to_keep(site)
        setting.logo_renditions  # noqa: B018 (made now, so that they are kept with it)
        return setting

    @cached_property
    def logo_renditions(self):
        """The logo in the header's and the publisher's sizes, by spec. Made when the setting
        is kept: one missing was made again, its image decoded, on every page until the
        setting expired (7 ms of a 40 ms article), and looking both up among the logo's
        renditions cost each page 0.3 ms."""
        if not self.logo:
            return {}
        return renditions_of(self.logo, [LOGO_HEADER_SPEC, LOGO_PUBLISHER_SPEC])

    @property
    def header_logo(self):
        return self.logo_renditions.get(LOGO_HEADER_SPEC)

    @property
    def publisher_logo(self):
        return self.logo_renditions.get(LOGO_PUBLISHER_SPEC)

    @property
    def byline_for_unsigned(self):
        return self.collective_byline or _("The newsroom")
