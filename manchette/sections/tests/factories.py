import factory
import wagtail_factories

from manchette.sections.models import SectionPage


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = ""  # the page folds its own slug from the title
    intro = "Toute l’actualité de la rubrique."
    show_in_menus = True

    class Meta:
        model = SectionPage
