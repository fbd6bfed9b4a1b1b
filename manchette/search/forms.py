from django import forms
from django.utils.translation import gettext_lazy as _

from manchette.authors.models import Author
from manchette.sections.models import SectionPage


def live_sections():
    # The content type filter lets the database start from the few sections instead of
    # walking every page of the tree in path order (100,000 articles). It goes through the
    # join, unlike .type(), so defining the form queries nothing.
    return SectionPage.objects.live().filter(
        content_type__app_label=SectionPage._meta.app_label,
        content_type__model=SectionPage._meta.model_name,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=10_000)
    rubrique = forms.ModelChoiceField(
        label=_("Section"),
        queryset=live_sections(),
        required=False,
        empty_label=_("All sections"),
    )
    auteur = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
    )
    du = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
