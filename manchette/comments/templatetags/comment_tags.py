import re

from django import template
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..forms import CommentForm, render_stamp
from ..models import Comment, CommentSettings
from ..services import comments_are_open

register = template.Library()

COMMENTS_PER_PAGE = 50
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


def approved_count(article):
    """Counted once per article: lists annotate it, the article page counts it for both uses."""
    if getattr(article, "comment_count", None) is None:
        article.comment_count = Comment.objects.approved().on(article).count()
    return article.comment_count


@register.inclusion_tag("comments/comment_block.html", takes_context=True)
def comment_block(context, article):
    """The "Commenter" block: approved comments, oldest first, replies one level down."""
    request = context["request"]
    rules = CommentSettings.for_request(request)
    top_level = Comment.objects.approved().on(article).top_level().oldest_first()
    page = Paginator(top_level, COMMENTS_PER_PAGE).get_page(request.GET.get("commentaires"))
    replies = {}
    for reply in Comment.objects.approved().filter(parent__in=list(page)).oldest_first():
        replies.setdefault(reply.parent_id, []).append(reply)
    return {
        "article": article,
        "comments": [(comment, replies.get(comment.pk, [])) for comment in page],
        "page_obj": page,
        "is_open": comments_are_open(article=article, rules=rules),
        "form": CommentForm(initial={"rendered_at": render_stamp()}, article=article),
        "count": approved_count(article),
    }


@register.inclusion_tag("comments/comment_count.html")
def comment_count(article, count=None):
    """ "12 commentaires", linking to the block; lists pass the count they annotated."""
    if count is None:
        count = Comment.objects.approved().on(article).count()
    return {"article": article, "count": count}
