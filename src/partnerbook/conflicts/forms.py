"""Forms of the supplier issue pages. They check the shape of the input; the rules (a
reason long enough, a level on the path, no date in the future) live in the services, whose
errors the views put back beside the field they name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field

from . import domain

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEXT = domain.MAX_TEXT
MAX_ID = 10**15 - 1  # beyond any record's id; larger numbers overflow the database
YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class DateInput(forms.DateInput):
    input_type = "date"


def _area(label: StrOrPromise, rows: int = 2, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": rows}), **kwargs,
    )  # fmt: skip


def _translated(table: dict[str, str]) -> list[tuple[str, Any]]:
    """(key, label) choices from one of the domain's tables, the label in the person's
    language (the domain marks them for the translators)."""
    return [(key, _(label)) for key, label in table.items()]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class RecordField(forms.ModelChoiceField):
    """A choice of record that refuses a number too large to be any record's id (which the
    database would fail on) as an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and len(str(value)) > len(str(MAX_ID)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class CleanTextMixin(forms.Form):
    """Refuses text with NUL characters, which the database cannot store."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(key, gettext("The text contains a NUL character."))
        return cleaned


class IssueForm(CleanTextMixin):
    """Raise an issue, or change one."""

    title = forms.CharField(max_length=domain.MAX_TITLE, required=False)
    category = forms.ChoiceField(choices=_translated(domain.CATEGORIES))
    severity = forms.ChoiceField(choices=_translated(domain.SEVERITIES))
    safety_impact = forms.TypedChoiceField(
        label=_("Does it affect safety or function?"),
        choices=[("no", _("No: appearance, cost or paperwork only")), ("yes", _("Yes"))],
        coerce=lambda v: v == "yes", initial="no",
        help_text=_("Issues that touch safety or function may go straight up the path."),
    )  # fmt: skip
    description = _area(_("What happened"), rows=3)
    raised_by_side = forms.ChoiceField(
        label=_("Raised by"), choices=[("ours", _("Our side")), ("supplier", _("The supplier"))],
        initial="ours",
        help_text=_("An issue the supplier raises itself counts as an early warning shared."),
    )  # fmt: skip
    version = version_field()

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    @classmethod
    def initial_for(cls, issue: Any) -> dict[str, Any]:
        keys = ("title", "category", "severity", "description", "raised_by_side", "version")
        initial = {key: getattr(issue, key) for key in keys}
        initial["safety_impact"] = "yes" if issue.safety_impact else "no"
        return initial


class StepForm(CleanTextMixin):
    """One problem-solving step: what each side said; the follow-up also says whether the
    fix held."""

    ours = _area(_("Our side"), rows=3)
    theirs = _area(_("The supplier's side"), rows=3)
    held = forms.ChoiceField(label=_("Did the fix hold?"), choices=YES_NO, required=False)

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        kwargs["prefix"] = step
        super().__init__(*args, **kwargs)
        self.step = step
        if step != "follow_up":
            del self.fields["held"]

    def data_for_service(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ours": self.cleaned_data["ours"],
                                "theirs": self.cleaned_data["theirs"]}  # fmt: skip
        if "held" in self.fields:
            data["held"] = _yes_no(self.cleaned_data.get("held") or "")
        return data

    @classmethod
    def initial_for(cls, record: Any) -> dict[str, Any]:
        if record is None:
            return {}
        held = {True: "yes", False: "no"}.get(record.held, "")
        return {"ours": record.ours, "theirs": record.theirs, "held": held}


def _contact_label(contact: Any) -> str:
    return str(contact.name)


class ActionForm(CleanTextMixin):
    """An agreed action: what, who (on our side or the supplier's) and by when."""

    title = forms.CharField(label=_("What was agreed"), max_length=200, required=False)
    owner: forms.ModelChoiceField = RecordField(
        label=_("Owner on our side"), queryset=None, required=False, empty_label="—"
    )
    owner_contact: forms.ModelChoiceField = RecordField(
        label=_("Or a person at the supplier"), queryset=None, required=False, empty_label="—"
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, supplier: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["owner_contact"].queryset = supplier.contacts.filter(  # type: ignore[attr-defined]
            side="supplier", archived=False
        ).order_by("name")
        self.fields["owner"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        self.fields["owner_contact"].label_from_instance = _contact_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("owner") is not None and cleaned.get("owner_contact") is not None:
            self.add_error("owner", gettext("Choose one owner: on our side or at the supplier."))
        return cleaned


class MoveForm(forms.Form):
    """Escalate or de-escalate along the path, saying why."""

    to_level = forms.IntegerField(label=_("Move to"), min_value=1, max_value=99)
    reason = forms.CharField(
        label=_("Why"), max_length=TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    version = version_field()

    def __init__(self, *args: Any, levels: Any = (), current: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = gettext(
            "At least %(n)s characters; the escalation audit reads it."
        ) % {"n": domain.MIN_REASON}
        choices = []
        for lv in levels:
            verb = gettext("escalate") if lv.level > current else gettext("de-escalate")
            note = gettext("current level") if lv.level == current else verb
            label = gettext("Level %(level)s: %(who)s (%(note)s)") % {
                "level": lv.level, "who": gettext(lv.who), "note": note,
            }  # fmt: skip
            choices.append((lv.level, label))
        self.fields["to_level"].widget = forms.Select(choices=choices)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How was it settled?"), max_length=TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    version = version_field()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it open again?"), max_length=TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class CorrectiveActionForm(forms.Form):
    due_on = forms.DateField(label=_("Answer due by (optional)"), widget=DateInput, required=False)


class DisciplineForm(CleanTextMixin):
    text = forms.CharField(
        label=_("Answer"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    side = forms.ChoiceField(
        label=_("Answered by"), choices=[("ours", _("Our side")), ("supplier", _("The supplier"))],
        initial="supplier",
    )  # fmt: skip

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs["prefix"] = key
        super().__init__(*args, **kwargs)
        self.key = key


class CloseCorrectiveActionForm(CleanTextMixin):
    closure = forms.CharField(
        label=_("Closure note (D8): what did we learn, and whom do we thank?"),
        max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class RetrospectiveForm(CleanTextMixin):
    """A joint retrospective after a milestone, with both sides' view."""

    milestone = forms.CharField(max_length=200, required=False)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput, initial=timezone.localdate)
    ours_worked = _area(_("What worked"))
    ours_did_not = _area(_("What did not work"))
    ours_change = _area(_("What to change"))
    theirs_worked = _area(_("What worked"))
    theirs_did_not = _area(_("What did not work"))
    theirs_change = _area(_("What to change"))
    issue: forms.ModelChoiceField = RecordField(
        label=_("About an issue (optional)"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args: Any, issues: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "retro"
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = issues  # type: ignore[attr-defined]

    def sides(self) -> list[tuple[str, list[Any]]]:
        return [
            (gettext("Our side"), [self["ours_worked"], self["ours_did_not"], self["ours_change"]]),
            (gettext("The supplier's side"),
             [self["theirs_worked"], self["theirs_did_not"], self["theirs_change"]]),
        ]  # fmt: skip


class BreachForm(CleanTextMixin):
    """A breach of trust: what kind, what happened, when."""

    kind = forms.ChoiceField(label=_("What kind"), choices=_translated(domain.BREACH_KINDS))
    description = forms.CharField(
        label=_("What happened"), max_length=TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    occurred_on = forms.DateField(label=_("When"), widget=DateInput, initial=timezone.localdate)
    issue: forms.ModelChoiceField = RecordField(
        label=_("About an issue (optional)"), queryset=None, required=False, empty_label="—"
    )
    recovery_plan: forms.ModelChoiceField = RecordField(
        label=_("Answered by a recovery plan (optional)"), queryset=None, required=False,
        empty_label="—",
    )  # fmt: skip

    def __init__(self, *args: Any, issues: Any, plans: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "breach"
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = issues  # type: ignore[attr-defined]
        self.fields["recovery_plan"].queryset = plans  # type: ignore[attr-defined]


class BreachLinkForm(forms.Form):
    recovery_plan: forms.ModelChoiceField = RecordField(
        label=_("Recovery plan"), queryset=None, required=False, empty_label=_("— none —")
    )

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recovery_plan"].queryset = plans  # type: ignore[attr-defined]


class ScopeForm(forms.Form):
    """The scope of the escalation audit and the resolution statistics."""

    category = forms.ChoiceField(
        choices=[("", _("Any")), *_translated(domain.CATEGORIES)], required=False
    )
    severity = forms.ChoiceField(
        choices=[("", _("Any")), *_translated(domain.SEVERITIES)], required=False
    )
    # Numbers with a list to pick from: a supplier beyond the list's length still filters.
    supplier = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    owner = forms.IntegerField(
        label=_("Relationship owner"), min_value=1, max_value=MAX_ID, required=False
    )
    n = forms.IntegerField(
        label=_("Last N escalations"), min_value=1, max_value=500, required=False, initial=20
    )

    def __init__(
        self, *args: Any, suppliers: Any, owners: Any, with_n: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].widget = forms.Select(choices=[("", _("Any")), *suppliers])
        self.fields["owner"].widget = forms.Select(choices=[("", _("Any")), *owners])
        if with_n:
            del self.fields["severity"]
        else:
            del self.fields["n"]

    def params(self) -> dict[str, Any]:
        """The filters for the service, as strings (the form is valid)."""
        return {
            key: str(value)
            for key, value in self.cleaned_data.items()
            if key != "n" and value not in (None, "")
        }


# --- the supplier portal ----------------------------------------------------------------------


class PortalIssueForm(forms.Form):
    """An issue a supplier's contact raises with us in the portal."""

    title = forms.CharField(label=_("In a few words"), max_length=domain.MAX_TITLE)
    category = forms.ChoiceField(
        label=_("What it is about"), choices=_translated(domain.CATEGORIES)
    )
    severity = forms.ChoiceField(
        label=_("How serious"), choices=_translated(domain.SEVERITIES), initial="minor"
    )
    safety_impact = forms.BooleanField(
        label=_("It affects safety or how the product works"), required=False
    )
    description = _area(_("What happened"), rows=5,
        help_text=_("The facts: what, where, since when, how often, and the effect."),
    )  # fmt: skip


class PortalAnswerForm(forms.Form):
    """Your side's text for a problem-solving step or an 8D discipline."""

    text = forms.CharField(
        label=_("Your answer"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
