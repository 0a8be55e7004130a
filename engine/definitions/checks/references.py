"""Names that point at other things: forms, templates, documents, sequences,
reference lists."""

from __future__ import annotations

from ..problems import did_you_mean


def check_forms_exist(ctx):
    forms = ctx.bundle.forms
    for path, step in ctx.steps():
        name = step.get("form")
        if name is not None and name not in forms:
            message = f"步骤 '{step['id']}' 的表单 '{name}' 不存在（找不到 forms/{name}.yaml）"
            yield ctx.problem(path + ("form",), message, did_you_mean(name, forms, label="已有的表单"))


def check_form_keys(ctx):
    for relpath, key, raw in ctx.forms():
        if "key" in raw and raw["key"] != key:
            message = f"表单的 key '{raw['key']}' 与文件名 '{key}' 不一致"
            yield ctx.problem(("key",), message, f"改为 key: {key}，或重命名文件", relpath=relpath)


def check_templates_exist(ctx):
    files = ctx.bundle.files
    for name, document in (ctx.raw.get("documents") or {}).items():
        template = document["template"]
        if template not in files:
            templates = [path for path in files if path.startswith("documents/")]
            message = f"文书 '{name}' 的模板 '{template}' 不存在"
            yield ctx.problem(
                ("documents", name, "template"),
                message,
                did_you_mean(template, templates, label="已有的模板"),
            )


def check_action_references(ctx):
    documents = ctx.raw.get("documents") or {}
    sequences = ctx.raw.get("sequences") or {}
    for path, step in ctx.steps():
        for index, action in enumerate(step.get("actions") or []):
            where = path + ("actions", index)
            verbs = [verb for verb in ("number", "set", "document", "notify", "cancel") if verb in action]
            if len(verbs) != 1:
                hint = "每个动作只写 number / set / document / notify / cancel 其中一个"
                yield ctx.problem(where, f"步骤 '{step['id']}' 的第 {index + 1} 个动作无法识别", hint)
            if "into" in action and "number" not in action:
                yield ctx.problem(where + ("into",), "into 只能和 number 一起使用", key=True)
            for key in ("message", "unit"):
                if key in action and "notify" not in action:
                    yield ctx.problem(where + (key,), f"{key} 只能和 notify 一起使用", key=True)
            if "number" in action and action["number"] not in sequences:
                message = f"编号序列 '{action['number']}' 没有在 sequences 中声明"
                yield ctx.problem(
                    where + ("number",),
                    message,
                    did_you_mean(action["number"], sequences, label="已声明的序列"),
                )
            if "document" in action and action["document"] not in documents:
                message = f"文书 '{action['document']}' 没有在 documents 中声明"
                yield ctx.problem(
                    where + ("document",),
                    message,
                    did_you_mean(action["document"], documents, label="已声明的文书"),
                )


def check_reference_lists(ctx):
    known = ctx.known_reference_lists
    if known is None:
        return
    for relpath, _key, raw in ctx.forms():
        for path, field, _table in ctx.form_fields(raw):
            name = field.get("options_from")
            if name is not None and name not in known:
                message = f"字段 '{field['name']}' 的 options_from '{name}' 不是已有的参考数据列表"
                hint = did_you_mean(name, known, label="已有的列表") or (
                    "没有找到任何参考数据列表：reference/ 文件夹应在流程文件夹旁（workflows/reference/<key>.yaml），"
                    "或用 validate --reference-lists 读取数据库中的列表"
                )
                yield ctx.problem(path + ("options_from",), message, hint, relpath=relpath)
