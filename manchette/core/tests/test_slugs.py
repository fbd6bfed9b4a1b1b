import pytest
from hypothesis import given
from hypothesis import strategies as st

from manchette.core.slugs import MAX_SLUG_LENGTH, fold_to_ascii, slugify_title


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Sénégal : l'Assemblée adopte le budget 2026",
            "senegal-l-assemblee-adopte-le-budget-2026",
        ),
        ("Côte d’Ivoire : la CAN s’ouvre à Abidjan", "cote-d-ivoire-la-can-s-ouvre-a-abidjan"),
        ("𝐄𝐱𝐜𝐥𝐮𝐬𝐢𝐟 : 𝐥𝐞 𝐦𝐢𝐧𝐢𝐬𝐭𝐫𝐞 𝐝𝐞́𝐦𝐢𝐬𝐬𝐢𝐨𝐧𝐧𝐞", "exclusif-le-ministre-demissionne"),
        ("𝘓𝘦 𝘱𝘳𝘪𝘹 𝘥𝘶 𝘣𝘭𝘦́", "le-prix-du-ble"),
        ("ＣＯＰ３０ à Belém", "cop30-a-belem"),
        ("Œuvres d’art : l’Élysée rend 26 pièces", "oeuvres-d-art-l-elysee-rend-26-pieces"),
        ("  « Cessez-le-feu » !  ", "cessez-le-feu"),
    ],
)
def test_french_titles_give_plain_ascii_slugs(title, slug):
    assert slugify_title(title) == slug


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify_title("Un titre " + "vraiment " * 40 + "long")
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug.endswith("vraiment")


def test_fold_keeps_ascii_text_untouched():
    assert fold_to_ascii("Budget 2026: 3 % de croissance") == "Budget 2026: 3 % de croissance"


@given(st.text())
def test_any_text_gives_a_valid_ascii_slug(text):
    slug = slugify_title(text)
    assert slug == slug.strip("-")
    assert all(char in "abcdefghijklmnopqrstuvwxyz0123456789-" for char in slug)
    assert len(slug) <= MAX_SLUG_LENGTH
