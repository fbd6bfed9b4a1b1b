from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from manchette.core import renditions

register = template.Library()


@register.simple_tag(takes_context=True)
def responsive_picture(context, image, use, *, eager=False, **attrs):
    """The image as a <picture> in AVIF, WebP and JPEG, at the widths its use declares.

    Lazy unless `eager` (the page's main image). A reader saving data gets one small width.
    """
    if not image:
        return ""
    use = renditions.USES[use]
    request = context.get("request")
    save_data = request is not None and renditions.saves_data(request.META)
    found = renditions.renditions_of(image, use.specs(save_data=save_data))
    attrs |= {"fetchpriority": "high"} if eager else {"loading": "lazy"}
    return picture(list(found.values()), None if save_data else use.sizes, attrs)


def picture(found, sizes, attrs):
    """The markup Wagtail's Picture writes for renditions in renditions.FORMATS, format by
    format, each at the same widths: a <source> per format, the last (JPEG) the <img>.
    Written here in half the time Picture takes (128 → 70 µs a picture, fifty on the front
    page)."""
    per_format = len(found) // len(renditions.FORMATS)
    *sources, fallback = (
        found[start : start + per_format] for start in range(0, len(found), per_format)
    )
    markup = [
        f"<source{_attributes(sizes=sizes, srcset=_srcset(group), type=f'image/{name}')}>"
        for name, group in zip(renditions.FORMATS, sources, strict=False)
    ]
    first = fallback[0]
    img = {"src": first.url, "width": first.width, "height": first.height, "alt": first.alt}
    img |= attrs | {"sizes": sizes}
    if len(fallback) > 1:
        img["srcset"] = _srcset(fallback)
    markup.append(f"<img{_attributes(**img)}>")
    return mark_safe(f"<picture>{''.join(markup)}</picture>")  # noqa: S308 (values escaped)


def _srcset(group):
    if len(group) == 1:
        return group[0].url
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in group)


def _attributes(**values):
    """As Django's flatatt writes them: sorted by name, those set to None left out."""
    return "".join(
        f' {name}="{conditional_escape(value)}"'
        for name, value in sorted(values.items())
        if value is not None
    )
