"""Form widgets shared by the apps.

:class:`SearchSelect` and :class:`SearchSelectMultiple` pick rows from a table too large for a
``<select>`` (a city's parties): the page holds only the chosen rows; the user types into a search
box and picks from the first matches, fetched from a list endpoint of the API (``?q=``), by
``static/js/sunshine.js``. Without JavaScript the chosen rows still submit. Validation is the form
field's own (the model choice field checks every submitted id against its queryset).
"""

from __future__ import annotations

from django import forms


class _SearchMixin:
    template_name = "core/widgets/search_select.html"

    def __init__(self, *, search_url, label_fields=("name",), attrs=None):
        super().__init__(attrs=attrs)
        self.search_url = search_url
        self.label_fields = tuple(label_fields)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.search_url, copy.label_fields = self.search_url, self.label_fields
        return copy

    def optgroups(self, name, value, attrs=None):
        """Only the chosen rows: a choice iterator over a model queryset is narrowed to their ids."""
        wanted = [str(v) for v in value if v not in (None, "")]
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        rows = queryset.filter(pk__in=[v for v in wanted if v.isdigit()]) if wanted else []
        field = choices.field
        groups = []
        for index, row in enumerate(rows):
            option = self.create_option(
                name, str(row.pk), field.label_from_instance(row), True, index, attrs=attrs
            )
            groups.append((None, [option], index))
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = str(self.search_url)
        context["widget"]["label_fields"] = ",".join(self.label_fields)
        context["widget"]["search_id"] = f"{context['widget']['attrs'].get('id', name)}_search"
        return context

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_


class SearchSelect(_SearchMixin, forms.Select):
    pass


class SearchSelectMultiple(_SearchMixin, forms.SelectMultiple):
    pass
