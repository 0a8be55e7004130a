"""Every form spec of every shipped process builds, renders and cleans."""

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from engine.definitions.bundle import load_bundle, read_folder
from engine.runtime.reference import reference_load
from engine.runtime.versions import process_folders
from forms import spec as spec_reader
from forms.builder import FormBuilder
from forms.cleaning import form_clean

pytestmark = pytest.mark.django_db

FOLDERS = process_folders(settings.WORKFLOWS_DIR)


def test_there_are_shipped_processes():
    assert len(FOLDERS) >= 4


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_every_page_of_every_form_renders_and_cleans(folder):
    list(reference_load(settings.WORKFLOWS_DIR / "reference"))
    bundle, problems = load_bundle(read_folder(folder), origin=str(folder))
    assert bundle is not None, problems
    for key, spec in bundle.forms.items():
        for page in spec_reader.pages(spec):
            builder = FormBuilder(
                spec, page_id=page["id"], context={"owner_level": bundle.definition.get("owner_level")}
            )
            html = render_to_string("forms/_fields.html", {"form": builder.get_form_class()()})
            for field in page["fields"]:
                assert f'data-field="{field["name"]}"' in html, (key, field["name"])
        unconditional = [p for p in spec_reader.pages(spec) if not p.get("visible_if")]
        required = {
            f["name"]
            for p in unconditional
            for f in p["fields"]
            if f.get("required") and not f.get("visible_if")
        }
        _cleaned, errors = form_clean(spec, {})
        assert required <= set(errors), (key, required - set(errors))
