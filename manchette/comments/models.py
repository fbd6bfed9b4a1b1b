from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index

from manchette.core.kept import KeptSetting

MAX_BODY_LENGTH = 5000


def approved_comment_count():
    """A subquery counting an article's approved comments, for annotating article lists."""
    approved = Comment.objects.approved().filter(article=models.OuterRef("pk"))
    count = models.Subquery(
        approved.order_by().values("article").annotate(count=models.Count("pk")).values("count"),
        output_field=models.IntegerField(),
    )
    # An article without comments has no row to count: 0 says it was counted.
    return Coalesce(count, 0)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def on(self, article):
        return self.filter(article=article)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def oldest_first(self):
        return self.order_by("created_at", "pk")

    def counts(self):
        """How many comments each article has, in all and at the top level, in one query:
        (total, top level) for each article with any."""
        return (
            self.order_by()
            .values("article")
            .annotate(
                total=models.Count("pk"),
                top_level=models.Count("pk", filter=models.Q(parent__isnull=True)),
            )
            .values_list("total", "top_level")
        )


class Comment(index.Indexed, models.Model):
    """A reader's comment; shown as plain text, never as markup."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        # Purging one commenter's words must not delete other readers' replies.
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    name = models.CharField(_("display name"), max_length=80)
    email = models.EmailField(_("e-mail"), max_length=254)
    body = models.TextField(_("text"), max_length=MAX_BODY_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    checks = models.JSONField(
        _("check verdicts"),
        default=dict,
        blank=True,
        help_text=_("What each anti-spam check said when the comment was posted."),
    )
    client_hash = models.CharField(
        _("client address hash"), max_length=64, blank=True, db_index=True, editable=False
    )
    report_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("body"), FieldPanel("status")]
    search_fields = [
        index.SearchField("body"),
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["article", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} : {self.body[:60]}"

    @property
    def reasons(self):
        """The checks that held the comment or marked it as spam, for moderators."""
        return [verdict for verdict in self.checks.values() if verdict != "ok"]


class CommentReport(models.Model):
    """One visitor's "Signaler" on a comment; the hash makes each visitor count once."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "client_hash"], name="one_report_per_visitor"
            )
        ]

    def __str__(self):
        return f"{self.comment_id} / {self.created_at:%Y-%m-%d}"


@register_setting(icon="comment")
class CommentSettings(KeptSetting, BaseSiteSetting):
    class Policy(models.TextChoices):
        KNOWN_COMMENTERS = "known", _("Publish at once commenters already approved once")
        PRE_MODERATION = "pre", _("Hold every comment for moderation")

    policy = models.CharField(
        _("moderation policy"),
        max_length=10,
        choices=Policy.choices,
        default=Policy.KNOWN_COMMENTERS,
    )
    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        default=30,
        help_text=_("Comments close this many days after publication; 0 keeps them open."),
    )
    min_seconds = models.PositiveIntegerField(
        _("minimum seconds between page and post"),
        default=5,
        help_text=_("A faster post is a robot's."),
    )
    max_links = models.PositiveIntegerField(
        _("maximum links"), default=2, help_text=_("More links than this holds the comment.")
    )
    rate_limit = models.PositiveIntegerField(
        _("comments per client address"), default=5, help_text=_("Within the window below.")
    )
    article_rate_limit = models.PositiveIntegerField(
        _("comments per article"), default=30, help_text=_("Within the window below.")
    )
    rate_window_minutes = models.PositiveIntegerField(_("rate window (minutes)"), default=10)
    blocked_words = models.TextField(
        _("blocked words"),
        blank=True,
        help_text=_("One word or phrase per line; holds the comment."),
    )
    blocked_emails = models.TextField(
        _("blocked e-mails"),
        blank=True,
        help_text=_("One address or @domain per line; marks the comment as spam."),
    )
    blocked_networks = models.TextField(
        _("blocked networks"),
        blank=True,
        help_text=_("One IP address or network (192.0.2.0/24) per line; marks it as spam."),
    )

    panels = [
        FieldPanel("policy"),
        FieldPanel("close_after_days"),
        MultiFieldPanel(
            [
                FieldPanel("min_seconds"),
                FieldPanel("max_links"),
                FieldPanel("rate_limit"),
                FieldPanel("article_rate_limit"),
                FieldPanel("rate_window_minutes"),
            ],
            heading=_("Anti-spam checks"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("blocked_words"),
                FieldPanel("blocked_emails"),
                FieldPanel("blocked_networks"),
            ],
            heading=_("Block lists"),
        ),
    ]

    class Meta:
        verbose_name = _("comment settings")
