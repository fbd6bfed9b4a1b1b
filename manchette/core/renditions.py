"""Every rendition public pages show, declared once.

Templates (through `{% responsive_picture %}`) and the publish-time task read the same specs,
so what the worker prepares is exactly what readers are sent.
"""

import functools
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models.fields.files import FieldFile
from wagtail.images.models import AbstractRendition, Filter
from wagtail.images.shortcuts import get_renditions_or_not_found

# In the order the browser is offered them: it takes the first it knows, JPEG being for the rest.
FORMATS = ("avif", "webp", "jpeg")


@dataclass(frozen=True)
class Use:
    """A place an image is shown: the widths offered and the width the layout gives it."""

    widths: tuple[int, ...]  # smallest first: the fallback, and all a reader saving data gets
    sizes: str  # mirrors the CSS, so the browser picks the candidate before laying out
    ratio: tuple[int, int] | None = None  # cropped around the focal point; else as taken

    def resize(self, width: int) -> str:
        if self.ratio is None:
            return f"width-{width}"
        across, down = self.ratio
        return f"fill-{width}x{width * down // across}"

    def specs(self, *, save_data: bool = False) -> list[str]:
        widths = self.widths[:1] if save_data else self.widths
        return [f"{self.resize(width)}|format-{fmt}" for fmt in FORMATS for width in widths]


# The article column is at most 42rem wide (--width-text).
FIGURE = Use(widths=(400, 800, 1200), sizes="(min-width: 46rem) 42rem, 100vw")
# A 6.5rem thumbnail on phones, half the page in two-column grids, 18rem at most on wide screens.
CARD = Use(
    widths=(400, 800),
    sizes="(min-width: 64rem) 18rem, (min-width: 40rem) 50vw, 6.5rem",
    ratio=(16, 9),
)
# The front page's lead story: the whole width, then half the page from 64rem.
FEATURED_CARD = Use(widths=(400, 800, 1200), sizes="(min-width: 64rem) 36rem, 100vw", ratio=(16, 9))
AUTHOR_PHOTO = Use(widths=(160, 320), sizes="(min-width: 40rem) 10rem, 6rem", ratio=(1, 1))

USES = {
    "figure": FIGURE,
    "card": CARD,
    "featured_card": FEATURED_CARD,
    "author_photo": AUTHOR_PHOTO,
}

# Search engines ask for 16:9, 4:3 and 1:1 article images at least 1,200 px wide.
STRUCTURED_DATA_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
# What social networks show when the article is shared.
SHARE_SPEC = "fill-1200x630"
# The photo a feed attaches to each of its articles.
FEED_SPEC = "width-1200"

# The newsroom's logo: in every page's header (includes/header.html), and for search engines.
LOGO_HEADER_SPEC = "height-48"
LOGO_PUBLISHER_SPEC = "height-60"

# The preview of a chosen photo in Wagtail's admin (its image chooser), in an article's edit
# form. Made with the rest: otherwise the first editor to open the form waited while the web
# worker decoded the original photo, its memory peaking 25 MB higher for that moment.
ADMIN_PREVIEW_SPEC = "max-165x165"

# What each kind of page asks of a photo: pages load these renditions and no others.
LISTED_SPECS = frozenset({*CARD.specs(), *FEATURED_CARD.specs(), FEED_SPEC})
LEAD_PHOTO_SPECS = frozenset({*FIGURE.specs(), *STRUCTURED_DATA_SPECS, SHARE_SPEC})


def saves_data(meta) -> bool:
    """Whether the reader asked for light pages (`Save-Data: on`), from a WSGI environ."""
    return meta.get("HTTP_SAVE_DATA", "").strip().lower() == "on"


@functools.cache
def image_filter(spec: str) -> Filter:
    """Wagtail's filter for a spec, made once per process. Wagtail makes a new one for each
    spec given as text, and each works out its operations again through `inspect`: 0.1 ms a
    rendition, 40 ms of an uncached front page's 60 pictures."""
    return Filter(spec=spec)


def renditions_of(image, specs) -> dict:
    """The image's renditions by spec, those a page kept for it (keep_shown) if they are all
    there; else Wagtail's, made if missing, a placeholder for each if its file has gone."""
    shown = image.__dict__.get("shown_renditions")
    if shown is not None and all(spec in shown for spec in specs):
        return {spec: shown[spec] for spec in specs}
    found = get_renditions_or_not_found(image, [image_filter(spec) for spec in specs])
    if shown is not None:
        shown.update(found)  # what Wagtail made, for the page's next picture of the image
    return found


class Shown(NamedTuple):
    """A rendition as a page shows it: its file's address, width and height, its image's alt.
    A page asks for some forty, which as model instances (their fields, the signals each one
    sends, a file object made for each address asked) took a tenth of an article's render."""

    url: str
    width: int
    height: int
    image: object
    name: str  # the file's, in the renditions' storage

    alt = property(AbstractRendition.alt.fget)  # Wagtail's, which reads the image alone

    @property
    def file(self):
        """The file as a rendition holds it: its size is read from the storage when asked."""
        return FieldFile(None, _file_field(type(self.image)), self.name)


# What keep_shown() reads of each rendition row: values_list(*SHOWN_COLUMNS).
SHOWN_COLUMNS = ("image_id", "filter_spec", "focal_point_key", "file", "width", "height")


def keep_shown(images, rows):
    """Keep on each image its renditions among `rows` (SHOWN_COLUMNS values) that match its
    current focal point, as Wagtail would pick them, for renditions_of() to hand out."""
    by_id = {}
    for image in images:
        image.shown_renditions = {}
        by_id.setdefault(image.pk, []).append(image)
    wanted_keys = {}  # Wagtail's key for a spec's rendition, once per image and vary fields
    for image_id, spec, focal_point_key, name, width, height in rows:
        for image in by_id.get(image_id, ()):
            wanted = (id(image), _varies_with(spec))
            if wanted not in wanted_keys:
                wanted_keys[wanted] = image_filter(spec).get_cache_key(image)
            if focal_point_key == wanted_keys[wanted]:
                url = _file_field(type(image)).storage.url(name)
                image.shown_renditions[spec] = Shown(url, width, height, image, name)


@functools.cache
def _file_field(image_model):
    """The file field of the image model's renditions, whose storage writes their addresses."""
    return image_model.get_rendition_model()._meta.get_field("file")


@functools.cache
def _varies_with(spec):
    """The image's fields that the spec's rendition depends on (a crop's focal point)."""
    operations = image_filter(spec).operations
    return tuple(field for op in operations for field in getattr(op, "vary_fields", ()))


def rendition_of(image, spec):
    return renditions_of(image, [spec])[spec]
