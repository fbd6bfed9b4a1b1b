from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Comment
from .services import comment_changed, comments_moderate


def status_counts(request):
    """Comments per status, counted once per admin request."""
    if not hasattr(request, "_comment_status_counts"):
        rows = Comment.objects.order_by().values("status").annotate(n=Count("pk"))
        request._comment_status_counts = {row["status"]: row["n"] for row in rows}
    return request._comment_status_counts


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 220
    add_to_admin_menu = False
    list_display = ["name", "body", "article", "status", "reasons", "report_count", "created_at"]
    list_filter = {"status": ["exact"], "article": ["exact"], "created_at": ["gte", "lte"]}
    list_per_page = 50
    search_fields = ["body", "name", "email"]
    search_backend_name = None  # plain database filtering, exact for moderators
    inspect_view_enabled = True
    inspect_view_fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "checks",
        "report_count",
        "created_at",
    ]


comment_viewset = CommentViewSet()
register_snippet(comment_viewset)


class StatusMenuItem(MenuItem):
    """A link to one moderation list, with how many comments it holds."""

    def __init__(self, status, **kwargs):
        self.status = status
        super().__init__(status.label, "", **kwargs)

    def render_component(self, request):
        self.url = reverse(comment_viewset.get_url_name("list")) + f"?status={self.status.value}"
        count = status_counts(request).get(self.status.value, 0)
        self.label = f"{self.status.label} ({count})"
        return super().render_component(request)

    def is_shown(self, request):
        return request.user.has_perm("comments.change_comment")


@hooks.register("register_admin_menu_item")
def register_moderation_menu():
    from wagtail.admin.menu import Menu, SubmenuMenuItem

    items = [
        StatusMenuItem(status, icon_name="comment", order=n)
        for n, status in enumerate(Comment.Status)
    ]
    return SubmenuMenuItem(_("Comments"), Menu(items=items), icon_name="comment", order=220)


class PendingCommentsPanel(Component):
    name = "pending_comments"
    order = 50
    template_name = "comments/admin/pending_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        count = status_counts(self.request).get(Comment.Status.PENDING, 0)
        return {
            "count": count,
            "message": ngettext(
                "%(count)d comment awaiting moderation",
                "%(count)d comments awaiting moderation",
                count,
            )
            % {"count": count},
            "url": reverse(comment_viewset.get_url_name("list")) + "?status=pending",
        }


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if request.user.has_perm("comments.change_comment"):
        panels.append(PendingCommentsPanel(request))


class ModerateBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "comments/admin/confirm_bulk_moderate.html"
    status = None

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return comments_moderate(comments=objects, status=cls.status), 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "status_label": self.display_name}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment: %(action)s.", "%(count)d comments: %(action)s.", num_parent_objects
        ) % {"count": num_parent_objects, "action": self.display_name}


@hooks.register("register_bulk_action")
class ApproveBulkAction(ModerateBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    status = Comment.Status.APPROVED
    action_priority = 10


@hooks.register("register_bulk_action")
class RejectBulkAction(ModerateBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    status = Comment.Status.REJECTED
    action_priority = 20


@hooks.register("register_bulk_action")
class SpamBulkAction(ModerateBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    status = Comment.Status.SPAM
    action_priority = 25


@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def announce_comment_change(request, instances):
    for instance in instances if isinstance(instances, list | tuple) else [instances]:
        if isinstance(instance, Comment):
            comment_changed(comment=instance)
