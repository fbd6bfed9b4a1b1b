import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ReadCount

# Crawlers, link previews and headless browsers announce themselves in their user agent.
BOT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|headless|python-|curl|wget|"
    r"httpclient|feedfetcher|monitor|lighthouse",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT.search(user_agent))


def read_record(*, article_id: int) -> None:
    """Count one read in the current hour: one UPDATE, an INSERT the first time in the hour."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    counts = ReadCount.objects.filter(article_id=article_id, hour=hour)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ReadCount.objects.create(article_id=article_id, hour=hour, count=1)
    except IntegrityError:  # another worker created it meanwhile
        counts.update(count=F("count") + 1)
