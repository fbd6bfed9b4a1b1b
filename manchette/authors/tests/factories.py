import factory
from factory.django import DjangoModelFactory

from manchette.authors.models import Author


class AuthorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Auteur {n}")
    role = "Journaliste"
    bio = "Couvre l’actualité pour la rédaction."

    class Meta:
        model = Author
