from django import forms
from django.utils.translation import gettext_lazy as _

from manchette.authors.models import Author
from manchette.sections.models import live_sections


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
