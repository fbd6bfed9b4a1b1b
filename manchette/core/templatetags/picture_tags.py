from django import template
from wagtail.images.models import Picture

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
    specs = use.specs(save_data=save_data)
    attrs |= {"fetchpriority": "high"} if eager else {"loading": "lazy"}
    if not save_data:
        attrs["sizes"] = use.sizes
    return Picture(renditions.renditions_of(image, specs), attrs).__html__()
