import factory
from factory.django import DjangoModelFactory

from manchette.comments.models import Comment


class CommentFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lecteur {n}")
    email = factory.Sequence(lambda n: f"lecteur{n}@example.org")
    body = factory.Sequence(lambda n: f"Commentaire numéro {n}.")
    status = Comment.Status.APPROVED

    class Meta:
        model = Comment
