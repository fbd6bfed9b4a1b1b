import factory
import wagtail_factories

from manchette.core.models import NewsImage


class NewsImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.Sequence(lambda n: f"Description de la photo {n}")
    credit = "Awa Ndiaye / Manchette"
    file = factory.django.ImageField(width=1600, height=900, color="steelblue")

    class Meta:
        model = NewsImage
