"""Writes with rules: posting, moderating, reporting and forgetting comments."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from manchette.articles.signals import article_changed

from . import checks
from .models import Comment, CommentReport, CommentSettings

REPORTS_TO_HOLD = 3
DUPLICATE_WINDOW = timedelta(hours=24)
ADDRESS_RETENTION = timedelta(days=30)


class CommentRefused(Exception):
    """A comment that cannot be taken; the message is for the reader."""


class CommentsClosed(CommentRefused):
    pass


class RateLimited(CommentRefused):
    pass


def client_hash(ip: str) -> str:
    """The client address, keyed with the server's secret: comparable, never reversible."""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def comments_are_open(*, article, rules: CommentSettings) -> bool:
    if not article.comments_open:
        return False
    if rules.close_after_days and article.first_published_at:
        return timezone.now() < article.first_published_at + timedelta(days=rules.close_after_days)
    return True


def comment_submit(
    *,
    article,
    name: str,
    email: str,
    body: str,
    ip: str,
    rules: CommentSettings,
    parent: Comment | None = None,
    honeypot: str = "",
    seconds_since_render: int | None = None,
) -> Comment:
    """Check and store a reader's comment; approve it at once when the policy allows."""
    if not comments_are_open(article=article, rules=rules):
        raise CommentsClosed
    if parent is not None and parent.article_id != article.pk:
        raise CommentRefused
    address = client_hash(ip)
    _check_rate(article=article, address=address, rules=rules)

    verdicts = checks.Verdicts()
    verdicts.add("honeypot", checks.check_honeypot(honeypot), checks.SPAM)
    verdicts.add("speed", checks.check_speed(seconds_since_render, rules.min_seconds), checks.SPAM)
    verdicts.add("links", checks.check_links(body, rules.max_links))
    verdicts.add("words", checks.check_blocked_words(body, rules.blocked_words))
    verdicts.add("email", checks.check_blocked_email(email, rules.blocked_emails), checks.SPAM)
    verdicts.add("network", checks.check_blocked_network(ip, rules.blocked_networks), checks.SPAM)
    duplicate = _is_duplicate(article, address, body)
    verdicts.add("duplicate", checks.check_duplicate(duplicate), checks.SPAM)

    comment = Comment.objects.create(
        article=article,
        parent=(parent.parent or parent) if parent else None,  # replies nest one level only
        name=name,
        email=email,
        body=body,
        client_hash=address,
        checks=verdicts.results,
        status=_status_for(verdicts, email, rules),
    )
    if comment.status == Comment.Status.APPROVED:
        _announce(article)
    return comment


def _check_rate(*, article, address, rules):
    since = timezone.now() - timedelta(minutes=rules.rate_window_minutes)
    recent = Comment.objects.filter(created_at__gte=since)
    if recent.filter(client_hash=address).count() >= rules.rate_limit:
        raise RateLimited
    if recent.filter(article=article).count() >= rules.article_rate_limit:
        raise RateLimited


def _is_duplicate(article, address, body):
    since = timezone.now() - DUPLICATE_WINDOW
    same_text = Comment.objects.filter(created_at__gte=since, body=body)
    return (
        same_text.filter(article=article).exists() or same_text.filter(client_hash=address).exists()
    )


def _status_for(verdicts, email, rules):
    if verdicts.is_spam:
        return Comment.Status.SPAM
    if verdicts.is_held or rules.policy == CommentSettings.Policy.PRE_MODERATION:
        return Comment.Status.PENDING
    known = Comment.objects.approved().filter(email__iexact=email).exists()
    return Comment.Status.APPROVED if known else Comment.Status.PENDING


def comments_moderate(*, comments, status) -> int:
    """Set the status of the given comments; readers see the change at once."""
    comments = list(comments)
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(status=status)
    for article in {comment.article for comment in comments}:
        _announce(article)
    return len(comments)


def comment_changed(*, comment) -> None:
    """A moderator edited or deleted a comment in the admin: readers see it at once."""
    _announce(comment.article)


def comment_report(*, comment, ip: str) -> bool:
    """Record one visitor's report; the third distinct one sends the comment back to the queue."""
    with transaction.atomic():
        _report, created = CommentReport.objects.get_or_create(
            comment=comment, client_hash=client_hash(ip)
        )
        if not created:
            return False
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        comment.refresh_from_db(fields=["report_count", "status"])
        if comment.report_count >= REPORTS_TO_HOLD and comment.status == Comment.Status.APPROVED:
            comments_moderate(comments=[comment], status=Comment.Status.PENDING)
    return True


def comments_purge_email(*, email: str) -> int:
    """Delete everything written under an e-mail address; return how many comments went."""
    comments = Comment.objects.filter(email__iexact=email.strip())
    articles = {comment.article for comment in comments.select_related("article")}
    _total, per_model = comments.delete()
    for article in articles:
        _announce(article)
    return per_model.get(Comment._meta.label, 0)


def comments_forget_addresses(*, now=None) -> int:
    """Drop client-address hashes older than the retention period."""
    cutoff = (now or timezone.now()) - ADDRESS_RETENTION
    CommentReport.objects.filter(created_at__lt=cutoff).delete()
    return (
        Comment.objects.filter(created_at__lt=cutoff).exclude(client_hash="").update(client_hash="")
    )


def _announce(article):
    transaction.on_commit(lambda: article_changed.send(sender=type(article), instance=article))
