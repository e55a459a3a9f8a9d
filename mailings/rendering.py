"""One mailing as one recipient receives it: merge fields, stance paragraph, headers.

The body is Markdown written by staff. Merge fields are written in braces, as letter
drafts' placeholders are, and filled with a regular expression over a fixed set of
names, never with the template engine:

    {first_name}             the supporter's first name
    {senators}               their two senators ("Sen. A and Sen. B")
    {senators_stances}       the same with each stance ("Sen. A (cosponsor) and ...")
    {representative}         their representative ("Rep. C")
    {representative_stance}  the representative's stance ("undecided")
    {bill}                   the campaign's current bill ("S. 2495")
    {write_link}             their personal link to /write/, which fills in their ZIP code
    {stance_paragraph}       the stance paragraph that fits their own lawmakers

A field may give a fallback after a bar, used when the value is empty:
`{first_name|friend}`. Without one, an empty value is an error: `check()` counts the
audience members it would hit before a send starts, and `build_message()` raises
MergeError rather than mail a blank. An unknown name is always an error.

The stance paragraph: an audience chosen by stance gets that stance's paragraph (each
of its members has a lawmaker with that stance). Any other audience: *undecided* when
one of the recipient's senators or representative is undecided (pressing them is the
point), else *opposed* when one withdrew their cosponsorship, else *cosponsor*. Stances
are public records only (see mailings.audiences).
"""

import functools
import re
import time
from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import signing
from core.mail import absolute
from core.markdown import render_markdown
from core.signing import Purpose
from legislators.models import Bill, Chamber, Cosponsorship, Legislator, lawmaker_order
from mailings import audiences
from mailings.audiences import STANCE_COSPONSOR, STANCE_OPPOSED, STANCE_UNDECIDED
from mailings.models import Mailing
from supporters import lists
from supporters.models import EmailList, Supporter

FIELDS: dict[str, str | Promise] = {
    "first_name": gettext_lazy("the supporter's first name"),
    "senators": gettext_lazy("their two senators"),
    "senators_stances": gettext_lazy("their senators, each with their stance on the bill"),
    "representative": gettext_lazy("their representative"),
    "representative_stance": gettext_lazy("their representative's stance on the bill"),
    "bill": gettext_lazy("the campaign's current bill"),
    "write_link": gettext_lazy("their personal link to write to their lawmakers"),
    "stance_paragraph": gettext_lazy("the stance paragraph that fits their lawmakers"),
}
SENATE_FIELDS = {"senators", "senators_stances"}
HOUSE_FIELDS = {"representative", "representative_stance"}
STANCE_FIELDS = {"senators_stances", "representative_stance", "stance_paragraph"}
LAWMAKER_FIELDS = SENATE_FIELDS | HOUSE_FIELDS | {"stance_paragraph"}

# Anything between braces counts, so a typo such as "{ first name }" is caught.
_TOKEN = re.compile(r"\{([^{}\n]*)\}")
# Stands in for a merge field while the Markdown is rendered; letters and digits only, so
# Markdown and the sanitiser leave it alone.
_SENTINEL = "Mrg7f{}x"
_SENTINEL_RE = re.compile(r"Mrg7f(\d+)x")
# A recipient's lawmakers are looked up once per seat and reused this long by a worker.
LAWMAKER_CACHE_SECONDS = 60


class MergeError(Exception):
    """A merge field is unknown, or empty for this recipient: the message must not go."""


def _token(raw: str) -> tuple[str, str | None]:
    name, bar, fallback = raw.partition("|")
    # An empty fallback ("{first_name|}") would still mail a blank: it counts as none.
    return name.strip(), (fallback.strip() or None if bar else None)


def fields_in(text: str) -> list[tuple[str, str | None]]:
    """The merge fields a text uses, as (name, fallback or None), in order."""
    return [_token(raw) for raw in _TOKEN.findall(text or "")]


def _texts(mailing: Mailing) -> dict[str, str]:
    return {
        _("subject"): mailing.subject,
        _("body"): mailing.body,
        _("paragraph for constituents of cosponsors"): mailing.paragraph_cosponsor,
        _("paragraph for constituents of undecided lawmakers"): mailing.paragraph_undecided,
        _("paragraph for constituents of opposed lawmakers"): mailing.paragraph_opposed,
    }


def unknown_fields(*, mailing: Mailing) -> list[str]:
    """Problems with field names: unknown ones, or a paragraph placed in a paragraph."""
    problems = []
    allowed = ", ".join("{" + name + "}" for name in FIELDS)
    for where, text in _texts(mailing).items():
        for raw in _TOKEN.findall(text or ""):
            name, _fallback = _token(raw)
            if name not in FIELDS:
                problems.append(
                    _("Unknown merge field {%(name)s} in the %(where)s. Use only: %(allowed)s.")
                    % {"name": raw, "where": where, "allowed": allowed}
                )
            elif name == "stance_paragraph" and text is not mailing.body:
                problems.append(
                    _("{stance_paragraph} may only be used in the body, not in the %(where)s.")
                    % {"where": where}
                )
    return problems


def _used(mailing: Mailing) -> dict[str, str | None]:
    """Each field the mailing uses (subject, body, paragraphs) and its fallback."""
    used: dict[str, str | None] = {}
    for text in _texts(mailing).values():
        for name, fallback in fields_in(text):
            # A field used once without a fallback needs a value everywhere.
            if name not in used or fallback is None:
                used[name] = fallback

    return used


# --- Lawmakers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Lawmakers:
    senators: tuple[Legislator, ...]
    representative: Legislator | None
    stances: dict[int, str]

    @property
    def all(self) -> list[Legislator]:
        return [*self.senators, *filter(None, [self.representative])]


def lawmaker_stances(*, bill: Bill | None, members: list[Legislator]) -> dict[int, str]:
    """Each member's stance as mailings name it (see mailings.audiences), in one query."""
    if bill is None:
        return {}
    own = {member.pk: bill.for_chamber(member.chamber) for member in members}
    rows = Cosponsorship.objects.filter(
        bill_id__in={b.pk for b in own.values() if b is not None},
        legislator_id__in=list(own),
    ).values_list("bill_id", "legislator_id", "withdrawn_date")
    withdrawn = {(b, m): w is not None for b, m, w in rows}
    stances = {}
    for member in members:
        own_bill = own[member.pk]
        if own_bill is None:
            stances[member.pk] = STANCE_UNDECIDED
        elif own_bill.sponsor_id == member.pk or withdrawn.get((own_bill.pk, member.pk)) is False:
            stances[member.pk] = STANCE_COSPONSOR
        elif withdrawn.get((own_bill.pk, member.pk)):
            stances[member.pk] = STANCE_OPPOSED
        else:
            stances[member.pk] = STANCE_UNDECIDED
    return stances


_lawmaker_cache: dict[tuple, tuple[float, Lawmakers]] = {}


def _current_bill() -> Bill | None:
    cached = _lawmaker_cache.get(("bill",))
    if cached and cached[0] > time.monotonic():
        return cached[1]  # type: ignore[return-value]
    bill = Bill.objects.current()
    _lawmaker_cache[("bill",)] = (time.monotonic() + LAWMAKER_CACHE_SECONDS, bill)  # type: ignore[assignment]
    return bill


def lawmakers_for(*, state: str, district: int | None) -> Lawmakers:
    """A supporter's serving senators and representative, and their stances."""
    key = (state, district)
    cached = _lawmaker_cache.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    members = []
    if state:
        seats = [(state, district)] if district is not None else []
        members = sorted(
            Legislator.objects.serving().for_seats(states=[state], districts=seats),
            key=lawmaker_order,
        )
    found = Lawmakers(
        senators=tuple(m for m in members if m.chamber == Chamber.SENATE),
        representative=next((m for m in members if m.chamber == Chamber.HOUSE), None),
        stances=lawmaker_stances(bill=_current_bill(), members=members),
    )
    if len(_lawmaker_cache) > 2000:
        _lawmaker_cache.clear()
    _lawmaker_cache[key] = (time.monotonic() + LAWMAKER_CACHE_SECONDS, found)
    return found


def clear_caches() -> None:
    """Forget cached lawmakers (tests, or after cosponsors change in this process)."""
    _lawmaker_cache.clear()


def stance_for(*, mailing: Mailing, lawmakers: Lawmakers) -> str | None:
    """Which stance paragraph a recipient gets (the rule is in this module's docstring)."""
    params = mailing.audience_params or {}
    if mailing.audience == Mailing.Audience.STANCE and params.get("stance") in audiences.STANCES:
        return params["stance"]
    stances = {lawmakers.stances.get(member.pk) for member in lawmakers.all}
    for stance in (STANCE_UNDECIDED, STANCE_OPPOSED, STANCE_COSPONSOR):
        if stance in stances:
            return stance
    return None


def _paragraph(mailing: Mailing, stance: str | None) -> str:
    return {
        STANCE_COSPONSOR: mailing.paragraph_cosponsor,
        STANCE_UNDECIDED: mailing.paragraph_undecided,
        STANCE_OPPOSED: mailing.paragraph_opposed,
    }.get(stance or "", "")


def _with_stance(member: Legislator, stances: dict[int, str]) -> str:
    label = audiences.stance_labels().get(stances.get(member.pk, ""), "")
    name = f"{member.title} {member.name}"
    return f"{name} ({label})" if label else name


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def write_link(*, supporter_id: int) -> str:
    """The supporter's own link into /write/: a signed id, never their ZIP code or address."""
    token = signing.make(Purpose.WRITE_LINK, {"s": supporter_id})
    return absolute(f"{reverse('letters:write')}?t={token}")


def recipient_values(*, mailing: Mailing, supporter: Supporter, needed: set[str]) -> dict[str, str]:
    """The value of each needed field for one supporter ("" when it has none)."""
    values: dict[str, str] = {}
    lawmakers = None
    if needed & LAWMAKER_FIELDS:
        lawmakers = lawmakers_for(state=supporter.state, district=supporter.district)
    for name in needed:
        if name == "first_name":
            values[name] = supporter.first_name.strip()
        elif name == "senators":
            values[name] = _join([f"{m.title} {m.name}" for m in lawmakers.senators])
        elif name == "senators_stances":
            values[name] = _join([_with_stance(m, lawmakers.stances) for m in lawmakers.senators])
        elif name == "representative":
            rep = lawmakers.representative
            values[name] = f"{rep.title} {rep.name}" if rep else ""
        elif name == "representative_stance":
            rep = lawmakers.representative
            values[name] = (
                str(audiences.stance_labels().get(lawmakers.stances.get(rep.pk, ""), ""))
                if rep
                else ""
            )
        elif name == "bill":
            bill = _current_bill()
            values[name] = bill.citation if bill else ""
        elif name == "write_link":
            values[name] = write_link(supporter_id=supporter.pk or 0)
        elif name == "stance_paragraph":
            values[name] = _paragraph(mailing, stance_for(mailing=mailing, lawmakers=lawmakers))
    return values


def _empty_message(name: str) -> str:
    return {
        "first_name": _(
            "This recipient has no first name: give {first_name} a fallback, "
            "such as {first_name|friend}."
        ),
        "senators": _("This recipient has no known state, so no senators."),
        "senators_stances": _("This recipient has no known state, so no senators."),
        "representative": _("This recipient has no known district or its seat is vacant."),
        "representative_stance": _("This recipient has no known district or its seat is vacant."),
        "bill": _("There is no current bill."),
        "stance_paragraph": _("The stance paragraph for this recipient's lawmakers is empty."),
    }.get(name, _("The merge field {%(name)s} is empty.") % {"name": name})


def _fill(text: str, values: dict[str, str], *, html: bool = False) -> str:
    def replace(match: re.Match[str]) -> str:
        name, fallback = _token(match.group(1))
        if name not in FIELDS:
            raise MergeError(_("Unknown merge field {%(name)s}.") % {"name": match.group(1)})
        value = values.get(name, "") or (fallback or "")
        if not value:
            raise MergeError(_empty_message(name))
        return escape(value) if html else value

    return _TOKEN.sub(replace, text)


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> tuple[str, tuple[str, ...]]:
    """Markdown rendered once per text, merge fields left as sentinels to fill per person."""
    tokens: list[str] = []

    def hold(match: re.Match[str]) -> str:
        tokens.append(match.group(0))
        return _SENTINEL.format(len(tokens) - 1)

    return render_markdown(_TOKEN.sub(hold, source)), tuple(tokens)


def _html(source: str, values: dict[str, str]) -> str:
    html, tokens = _compiled(source)
    return _SENTINEL_RE.sub(lambda m: _fill(tokens[int(m.group(1))], values, html=True), html)


def _one_line(text: str) -> str:
    # Header values never carry line breaks (header injection, broken folding).
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html_body: str  # the body alone, sanitised; the email template wraps it


def render(*, mailing: Mailing, supporter: Supporter) -> Rendered:
    """Subject and body for one recipient; MergeError when a field has no value."""
    used = _used(mailing)
    values = recipient_values(mailing=mailing, supporter=supporter, needed=set(used))
    source = mailing.body
    if "stance_paragraph" in used:
        paragraph = values.get("stance_paragraph", "")
        if not paragraph:
            raise MergeError(_empty_message("stance_paragraph"))
        # The paragraph is Markdown like the body; it may use merge fields but not itself.
        source = _TOKEN.sub(
            lambda m: paragraph if _token(m.group(1))[0] == "stance_paragraph" else m.group(0),
            source,
        )
    return Rendered(
        subject=_one_line(_fill(mailing.subject, values)),
        text=_fill(source, values),
        html_body=_html(source, values),
    )


def list_name(email_list: str) -> str:
    return str(EmailList(email_list).label)


def from_address() -> str:
    return settings.MAILINGS_FROM_EMAIL


def sending_domain() -> str:
    return parseaddr(from_address())[1].rpartition("@")[2] or "localhost"


def list_id(email_list: str) -> str:
    """RFC 2919: a label and a dotted id at our own domain, one per list."""
    label = _one_line(f"{settings.CAMPAIGN_NAME} {list_name(email_list)}").replace('"', "")
    return f'"{label}" <{email_list}.{sending_domain()}>'


def headers_for(
    *, mailing: Mailing, supporter_id: int, message_id: str, unsubscribe: str = ""
) -> dict[str, str]:
    """The headers of one recipient's message."""
    unsubscribe = unsubscribe or lists.unsubscribe_url(
        supporter_id=supporter_id, email_list=mailing.email_list
    )
    if not message_id.startswith("<"):
        message_id = f"<{message_id}>"
    headers = {
        "Message-ID": message_id,
        "List-Id": list_id(mailing.email_list),
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Lets mailbox providers report complaints per mailing (Gmail's feedback loop).
        "Feedback-ID": f"{mailing.pk or 0}:{mailing.email_list}:mailing:{sending_domain()}",
        # Keeps out-of-office replies away; a person wrote it, so no Auto-Submitted.
        "Precedence": "bulk",
    }
    return {name: _one_line(value) for name, value in headers.items()}


def build_message(
    *,
    mailing: Mailing,
    supporter: Supporter,
    message_id: str,
    connection: BaseEmailBackend | None = None,
    to: str | None = None,
    links_supporter_id: int | None = None,
) -> EmailMultiAlternatives:
    """One recipient's message, ready to send: headers, text and HTML, merge fields filled.

    Raises MergeError (a message staff can act on) when a field is unknown or empty for
    this supporter. `to` and `links_supporter_id` are for test sends only: the message
    goes to a staff address, and its unsubscribe and preference links act for that
    other supporter id (0: nobody), never for the recipient it was rendered as.
    """
    links_id = supporter.pk if links_supporter_id is None else links_supporter_id
    unsubscribe = lists.unsubscribe_url(supporter_id=links_id, email_list=mailing.email_list)
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render(mailing=mailing, supporter=supporter)
        context = {
            "campaign_name": settings.CAMPAIGN_NAME,
            "site_url": settings.SITE_URL,
            "subject": rendered.subject,
            "body_html": mark_safe(rendered.html_body),  # noqa: S308 - sanitised by nh3
            "body_text": rendered.text,
            "list_name": list_name(mailing.email_list),
            "unsubscribe_url": unsubscribe,
            "preferences_url": lists.preferences_url(supporter_id=links_id),
        }
        text = render_to_string("emails/mailing_body.txt", context)
        html = render_to_string("emails/mailing_body.html", context)
    headers = headers_for(
        mailing=mailing, supporter_id=links_id, message_id=message_id, unsubscribe=unsubscribe
    )
    reply_to = [settings.MAILINGS_REPLY_TO] if settings.MAILINGS_REPLY_TO else None
    name, address = parseaddr(to or formataddr((supporter.full_name, supporter.email)))
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=from_address(),
        to=[formataddr((_one_line(name), address))],
        reply_to=reply_to,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Before a send ----------------------------------------------------------------------


def check(*, mailing: Mailing) -> list[str]:
    """Everything that blocks this mailing from being sent now, in words staff can act on.

    Counts, with one query per field, the audience members a field without a fallback
    would leave blank; an empty list means the send may start.
    """
    problems = unknown_fields(mailing=mailing)
    if not mailing.subject.strip():
        problems.append(_("The subject is empty."))
    if not mailing.body.strip():
        problems.append(_("The body is empty."))
    try:
        members = audiences.audience_queryset(mailing=mailing)
    except audiences.AudienceError as error:
        return [*problems, str(error)]
    if problems:
        return problems
    if not members.exists():
        return [_("Nobody is in this audience.")]
    used = _used(mailing)
    needs_value = {name for name, fallback in used.items() if not fallback}
    if "first_name" in needs_value:
        count = members.filter(first_name="").count()
        if count:
            problems.append(
                _(
                    "%(count)s recipients have no first name: give {first_name} a fallback, "
                    "such as {first_name|friend}."
                )
                % {"count": count}
            )
    if needs_value & (SENATE_FIELDS | {"stance_paragraph"}):
        count = members.filter(state="").count()
        if count:
            problems.append(
                _(
                    "%(count)s recipients have no known state, so no lawmakers: narrow the "
                    "audience or give the lawmaker fields a fallback."
                )
                % {"count": count}
            )
    if needs_value & HOUSE_FIELDS:
        count = members.filter(district__isnull=True).count()
        if count:
            problems.append(
                _(
                    "%(count)s recipients have no known district, so no representative: "
                    "narrow the audience or give the field a fallback."
                )
                % {"count": count}
            )
    if needs_value & {"bill", *STANCE_FIELDS} and _current_bill() is None:
        problems.append(_("There is no current bill, so lawmakers have no stance."))
    if "stance_paragraph" in used:
        problems += _missing_paragraphs(mailing)
    return problems


def _missing_paragraphs(mailing: Mailing) -> list[str]:
    params = mailing.audience_params or {}
    if mailing.audience == Mailing.Audience.STANCE:
        needed = {params.get("stance")}
    else:
        # A stance no serving lawmaker holds reaches nobody; its paragraph may stay empty.
        bill = Bill.objects.current()
        needed = {
            stance
            for stance in audiences.STANCES
            for chamber in Chamber.values
            if Legislator.objects.serving()
            .filter(audiences.stance_filter(bill=bill, chamber=chamber, stance=stance))
            .exists()
        }
    labels = audiences.stance_labels()
    return [
        _(
            "The body uses {stance_paragraph} but the paragraph for constituents of lawmakers "
            "who are “%(stance)s” is empty."
        )
        % {"stance": labels[stance]}
        for stance in audiences.STANCES
        if stance in needed and not _paragraph(mailing, stance).strip()
    ]
