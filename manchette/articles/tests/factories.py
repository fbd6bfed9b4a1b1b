import factory
import wagtail_factories
from django.utils import timezone

from manchette.articles.models import ArticleByline, ArticleImage, ArticlePage, RelatedArticle


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A published article; pass authors=[…], images=[…], tags=[…], related=[…] to fill it."""

    title = factory.Sequence(lambda n: f"Article numéro {n}")
    slug = ""  # the page folds its own slug from the title
    lede = "Le chapô résume l’article en quelques phrases."
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Le corps de l’article, paragraphe après paragraphe.</p>")]
    )
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, authors, **kwargs):
        for order, author in enumerate(authors or []):
            ArticleByline.objects.create(page=self, author=author, sort_order=order)

    @factory.post_generation
    def images(self, create, images, **kwargs):
        for order, image in enumerate(images or []):
            ArticleImage.objects.create(
                page=self, image=image, caption=f"Légende {order + 1}", sort_order=order
            )

    @factory.post_generation
    def tags(self, create, tags, **kwargs):
        if tags:
            self.tags.add(*tags)
            self.save()

    @factory.post_generation
    def related(self, create, related, **kwargs):
        for order, article in enumerate(related or []):
            RelatedArticle.objects.create(page=self, related_page=article, sort_order=order)
