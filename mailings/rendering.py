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
    {call_link}              their personal link to /call/, which does the same
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

Languages: a recipient whose `email_language` is Spanish gets the Spanish subject, body
and paragraph where staff wrote them, else the English, field by field; the words around
them (footer, stance words, "and") in Spanish; and links to the Spanish pages. Each
language's texts and its email frame are prepared once per mailing (`edition`), so a
message costs the same whatever its language.
"""

import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr
from typing import Any

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

from calls.models import CallCampaign
from core import signing
from core.mail import absolute
from core.markdown import render_markdown
from core.signing import Purpose
from legislators.models import Bill, Chamber, Cosponsorship, Legislator, lawmaker_order
from letters.models import LetterCampaign
from mailings import audiences
from mailings.audiences import STANCE_COSPONSOR, STANCE_OPPOSED, STANCE_UNDECIDED
from mailings.mime import MailingMessage
from mailings.models import TRANSLATED_FIELDS, Mailing
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
    "call_link": gettext_lazy("their personal link to call their lawmakers"),
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
    """A merge field is unknown, or empty for this recipient: the message must not go.

    Its message is worded when it is read, so staff read it in their own language even
    when the email was being written in the recipient's.
    """

    def __init__(self, message: "str | Callable[[], str]") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message() if callable(self.message) else self.message)


def _token(raw: str) -> tuple[str, str | None]:
    name, bar, fallback = raw.partition("|")
    # An empty fallback ("{first_name|}") would still mail a blank: it counts as none.
    return name.strip(), (fallback.strip() or None if bar else None)


def fields_in(text: str) -> list[tuple[str, str | None]]:
    """The merge fields a text uses, as (name, fallback or None), in order."""
    return [_token(raw) for raw in _TOKEN.findall(text or "")]


# --- Languages ---------------------------------------------------------------------------


def _written(mailing: Mailing, name: str, language: str) -> str:
    """What staff wrote for one field in one language ("" when nothing)."""
    value = getattr(mailing, f"{name}_{language.replace('-', '_')}", None)
    if language == settings.LANGUAGE_CODE and value is None:
        # An instance built without its language columns: the field itself is the English.
        value = mailing.__dict__.get(name)
    return value or ""


def recipient_language(supporter: Supporter) -> str:
    """The language a supporter's mailings are written in: one the site speaks."""
    language = supporter.email_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def versions(mailing: Mailing) -> list[str]:
    """The languages this mailing is written in: English, and each one with any text."""
    return [settings.LANGUAGE_CODE] + [
        code
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
        and any(_written(mailing, name, code).strip() for name in TRANSLATED_FIELDS)
    ]


def texts_for(mailing: Mailing, language: str) -> dict[str, str]:
    """Each translated field in `language` where written, else in English."""
    english = settings.LANGUAGE_CODE
    return {
        name: _written(mailing, name, language) or _written(mailing, name, english)
        for name in TRANSLATED_FIELDS
    }


def _texts(mailing: Mailing, language: str | None = None) -> dict[str, tuple[str, str]]:
    """{field: (where staff see it, text)} for one language (English by default)."""
    language = language or settings.LANGUAGE_CODE
    texts = texts_for(mailing, language)
    where = {
        "subject": _("subject"),
        "body": _("body"),
        "paragraph_cosponsor": _("paragraph for constituents of cosponsors"),
        "paragraph_undecided": _("paragraph for constituents of undecided lawmakers"),
        "paragraph_opposed": _("paragraph for constituents of opposed lawmakers"),
    }
    if language != settings.LANGUAGE_CODE:
        name = dict(settings.LANGUAGES)[language]
        where = {
            key: _("%(field)s (%(language)s)") % {"field": label, "language": name}
            for key, label in where.items()
        }
    return {key: (where[key], texts[key]) for key in TRANSLATED_FIELDS}


def unknown_fields(*, mailing: Mailing) -> list[str]:
    """Problems with field names, in every language written: unknown ones, or a paragraph
    placed in a paragraph."""
    problems = []
    allowed = ", ".join("{" + name + "}" for name in FIELDS)
    for language in versions(mailing):
        for key, (where, text) in _texts(mailing, language).items():
            if language != settings.LANGUAGE_CODE and not _written(mailing, key, language):
                continue  # the English text, checked once already
            for raw in _TOKEN.findall(text or ""):
                name, _fallback = _token(raw)
                if name not in FIELDS:
                    problems.append(
                        _("Unknown merge field {%(name)s} in the %(where)s. Use only: %(allowed)s.")
                        % {"name": raw, "where": where, "allowed": allowed}
                    )
                elif name == "stance_paragraph" and key != "body":
                    problems.append(
                        _("{stance_paragraph} may only be used in the body, not in the %(where)s.")
                        % {"where": where}
                    )
    return problems


def _used(mailing: Mailing, language: str | None = None) -> dict[str, str | None]:
    """Each field the mailing uses in one language (subject, body, paragraphs) and its
    fallback."""
    used: dict[str, str | None] = {}
    for _where, text in _texts(mailing, language).values():
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


def _paragraph(
    mailing: Mailing,
    stance: str | None,
    language: str | None = None,
    texts: dict[str, str] | None = None,
) -> str:
    texts = texts or texts_for(mailing, language or settings.LANGUAGE_CODE)
    return {
        STANCE_COSPONSOR: texts["paragraph_cosponsor"],
        STANCE_UNDECIDED: texts["paragraph_undecided"],
        STANCE_OPPOSED: texts["paragraph_opposed"],
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


def call_link(*, supporter_id: int) -> str:
    """The supporter's own link into /call/, signed like the /write/ link."""
    token = signing.make(Purpose.CALL_LINK, {"s": supporter_id})
    return absolute(f"{reverse('calls:call')}?t={token}")


def recipient_values(
    *,
    mailing: Mailing,
    supporter: Supporter,
    needed: set[str],
    language: str | None = None,
    texts: dict[str, str] | None = None,
) -> dict[str, str]:
    """The value of each needed field for one supporter ("" when it has none), worded in
    the active language; the stance paragraph is `language`'s (taken from `texts`, that
    language's prepared texts, when given)."""
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
        elif name == "call_link":
            values[name] = call_link(supporter_id=supporter.pk or 0)
        elif name == "stance_paragraph":
            stance = stance_for(mailing=mailing, lawmakers=lawmakers)
            values[name] = _paragraph(mailing, stance, language, texts)
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
            raw = match.group(1)
            raise MergeError(lambda: _("Unknown merge field {%(name)s}.") % {"name": raw})
        value = values.get(name, "") or (fallback or "")
        if not value:
            raise MergeError(functools.partial(_empty_message, name))
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


@dataclass
class Edition:
    """One mailing in one language, prepared once: its texts, the fields they use, and
    the email around the body with a hole for each part that differs per recipient."""

    language: str
    key: tuple
    texts: dict[str, str]
    used: dict[str, str | None]
    frame_text: str = ""
    frame_html: str = field(default="", repr=False)


# What differs per recipient. NUL never occurs in our templates, so a hole cannot be
# mistaken for text, and the frame is filled in one pass, so nothing filled in is read again.
_HOLES = ("subject", "body_text", "body_html", "unsubscribe_url", "preferences_url")
_HOLE_RE = re.compile("\x00(" + "|".join(_HOLES) + ")\x00")


def _hole(name: str) -> str:
    return f"\x00{name}\x00"


def edition(*, mailing: Mailing, language: str) -> Edition:
    """The mailing in `language`, prepared on first use and kept on the mailing."""
    texts = texts_for(mailing, language)
    key = (
        tuple(texts.values()),
        mailing.email_list,
        settings.CAMPAIGN_NAME,
        settings.SITE_URL,
    )
    editions = mailing.__dict__.setdefault("_editions", {})
    found = editions.get(language)
    if found is not None and found.key == key:
        return found
    prepared = Edition(language=language, key=key, texts=texts, used=_used(mailing, language))
    with translation.override(language):
        context = {
            "LANGUAGE_CODE": language,
            "campaign_name": settings.CAMPAIGN_NAME,
            "site_url": settings.SITE_URL,
            "subject": _hole("subject"),
            "body_html": mark_safe(_hole("body_html")),  # noqa: S308 - filled with sanitised HTML
            "body_text": _hole("body_text"),
            "list_name": list_name(mailing.email_list),
            "unsubscribe_url": _hole("unsubscribe_url"),
            "preferences_url": _hole("preferences_url"),
        }
        prepared.frame_text = render_to_string("emails/mailing_body.txt", context)
        prepared.frame_html = render_to_string("emails/mailing_body.html", context)
    editions[language] = prepared
    return prepared


def _render(*, mailing: Mailing, supporter: Supporter, prepared: Edition) -> Rendered:
    used = prepared.used
    values = recipient_values(
        mailing=mailing,
        supporter=supporter,
        needed=set(used),
        language=prepared.language,
        texts=prepared.texts,
    )
    source = prepared.texts["body"]
    if "stance_paragraph" in used:
        paragraph = values.get("stance_paragraph", "")
        if not paragraph:
            raise MergeError(functools.partial(_empty_message, "stance_paragraph"))
        # The paragraph is Markdown like the body; it may use merge fields but not itself.
        source = _TOKEN.sub(
            lambda m: paragraph if _token(m.group(1))[0] == "stance_paragraph" else m.group(0),
            source,
        )
    return Rendered(
        subject=_one_line(_fill(prepared.texts["subject"], values)),
        text=_fill(source, values),
        html_body=_html(source, values),
    )


def render(*, mailing: Mailing, supporter: Supporter, language: str | None = None) -> Rendered:
    """Subject and body for one recipient, in their language unless `language` is given;
    MergeError when a field has no value."""
    language = language or recipient_language(supporter)
    prepared = edition(mailing=mailing, language=language)
    with translation.override(language):
        return _render(mailing=mailing, supporter=supporter, prepared=prepared)


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
    language: str | None = None,
) -> EmailMultiAlternatives:
    """One recipient's message, ready to send: headers, text and HTML, merge fields filled.

    Raises MergeError (a message staff can act on) when a field is unknown or empty for
    this supporter. `to` and `links_supporter_id` are for test sends only: the message
    goes to a staff address, and its unsubscribe and preference links act for that
    other supporter id (0: nobody), never for the recipient it was rendered as.
    `language` (preview and test sends) overrides the recipient's own.
    """
    language = language or recipient_language(supporter)
    prepared = edition(mailing=mailing, language=language)
    links_id = supporter.pk if links_supporter_id is None else links_supporter_id
    with translation.override(language):
        # The links open the pages in the recipient's language (/es/... for Spanish).
        unsubscribe = lists.unsubscribe_url(supporter_id=links_id, email_list=mailing.email_list)
        holes = {
            "unsubscribe_url": unsubscribe,
            "preferences_url": lists.preferences_url(supporter_id=links_id),
        }
        rendered = _render(mailing=mailing, supporter=supporter, prepared=prepared)
    holes.update(subject=rendered.subject, body_text=rendered.text)
    text = _HOLE_RE.sub(lambda m: holes[m.group(1)], prepared.frame_text)
    html_holes = {
        "subject": escape(rendered.subject),
        "unsubscribe_url": escape(holes["unsubscribe_url"]),
        "preferences_url": escape(holes["preferences_url"]),
        "body_html": rendered.html_body,  # sanitised by nh3
    }
    html = _HOLE_RE.sub(lambda m: html_holes[m.group(1)], prepared.frame_html)
    headers = headers_for(
        mailing=mailing, supporter_id=links_id, message_id=message_id, unsubscribe=unsubscribe
    )
    reply_to = [settings.MAILINGS_REPLY_TO] if settings.MAILINGS_REPLY_TO else None
    name, address = parseaddr(to or formataddr((supporter.full_name, supporter.email)))
    # Built with the cheaper compat32 email API when it goes out over SMTP (mailings/mime.py).
    message = MailingMessage(
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
    english = texts_for(mailing, settings.LANGUAGE_CODE)
    if not english["subject"].strip():
        problems.append(_("The subject is empty."))
    if not english["body"].strip():
        problems.append(_("The body is empty."))
    try:
        members = audiences.audience_queryset(mailing=mailing)
    except audiences.AudienceError as error:
        return [*problems, str(error)]
    if problems:
        return problems
    if not members.exists():
        return [_("Nobody is in this audience.")]
    # Each language's text goes to the recipients who read that language; those who read
    # one the mailing is not written in get the English.
    written = versions(mailing)
    used = {language: _used(mailing, language) for language in written}
    needs = {
        language: {name for name, fallback in fields.items() if not fallback}
        for language, fields in used.items()
    }

    def readers(language: str) -> Any:
        if language == settings.LANGUAGE_CODE:
            return members.exclude(language__in=written[1:]) if written[1:] else members
        return members.filter(language=language)

    def missing(fields: set[str], **lookup: Any) -> int:
        return sum(
            readers(language).filter(**lookup).count()
            for language, needed in needs.items()
            if needed & fields
        )

    count = missing({"first_name"}, first_name="")
    if count:
        problems.append(
            _(
                "%(count)s recipients have no first name: give {first_name} a fallback, "
                "such as {first_name|friend}."
            )
            % {"count": count}
        )
    count = missing(SENATE_FIELDS | {"stance_paragraph"}, state="")
    if count:
        problems.append(
            _(
                "%(count)s recipients have no known state, so no lawmakers: narrow the "
                "audience or give the lawmaker fields a fallback."
            )
            % {"count": count}
        )
    count = missing(HOUSE_FIELDS, district__isnull=True)
    if count:
        problems.append(
            _(
                "%(count)s recipients have no known district, so no representative: "
                "narrow the audience or give the field a fallback."
            )
            % {"count": count}
        )
    linked = set().union(*used.values())
    for link_field, campaigns, closed in (
        (
            "write_link",
            LetterCampaign.objects,
            _(
                "The mailing uses {write_link} but no letter campaign is open, so the link "
                "would lead to a closed page: open one, or take the link out."
            ),
        ),
        (
            "call_link",
            CallCampaign.objects,
            _(
                "The mailing uses {call_link} but no call campaign is open, so the link "
                "would lead to a closed page: open one, or take the link out."
            ),
        ),
    ):
        if link_field in linked and not campaigns.open().exists():
            problems.append(closed)
    lawmakers_needed = any(needed & {"bill", *STANCE_FIELDS} for needed in needs.values())
    if lawmakers_needed and _current_bill() is None:
        problems.append(_("There is no current bill, so lawmakers have no stance."))
    for language, fields in used.items():
        if "stance_paragraph" in fields:
            problems += _missing_paragraphs(mailing, language)
    return list(dict.fromkeys(problems))


def _missing_paragraphs(mailing: Mailing, language: str | None = None) -> list[str]:
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
        if stance in needed and not _paragraph(mailing, stance, language).strip()
    ]
