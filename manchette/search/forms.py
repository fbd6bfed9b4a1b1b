from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from manchette.authors.models import Author
from manchette.core.kept import kept, model_list
from manchette.sections.models import SectionPage, live_sections


class QuickSelect(forms.Select):
    """A select whose options are written out directly rather than through one template each."""

    def render(self, name, value, attrs=None, renderer=None):
        # The standard library's escape: Django's first checks each of the 350 values for
        # a lazy translation, which doubled the cost of the list.
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308


class KeptChoiceIterator(ModelChoiceIterator):
    """The choices as plain values, never built as model instances, kept between requests
    (manchette.core.kept): every search page shows them."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from kept(self.field.kept_as, self.choice_values)

    def choice_values(self):
        key = self.field.to_field_name or "pk"
        return list(self.queryset.values_list(key, self.field.label_field))


class QuickModelChoiceField(forms.ModelChoiceField):
    """A choice among many rows (300 authors), listed fast: through Django's option templates
    and model instances, the author list took 27 ms of every search page; read from the
    database, 1 ms more."""

    iterator = KeptChoiceIterator
    widget = QuickSelect

    def __init__(self, *args, label_field, kept_as, **kwargs):
        self.label_field = label_field
        self.kept_as = kept_as
        super().__init__(*args, **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=10_000)
    rubrique = QuickModelChoiceField(
        label=_("Section"),
        queryset=SectionPage.objects.none(),  # the live ones, once the form is made
        label_field="title",
        kept_as=model_list("search-sections", Page),
        required=False,
        empty_label=_("All sections"),
    )
    auteur = QuickModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.all(),
        to_field_name="slug",
        label_field="name",
        kept_as=model_list("search-authors", Author),
        required=False,
        empty_label=_("All authors"),
    )
    du = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked here rather than when the class is defined: it reads the sections' content type.
        self.fields["rubrique"].queryset = live_sections()
