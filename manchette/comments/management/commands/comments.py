from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from manchette.comments.models import Comment
from manchette.comments.services import comments_forget_addresses, comments_purge_email


class Command(BaseCommand):
    help = "Comment housekeeping: purge-email ADDRESS, forget-addresses."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        purge = actions.add_parser("purge-email", help="Delete every comment written with ADDRESS.")
        purge.add_argument("address")
        purge.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        actions.add_parser(
            "forget-addresses", help="Drop client-address hashes older than 30 days."
        )

    def handle(self, *args, action, **options):
        if action == "purge-email":
            self.purge_email(options["address"], options["yes"])
        else:
            count = comments_forget_addresses()
            self.stdout.write(
                self.style.SUCCESS(
                    _("Client addresses forgotten on %(count)d comments.") % {"count": count}
                )
            )

    def purge_email(self, address, confirmed):
        try:
            validate_email(address)
        except ValidationError as error:
            raise CommandError(
                _("“%(address)s” is not an e-mail address.") % {"address": address}
            ) from error
        count = Comment.objects.filter(email__iexact=address).count()
        if not count:
            self.stdout.write(_("No comment was written with %(address)s.") % {"address": address})
            return
        question = _("Delete the %(count)d comments written with %(address)s? [y/N] ") % {
            "count": count,
            "address": address,
        }
        if not confirmed and input(question).strip().lower() not in {"y", "yes", "o", "oui"}:
            raise CommandError(_("Nothing was deleted."))
        deleted = comments_purge_email(email=address)
        self.stdout.write(self.style.SUCCESS(_("%(count)d comments deleted.") % {"count": deleted}))
