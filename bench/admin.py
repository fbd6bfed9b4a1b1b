"""An editor's publish, through the real admin over HTTP: log in, open the page, press Publish."""

import json
import uuid
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

EDIT_FORM_ID = "page-edit-form"


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit for one form (without JavaScript)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            self._input(attrs)
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def _input(self, attrs):
        kind = attrs.get("type", "text")
        if kind in {"submit", "button", "file", "image"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in attrs:
            return
        default = "on" if kind == "checkbox" else ""
        self.fields.append((attrs["name"], attrs.get("value", default)))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))  # as HTML parsing drops it
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    # Inline panels' empty "__prefix__" forms are templates for JavaScript, never submitted.
    return [(name, value) for name, value in parser.fields if "__prefix__" not in name]


def logged_in_session(base, username, password):
    session = requests.Session()
    login_url = urljoin(base, "/admin/login/")
    session.get(login_url, timeout=30)  # sets the CSRF cookie
    data = {
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
        "username": username,
        "password": password,
    }
    answer = session.post(login_url, data=data, headers={"Referer": login_url}, timeout=30)
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"admin login refused ({answer.status_code})")
    return session


def publish_form(session, base, page_id, paragraph):
    """The page's edit form as an editor fills it: one paragraph typed into the body."""
    html = session.get(_edit_url(base, page_id), timeout=30).text
    fields = [(name, value) for name, value in form_fields(html, EDIT_FORM_ID)
              if not name.startswith("body")]  # fmt: skip
    return [*fields, *_stream_paragraph("body", paragraph), ("action-publish", "action-publish")]


def press_publish(session, base, page_id, fields):
    """Submit the filled edit form with its "Publish" button."""
    edit_url = _edit_url(base, page_id)
    answer = session.post(
        edit_url, data=fields, headers={"Referer": edit_url}, allow_redirects=False, timeout=60
    )
    if answer.status_code != 302:
        raise RuntimeError(f"publish refused ({answer.status_code})")


def _edit_url(base, page_id):
    return urljoin(base, f"/admin/pages/{page_id}/edit/")


def _stream_paragraph(name, text):
    # What the admin's JavaScript posts for a body of one rich-text paragraph.
    contentstate = {
        "blocks": [
            {"key": "a1b2c", "text": text, "type": "unstyled", "depth": 0,
             "inlineStyleRanges": [], "entityRanges": []}
        ],
        "entityMap": {},
    }  # fmt: skip
    return [
        (f"{name}-count", "1"),
        (f"{name}-0-type", "paragraph"),
        (f"{name}-0-value", json.dumps(contentstate)),
        (f"{name}-0-deleted", ""),
        (f"{name}-0-order", "0"),
        (f"{name}-0-id", str(uuid.uuid4())),
    ]
