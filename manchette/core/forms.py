from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm
from wagtail.models import Page

from .slugs import slugify_title


class NewsPageForm(WagtailAdminPageForm):
    """Page form whose slug may be left empty: it is then folded from the title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        title = self.cleaned_data.get("title")
        if "slug" in self.fields and not self.cleaned_data.get("slug") and title:
            self.cleaned_data["slug"] = self._available_slug(slugify_title(title))
        return super().clean()

    def _available_slug(self, base_slug):
        slug, suffix = base_slug, 1
        while not Page._slug_is_available(slug, self.parent_page, self.instance):
            suffix += 1
            slug = f"{base_slug}-{suffix}"
        return slug


class NewsroomLoginForm(LoginForm):
    """Wagtail's login form, with its password field labelled: Wagtail's own leaves it to
    Django's default, the field's name, so the French admin said "Password"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
