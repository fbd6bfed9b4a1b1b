from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from manchette.articles.models import ArticlePage

from .forms import CommentForm, render_stamp, seconds_since
from .models import Comment, CommentSettings
from .services import (
    CommentRefused,
    CommentsClosed,
    RateLimited,
    comment_report,
    comment_submit,
    comments_are_open,
)


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def _same_origin(request):
    """The post comes from a page of this site (see docs/security.md)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return urlsplit(source).netloc == request.get_host()


def _form_page(request, article, form, *, status=200, error=None, parent=None):
    return render(
        request,
        "comments/comment_form_page.html",
        {"article": article, "form": form, "error": error, "parent": parent},
        status=status,
    )


def _not_posted(request, article, form):
    error = _("Your comment was not posted: please check the form.")
    return _form_page(request, article, form, status=400, error=error)


def _refusal(request, article, message, status):
    return render(
        request, "comments/refused.html", {"article": article, "message": message}, status=status
    )


@csrf_exempt  # cached pages carry no per-visitor token; _same_origin and the checks stand in
@require_POST
def comment_post(request, article_id):
    article = get_object_or_404(ArticlePage.objects.published(), pk=article_id)
    if not _same_origin(request):
        return _refusal(
            request,
            article,
            _("Your comment could not be verified: please post it again from the article's page."),
            403,
        )
    rules = CommentSettings.for_request(request)
    if not comments_are_open(article=article, rules=rules):
        return _refusal(request, article, _("Comments are closed on this article."), 403)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _not_posted(request, article, form)
    data = form.cleaned_data
    try:
        comment = comment_submit(
            article=article,
            parent=data["parent"],
            name=data["name"],
            email=data["email"],
            body=data["body"],
            ip=_client_ip(request),
            rules=rules,
            honeypot=data["website"],
            seconds_since_render=seconds_since(data["rendered_at"]),
        )
    except RateLimited:
        return _form_page(
            request,
            article,
            form,
            status=429,
            error=_(
                "You have posted many comments in a short time: please wait a few minutes "
                "and send it again. Your text is kept below."
            ),
        )
    except CommentsClosed:
        return _refusal(request, article, _("Comments are closed on this article."), 403)
    except CommentRefused:
        return _not_posted(request, article, form)
    return render(request, "comments/posted.html", {"article": article, "comment": comment})


def comment_reply(request, article_id, comment_id):
    article = get_object_or_404(ArticlePage.objects.published(), pk=article_id)
    parent = get_object_or_404(Comment.objects.approved(), pk=comment_id, article=article)
    form = CommentForm(
        initial={"parent": parent.pk, "rendered_at": render_stamp()}, article=article
    )
    return _form_page(request, article, form, parent=parent)


@csrf_exempt  # see comment_post
@require_POST
def comment_flag(request, comment_id):
    comment = get_object_or_404(Comment.objects.approved().select_related("article"), pk=comment_id)
    if not _same_origin(request):
        return _refusal(request, comment.article, _("Your report could not be verified."), 403)
    comment_report(comment=comment, ip=_client_ip(request))
    return render(request, "comments/reported.html", {"article": comment.article})
