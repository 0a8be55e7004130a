"""Widgets of the inbox filter form, rendered in Python.

Django renders a Select through one template per option (and an attrs
template inside each): for the step list of every published process, with
dozens of options, that was a sizeable share of the inbox page's CPU on
every request. The HTML here is the same as Django's (escaped values and
labels, `selected`, optgroups), built with string joins."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = set(self.format_value(value))
        parts = [format_html("<select{}>", flatatt(final))]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an optgroup
                parts.append(f'<optgroup label="{escape(option_value)}">')
                parts.extend(_option(v, text, selected) for v, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(_option(option_value, label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))


def _option(value, label, selected) -> str:
    value = "" if value is None else str(value)
    mark = " selected" if value in selected else ""
    return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


class QuickInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final.update(type=self.input_type, name=name)
        value = self.format_value(value)
        if value is not None:
            final["value"] = value
        return format_html("<input{}>", flatatt(final))


class QuickDateInput(forms.DateInput):
    input_type = "date"
    render = QuickInput.render
