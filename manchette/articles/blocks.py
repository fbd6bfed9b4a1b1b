from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from manchette.core.models import validate_alt_text

INLINE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "articles/blocks/captioned_image.html"

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_alt_text(value["image"])
        except ValidationError as error:
            raise blocks.StructBlockValidationError(block_errors={"image": error}) from error
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "articles/blocks/quote.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    body = blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES)

    class Meta:
        icon = "list-ul"
        label = _("Fact box")
        template = "articles/blocks/fact_box.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=INLINE_FEATURES)
    intertitle = blocks.CharBlock(
        label=_("Intertitle"), icon="title", template="articles/blocks/intertitle.html"
    )
    image = CaptionedImageBlock()
    gallery = blocks.ListBlock(
        CaptionedImageBlock(),
        min_num=1,
        icon="image",
        label=_("Gallery"),
        template="articles/blocks/gallery.html",
    )
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Embed"), template="articles/blocks/embed.html")
    fact_box = FactBoxBlock()
