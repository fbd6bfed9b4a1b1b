import functools
import re

from django import template
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from manchette.core.compiled import STAND_IN_PK, compiled_queryset
from manchette.core.pagination import CountedPaginator
from manchette.core.reversing import reverse
from manchette.core.templatetags.time_tags import time_element

from ..forms import CommentForm, render_stamp
from ..models import Comment, CommentSettings
from ..services import comments_are_open

register = template.Library()

COMMENTS_PER_PAGE = 50
# Stand-ins for what differs between two articles' blank forms: no article has this id, and
# no signed stamp reads like this.
STAND_IN_ARTICLE_PK = 999_999_999_937
STAND_IN_STAMP = "stand-in:stamp"
_URL = re.compile(r"(https?://[^\s<>\"']+)", re.IGNORECASE)


@register.filter
def comment_text(text):
    """Plain text with line breaks kept and web addresses as links; everything else escaped."""
    html = _URL.sub(
        lambda match: (
            f'<a href="{match.group(1)}" rel="nofollow ugc noopener">{match.group(1)}</a>'
        ),
        escape(text),
    )
    paragraphs = [p.replace("\n", "<br>") for p in html.split("\n\n")]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # noqa: S308 (escaped above)


def count_comments(article):
    """The approved comments, in all and at the top level, counted once per article."""
    if not hasattr(article, "top_level_comment_count"):
        counts = compiled_queryset(_comment_counts, (), [STAND_IN_PK], [article.pk])
        total, top_level = next(iter(counts), (0, 0))
        article.comment_count = total
        article.top_level_comment_count = top_level


def _comment_counts(article_pk):
    return Comment.objects.approved().on(article_pk).counts()


def approved_count(article):
    """Lists annotate it; the article page counts it once for the headline and the block."""
    if getattr(article, "comment_count", None) is None:
        count_comments(article)
    return article.comment_count


def comment_page(article, number):
    """The asked page of approved top-level comments, each with its approved replies."""
    count_comments(article)
    count = article.top_level_comment_count
    page = CountedPaginator(range(count), COMMENTS_PER_PAGE, count=count).get_page(number)
    shown = page.object_list  # the range of the page's places among the top-level comments
    if not shown:
        return page, []
    shape = (shown.start, shown.stop)
    rows = compiled_queryset(_page_with_replies, shape, [STAND_IN_PK], [article.pk])
    replies = {}
    comments = []
    for comment in rows:
        if comment.parent_id is None:
            comments.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    return page, [(comment, replies.get(comment.pk, [])) for comment in comments]


def _page_with_replies(bottom, top, article_pk):
    """Top-level comments bottom to top, oldest first, and the replies to them: one query."""
    approved = Comment.objects.approved().on(article_pk)
    shown = approved.top_level().oldest_first()[bottom:top].values("pk")
    return approved.filter(Q(pk__in=shown) | Q(parent__in=shown)).oldest_first()


@register.inclusion_tag("comments/comment_block.html", takes_context=True)
def comment_block(context, article):
    """The "Commenter" block: approved comments, oldest first, replies one level down."""
    request = context["request"]
    rules = CommentSettings.for_request(request)
    page, comments = comment_page(article, request.GET.get("commentaires"))
    is_open = comments_are_open(article=article, rules=rules)
    return {
        "comments": [
            (comment_entry(comment, is_open), [comment_entry(reply, is_open) for reply in replies])
            for comment, replies in comments
        ],
        "page_obj": page,
        "is_open": is_open,
        "blank_form": blank_form(article),
        "count": approved_count(article),
    }


def comment_entry(comment, is_open):
    """One comment: its author, date and text, a link to reply to it (top-level comments of
    an open article) and the button to report it. Written here rather than by a template of
    its own, which cost 0.3 ms a comment."""
    reply = ""
    if is_open and not comment.parent_id:
        reply = format_html(
            '<a href="{}">{}</a>',
            reverse("comments:reply", comment.article_id, comment.pk),
            _("Reply"),
        )
    return format_html(
        '<article class="comment" id="commentaire-{}">'
        '<header class="comment__header"><strong class="comment__name">{}</strong> {}</header>'
        '<div class="comment__text">{}</div>'
        '<footer class="comment__actions">{}'
        '<form method="post" action="{}" class="comment__flag">'
        '<button type="submit">{}</button></form></footer></article>',
        comment.pk,
        comment.name,
        time_element(comment.created_at, "DATETIME_FORMAT"),
        comment_text(comment.body),
        reply,
        reverse("comments:flag", comment.pk),
        _("Report"),
    )


def blank_form(article):
    """The empty form under an article, shown at this moment. Django renders it one widget
    template at a time, 1.3 ms of every article page, for markup that differs only by the
    article's id and the time stamp: it is rendered once per language for stand-ins, and
    each page puts in its own."""
    markup = _blank_form_markup(get_language())
    markup = markup.replace(str(STAND_IN_ARTICLE_PK), str(article.pk))
    return mark_safe(markup.replace(STAND_IN_STAMP, escape(render_stamp())))  # noqa: S308


@functools.lru_cache(maxsize=4)
def _blank_form_markup(language):
    form = CommentForm(initial={"rendered_at": STAND_IN_STAMP})
    # The form's address reads the article's id and nothing else of it.
    article = {"pk": STAND_IN_ARTICLE_PK}
    return render_to_string("comments/form.html", {"form": form, "article": article})


@register.simple_tag(takes_context=True)
def comment_count(context, article, url=None):
    """ "12 commentaires", linking to the block; a card passes the article's URL it made.
    Made here, with the request: without it, Wagtail read the site list from the cache again
    for each card (56 times a front page). Written here rather than by a template of its own,
    which cost a front page of fifty cards about 15 ms."""
    url = url or article.get_url(context.get("request"))
    count = approved_count(article)
    text = ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}
    return format_html('<a class="comment-count" href="{}#commentaires">{}</a>', url, text)
