"""Who a mailing goes to: its audience, always within the list's subscribers.

Every audience is one queryset (subqueries, no Python loops), so counting it and
materialising the send snapshot from it (one INSERT ... SELECT) stay fast with a
million supporters. Audience details live in `Mailing.audience_params`:

- everyone on the list: `{}`
- by state: `{"state": "WI"}`
- by congressional district: `{"state": "WI", "district": 4}` (0 for an at-large seat)
- by the stance of the supporter's own lawmakers on the campaign's current bill:
  `{"chamber": "senate" | "house" | "", "stance": "cosponsor" | "undecided" | "opposed"}`
  (an empty chamber means any of their senators or their representative)
- by action: `{"signed_petition": <id>, "not_signed_petition": <id>, "wrote_letter": true,
  "wrote_no_letter": true, "letter_campaign": <id>}`; every key given must hold.
  Letters count once sent or waiting only on delivery (not while the writer has still to
  confirm their address); `letter_campaign` limits both letter keys to one campaign.

The stances come from public records only (`legislators`): a lawmaker is a *cosponsor*
when they sponsor or cosponsor the current version of the bill in their own chamber,
*opposed* when they withdrew their cosponsorship of it, and *undecided* otherwise. The
organizers' whip notes are internal and never decide what supporters are told.
"""

from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import In
from django.utils.translation import gettext as _

from legislators.models import Bill, Chamber, Cosponsorship, Legislator
from letters.models import ConfirmationState, LetterSubmission
from mailings.models import Mailing
from petitions.models import Petition, Signature
from supporters import lists
from supporters.models import Supporter

STANCE_COSPONSOR = "cosponsor"
STANCE_UNDECIDED = "undecided"
STANCE_OPPOSED = "opposed"
STANCES = (STANCE_COSPONSOR, STANCE_UNDECIDED, STANCE_OPPOSED)


class AudienceError(ValueError):
    """The audience details cannot be used (a clear message for staff)."""


def stance_labels() -> dict[str, str]:
    return {
        STANCE_COSPONSOR: _("cosponsor"),
        STANCE_UNDECIDED: _("undecided"),
        STANCE_OPPOSED: _("withdrew their cosponsorship"),
    }


def _bill_for(bill: Bill | None, chamber: str) -> Bill | None:
    return bill.for_chamber(chamber) if bill is not None else None


def stance_filter(*, bill: Bill | None, chamber: str, stance: str) -> Q:
    """A filter on Legislator for members of `chamber` with `stance` on `bill`."""
    own_bill = _bill_for(bill, chamber)
    in_chamber = Q(chamber=chamber)
    if own_bill is None:
        # No version of the bill in this chamber: nobody there can have acted on it.
        return in_chamber & (Q() if stance == STANCE_UNDECIDED else Q(pk__in=[]))
    cosponsorships = Cosponsorship.objects.filter(bill=own_bill, legislator=OuterRef("pk"))
    cosponsor = Q(pk=own_bill.sponsor_id) if own_bill.sponsor_id else Q(pk__in=[])
    cosponsor |= Exists(cosponsorships.filter(withdrawn_date__isnull=True))
    withdrew = Exists(cosponsorships.filter(withdrawn_date__isnull=False))
    if stance == STANCE_COSPONSOR:
        return in_chamber & cosponsor
    if stance == STANCE_OPPOSED:
        return in_chamber & withdrew & ~cosponsor
    return in_chamber & ~cosponsor & ~withdrew


def constituents_of(*, bill: Bill | None, chamber: str, stance: str) -> Q:
    """A filter on Supporter: whose own serving lawmakers of `chamber` have `stance`."""
    members = Legislator.objects.serving().filter(
        stance_filter(bill=bill, chamber=chamber, stance=stance)
    )
    if chamber == Chamber.SENATE:
        return Q(state__in=members.values("state"))
    # Matched on one "state-district" key, so PostgreSQL hashes the few hundred seats and
    # reads the supporters once; looking each seat up by state was ten times slower.
    seats = members.annotate(seat_key=_seat_key()).values("seat_key")
    return Q(district__isnull=False) & Q(In(_seat_key(), seats))


def _seat_key() -> Concat:
    return Concat(F("state"), Value("-"), Cast(F("district"), output_field=CharField()))


def _int(params: dict[str, Any], key: str) -> int | None:
    value = params.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise AudienceError(_("“%(key)s” must be a number.") % {"key": key})
    try:
        return int(value)
    except (TypeError, ValueError):
        raise AudienceError(_("“%(key)s” must be a number.") % {"key": key}) from None


def _state(params: dict[str, Any]) -> str:
    state = str(params.get("state") or "").strip().upper()
    if len(state) != 2 or not state.isalpha():
        raise AudienceError(_("Choose a state (two letters, such as WI)."))
    return state


def audience_filter(*, audience: str, params: dict[str, Any]) -> Q:
    """The filter on Supporter that an audience and its details stand for."""
    params = params or {}
    if audience == Mailing.Audience.EVERYONE:
        return Q()
    if audience == Mailing.Audience.STATE:
        return Q(state=_state(params))
    if audience == Mailing.Audience.DISTRICT:
        district = _int(params, "district")
        if district is None:
            raise AudienceError(_("Choose a congressional district (0 for an at-large seat)."))
        return Q(state=_state(params), district=district)
    if audience == Mailing.Audience.STANCE:
        stance = params.get("stance")
        if stance not in STANCES:
            raise AudienceError(_("Choose a stance: cosponsor, undecided or opposed."))
        chamber = params.get("chamber") or ""
        if chamber not in ("", *Chamber.values):
            raise AudienceError(_("Choose a chamber: senate, house, or none for both."))
        bill = Bill.objects.current()
        if bill is None:
            raise AudienceError(_("There is no current bill, so lawmakers have no stance."))
        chambers = [chamber] if chamber else list(Chamber.values)
        wanted = Q(pk__in=[])
        for one in chambers:
            wanted |= constituents_of(bill=bill, chamber=one, stance=stance)
        return wanted
    if audience == Mailing.Audience.ACTION:
        return _action_filter(params)
    raise AudienceError(_("Unknown audience."))


def _action_filter(params: dict[str, Any]) -> Q:
    wanted = Q()
    chosen = False
    signed = _int(params, "signed_petition")
    if signed is not None:
        chosen = True
        wanted &= Exists(
            Signature.objects.counted().filter(petition_id=signed, supporter=OuterRef("pk"))
        )
    not_signed = _int(params, "not_signed_petition")
    if not_signed is not None:
        chosen = True
        wanted &= ~Exists(
            Signature.objects.filter(petition_id=not_signed, supporter=OuterRef("pk"))
        )
    letters = LetterSubmission.objects.filter(supporter=OuterRef("pk")).exclude(
        confirmation=ConfirmationState.PENDING
    )
    campaign = _int(params, "letter_campaign")
    if campaign is not None:
        letters = letters.filter(campaign_id=campaign)
    if params.get("wrote_letter"):
        chosen = True
        wanted &= Exists(letters)
    if params.get("wrote_no_letter"):
        chosen = True
        wanted &= ~Exists(letters)
    if not chosen:
        raise AudienceError(
            _("Choose at least one action: a petition signed or not, a letter written or not.")
        )
    return wanted


def audience_queryset(*, mailing: Mailing) -> QuerySet[Supporter]:
    """The supporters a mailing would go to now: its audience among the list's subscribers.

    Raises AudienceError when the audience details are incomplete.
    """
    wanted = audience_filter(audience=mailing.audience, params=mailing.audience_params)
    return lists.subscribers(email_list=mailing.email_list).filter(wanted)


def audience_count(*, mailing: Mailing) -> int:
    """How many people the audience holds now (0 when its details are incomplete)."""
    try:
        return audience_queryset(mailing=mailing).count()
    except AudienceError:
        return 0


def audience_describe(*, mailing: Mailing) -> str:
    """The audience in words, for staff."""
    params = mailing.audience_params or {}
    audience = mailing.Audience(mailing.audience)
    if audience == Mailing.Audience.STATE:
        return _("Supporters in %(state)s") % {"state": params.get("state", "?")}
    if audience == Mailing.Audience.DISTRICT:
        return _("Supporters in %(state)s-%(district)s") % {
            "state": params.get("state", "?"),
            "district": params.get("district", "?"),
        }
    if audience == Mailing.Audience.STANCE:
        chamber = params.get("chamber") or ""
        stance = stance_labels().get(params.get("stance", ""), "?")
        if chamber == Chamber.SENATE:
            return _("Constituents of senators who are: %(stance)s") % {"stance": stance}
        if chamber == Chamber.HOUSE:
            return _("Constituents of representatives who are: %(stance)s") % {"stance": stance}
        return _("Constituents of lawmakers who are: %(stance)s") % {"stance": stance}
    if audience == Mailing.Audience.ACTION:
        return _describe_actions(params)
    return str(audience.label)


def _describe_actions(params: dict[str, Any]) -> str:
    def petition(key: str) -> str:
        try:
            found = Petition.objects.filter(pk=_int(params, key)).first()
        except AudienceError:
            found = None
        return f"“{found.title}”" if found else "?"

    parts = []
    if params.get("signed_petition") not in (None, ""):
        parts.append(_("signed the petition %(title)s") % {"title": petition("signed_petition")})
    if params.get("not_signed_petition") not in (None, ""):
        parts.append(
            _("did not sign the petition %(title)s") % {"title": petition("not_signed_petition")}
        )
    if params.get("wrote_letter"):
        parts.append(_("wrote a letter"))
    if params.get("wrote_no_letter"):
        parts.append(_("wrote no letter"))
    if not parts:
        return str(Mailing.Audience.ACTION.label)
    return _("Supporters who %(actions)s") % {"actions": _(", and ").join(parts)}
