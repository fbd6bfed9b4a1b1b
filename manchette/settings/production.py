"""Production: runs out of the box on one machine; HTTPS settings switch on with their variable."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
# Behind a TLS-terminating proxy, MANCHETTE_HTTPS=1 turns on secure cookies, HSTS and redirects.
if env_bool("MANCHETTE_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
else:
    # Plain HTTP on a local port is the out-of-the-box setup; these checks only make
    # sense once TLS is configured.
    SILENCED_SYSTEM_CHECKS += [  # noqa: F405
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    ]
