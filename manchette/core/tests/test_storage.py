"""Uploaded files' URLs are the ones Django's own storage gives."""

import pytest
from django.core.files.storage import FileSystemStorage

from manchette.core.storage import MediaStorage


@pytest.mark.parametrize(
    "name",
    [
        "images/photo.fill-400x300.format-webp.webp",
        "/images/photo.jpg",
        "images/été 2026.jpg",  # quoted
        "images/50%.jpg",
        "images/../original_images/photo.jpg",  # resolved
        "images/./photo.jpg",
        "images/.photo.jpg",
        "images/a:b.jpg",
    ],
)
@pytest.mark.parametrize("base_url", ["/media/", "https://cdn.example.org/media/", "/media"])
def test_the_url_is_the_one_djangos_storage_gives(name, base_url):
    expected = FileSystemStorage(base_url=base_url).url(name)

    assert MediaStorage(base_url=base_url).url(name) == expected
