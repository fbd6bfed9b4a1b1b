from datetime import timedelta

from django.db import models
from django.db.models import Sum
from django.db.models.functions import TruncDay
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReadCountQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(hour__gte=moment)

    def most_read(self, *, hours=24, limit=5):
        """Article ids with the most reads over the last hours, most read first."""
        since = timezone.now() - timedelta(hours=hours)
        rows = (
            self.since(since.replace(minute=0, second=0, microsecond=0))
            .values("article_id")
            .annotate(reads=Sum("count"))
            .order_by("-reads", "article_id")[:limit]
        )
        return [row["article_id"] for row in rows]

    def daily(self):
        """Reads per article and day."""
        return (
            self.annotate(day=TruncDay("hour"))
            .values("article_id", "day")
            .annotate(reads=Sum("count"))
            .order_by("day", "article_id")
        )


class ReadCount(models.Model):
    """How many times an article was read during one hour; days and 24 h windows add them up."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="read_counts"
    )
    hour = models.DateTimeField(_("hour"), db_index=True)
    count = models.PositiveIntegerField(_("reads"), default=0)

    objects = ReadCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("read count")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_count_per_article_hour")
        ]

    def __str__(self):
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}h: {self.count}"
