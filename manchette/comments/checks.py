"""Anti-spam and abuse checks. Each returns a verdict: "ok", or why the comment is held or spam."""

import ipaddress
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .text import count_links

HELD = "held"
SPAM = "spam"


@dataclass
class Verdicts:
    """Every check's answer, kept on the comment so a moderator sees why."""

    results: dict = field(default_factory=dict)
    severity: dict = field(default_factory=dict)

    def add(self, name, problem=None, severity=HELD):
        self.results[name] = problem or "ok"
        if problem:
            self.severity[name] = severity

    @property
    def is_spam(self):
        return SPAM in self.severity.values()

    @property
    def is_held(self):
        return bool(self.severity)


def lines(text):
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


def check_honeypot(value):
    return _("the hidden field was filled in") if value else None


def check_speed(seconds_since_render, minimum):
    if seconds_since_render is None:
        return _("the form's time stamp is missing or forged")
    if seconds_since_render < minimum:
        return _("posted %(seconds)d s after the page was shown") % {
            "seconds": seconds_since_render
        }
    return None


def check_links(body, maximum):
    links = count_links(body)
    if links > maximum:
        return _("%(count)d links (at most %(maximum)d)") % {"count": links, "maximum": maximum}
    return None


def check_blocked_words(body, blocked_words):
    lowered = body.lower()
    found = [word for word in lines(blocked_words) if word in lowered]
    return _("blocked words: %(words)s") % {"words": ", ".join(found)} if found else None


def check_blocked_email(email, blocked_emails):
    email = email.lower()
    for entry in lines(blocked_emails):
        if email == entry or (entry.startswith("@") and email.endswith(entry)):
            return _("blocked e-mail address")
    return None


def check_blocked_network(ip, blocked_networks):
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    for entry in lines(blocked_networks):
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return _("blocked network %(network)s") % {"network": entry}
        except ValueError:
            continue
    return None


def check_duplicate(is_duplicate):
    return _("the same text was posted in the last 24 hours") if is_duplicate else None
