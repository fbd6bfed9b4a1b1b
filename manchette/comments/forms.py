import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import MAX_BODY_LENGTH, Comment
from .text import clean_comment_text

_signer = signing.Signer(salt="manchette.comments.rendered-at")


def render_stamp() -> str:
    """A signed time stamp of when the form was shown; the same for every visitor of a page."""
    return _signer.sign(str(int(time.time())))


def seconds_since(stamp: str) -> int | None:
    try:
        return int(time.time()) - int(_signer.unsign(stamp))
    except (signing.BadSignature, ValueError):
        return None


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name shown"), max_length=80)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Never shown; used only to recognise you.")
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_BODY_LENGTH}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Left empty by people; robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_name(self):
        name = clean_comment_text(self.cleaned_data["name"]).replace("\n", " ")
        if not name:
            raise forms.ValidationError(_("Please give a name."))
        return name

    def clean_body(self):
        body = clean_comment_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Your comment is empty."))
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(pk=parent_id).first()
        if parent is None or parent.article_id != self.article.pk:
            raise forms.ValidationError(_("You can only reply to a comment on this article."))
        return parent
