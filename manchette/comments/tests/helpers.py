import re
from datetime import timedelta

import time_machine
from django.utils import timezone


def post_comment(client, article, *, wait=30, ip="192.0.2.1", origin="http://testserver", **fields):
    """Load the article page, wait like a reader, then post through the page's form."""
    shown_at = timezone.now()
    with time_machine.travel(shown_at, tick=False):
        html = client.get(article.url).content.decode()
    stamp = re.search(r'name="rendered_at" value="([^"]+)"', html)
    data = {
        "name": "Ana",
        "email": "ana@example.org",
        "body": "Merci pour cet article très clair.",
        "website": "",
        "parent": "",
        "rendered_at": stamp.group(1) if stamp else "",
        **fields,
    }
    headers = {"origin": origin} if origin else {}
    with time_machine.travel(shown_at + timedelta(seconds=wait), tick=False):
        return client.post(f"/commentaires/{article.pk}/", data, headers=headers, REMOTE_ADDR=ip)
