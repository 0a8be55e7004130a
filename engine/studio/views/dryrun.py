"""The dry-run page: sample data and a script of outcomes in YAML."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from engine.definitions.loader import load_yaml
from engine.studio.dryrun import dry_run
from engine.studio.samples import sample_script

from .access import admin_required, version_or_404


def _parse(text, kind):
    """The definitions' own YAML loader and limits (no aliases, tags, huge
    numbers or deep nesting), so the dry-run form is no way around them."""
    value, _where, problems = load_yaml(text or "", "dry-run")
    if problems:
        raise ValidationError(_("YAML 格式错误：%(e)s") % {"e": str(problems[0])})
    value = value or kind()
    if not isinstance(value, kind):
        raise ValidationError(_("应为%(k)s") % {"k": _("映射") if kind is dict else _("列表")})
    return value


@admin_required
def dry_run_view(request, key, number):
    version = version_or_404(key, number)
    data_text, script_text = sample_script(version)
    result, problem = None, ""
    if request.method == "POST":
        data_text, script_text = request.POST.get("data", ""), request.POST.get("script", "")
        try:
            result = dry_run(version=version, data=_parse(data_text, dict), script=_parse(script_text, list))
        except ValidationError as exc:
            problem = " ".join(exc.messages)
    return render(
        request,
        "studio/dryrun.html",
        {
            "version": version,
            "definition": version.definition,
            "data_text": data_text,
            "script_text": script_text,
            "result": result,
            "problem": problem,
        },
    )
