"""Document HTML from the templates stored in a definition version.

A process's templates are not on disk: they live in DefinitionVersion.files.
Each version gets its own Django template Engine whose first loader serves
those files from memory and whose next loaders find the site and app
templates, so a process template can `{% extends "documents/base_official.html" %}`."""

import datetime as dt
from functools import lru_cache

import segno
from django.conf import settings
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone, translation

from .labels import data_labels

DOCUMENT_PREFIX = "documents/"


@lru_cache(maxsize=64)
def _engine(version_pk: int, content_hash: str, files_key: tuple) -> Engine:
    # content_hash is part of the key so that an edited draft version is
    # never served from a stale cached engine.
    templates = dict(files_key)
    dirs = [str(path) for tpl in settings.TEMPLATES for path in tpl.get("DIRS", [])]
    return Engine(
        dirs=dirs,
        loaders=[
            ("django.template.loaders.locmem.Loader", templates),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
        autoescape=True,
        libraries={},
        builtins=[],
    )


def version_engine(version) -> Engine:
    files = tuple(
        sorted(
            (path, text) for path, text in (version.files or {}).items() if path.startswith(DOCUMENT_PREFIX)
        )
    )
    return _engine(version.pk, version.content_hash, files)


def verification_url(short_code: str) -> str:
    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return site + reverse("documents:verify", args=[short_code])


def qr_data_uri(url: str) -> str:
    """QR code as a data: URI of a PNG with one pixel per module (~330 bytes).

    The stylesheet scales it with `image-rendering: pixelated`, which WeasyPrint
    writes as /Interpolate false (PDF/A requires it): every module prints as a
    sharp square at any size. The SVG form cost ~20 ms per render (WeasyPrint
    parses and draws the path in Python); the PNG ~3 ms."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=2)


class Blank(dict):
    """Case data where a field the applicant never saw reads as empty. Django
    raises on a missing name used as a filter argument
    ({{ labels.x|default:data.x }}); a document must still render."""

    def __missing__(self, key):
        return ""


def blank_missing(value):
    if isinstance(value, dict):
        return Blank((key, blank_missing(item)) for key, item in value.items())
    if isinstance(value, list):
        return [blank_missing(item) for item in value]
    return value


def _unit_view(unit, depth=3):
    """A unit as names only: no model object reaches a template (a model's
    relations would lead to its cases, people and their password hashes)."""
    if unit is None:
        return None
    parent = _unit_view(unit.parent, depth - 1) if depth > 1 and unit.parent_id else None
    return {"name": unit.name, "short_name": unit.short_name, "code": unit.code, "parent": parent}


class CaseImages(dict):
    """`{{ images.photo }}`: the image the applicant uploaded in a file field
    of this case, as a data: URI (a PDF carries its own bytes), read only
    when a template asks for it; empty when the field holds no JPEG or PNG
    of this case."""

    TYPES = ("image/jpeg", "image/png")

    def __init__(self, case_id: int, data: dict):
        super().__init__()
        # The case's id only: no model object reaches a template.
        self._case_id, self._data = case_id, data

    def __missing__(self, key):
        import base64

        from forms.models import Attachment

        value, uri = self._data.get(key), ""
        if isinstance(value, dict) and value.get("attachment"):
            found = Attachment.objects.filter(pk=value["attachment"], case_id=self._case_id).first()
            if found is not None and found.content_type in self.TYPES:
                with found.file.open("rb") as handle:
                    uri = f"data:{found.content_type};base64," + base64.b64encode(handle.read()).decode()
        self[key] = uri
        return uri


def document_context(document) -> dict:
    """What a document template may read, and nothing else: the case's
    declared data (the snapshot taken when the document was requested), its
    labels, the case number and title, the unit's names and this document's
    own particulars, all as plain values. Templates come from definitions
    that administrators upload, so they are rendered as untrusted: no model
    instance, no user object, no query, nothing of other cases."""
    case = document.case
    url = verification_url(document.short_code)
    created = document.created_at or timezone.now()
    data = blank_missing(document.data or {})
    return {
        "case": {"number": case.number, "title": case.title, "data": data},
        "data": data,
        "unit": _unit_view(case.org_unit),
        "applicant": {"name": data.get("name", "")},
        "number": document.number,
        "today": timezone.localtime(created).date() if isinstance(created, dt.datetime) else created,
        "document": {"title": document.title, "number": document.number, "revision": document.revision},
        "labels": Blank(data_labels(document.version, document.data or {})),
        "images": CaseImages(case.pk, document.data or {}),
        "verification": {"url": url, "short_code": document.short_code, "qr": qr_data_uri(url)},
    }


def document_html(document, template_name: str) -> str:
    template = version_engine(document.version).get_template(template_name)
    # Official documents are Chinese whatever language the requesting user browses in.
    with translation.override("zh-hans"):
        return template.render(Context(document_context(document)))


def template_errors(version) -> list[str]:
    """Compile every document template the version declares: for the
    definition checks, so a broken template is found at load, not at render."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError

    from .specs import DocumentSpecError, document_specs

    try:
        specs = document_specs(version)
    except DocumentSpecError as exc:
        return [str(exc)]
    errors = []
    for spec in specs.values():
        try:
            # Rendering with an empty context resolves {% extends %} and
            # {% include %} too; missing variables render as empty strings.
            version_engine(version).get_template(spec.template).render(Context({}))
        except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
            errors.append(f"{spec.template}: {type(exc).__name__}: {exc}")
    return errors
