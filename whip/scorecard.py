"""The public scorecard: who cosponsors the bill. Public facts only, never whip status."""

from collections import Counter, defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from legislators.models import Bill, Cosponsorship, Legislator, parse_bill_key
from legislators.states import state_name
from whip.records import backed_an_earlier_version

PARTY_ORDER = {"D": 0, "R": 1, "I": 2}
PARTY_NAMES = {
    "D": gettext_lazy("Democrats"),
    "R": gettext_lazy("Republicans"),
    "I": gettext_lazy("Independents"),
}


@require_GET
def scorecard(request: HttpRequest, bill_key: str = "") -> HttpResponse:
    bills = list(
        Bill.objects.select_related("sponsor", "companion").order_by(
            "-congress", "bill_type", "number"
        )
    )
    if bill_key:
        parsed = parse_bill_key(bill_key)
        bill = next(
            (b for b in bills if parsed and (b.congress, b.bill_type, b.number) == parsed), None
        )
        if bill is None:
            raise Http404(_("No such bill."))
    else:
        bill = next((b for b in bills if b.is_current), None)
        if bill is None:
            return render(request, "whip/scorecard.html", {"bill": None, "bills": bills})

    cosponsorships = list(
        Cosponsorship.objects.active()
        .filter(bill=bill)
        .select_related("legislator")
        .order_by("legislator__state", "legislator__last_name")
    )
    supporters = [(c.legislator, c) for c in cosponsorships if c.legislator_id != bill.sponsor_id]
    if bill.sponsor is not None:
        supporters.insert(0, (bill.sponsor, None))
    by_party = Counter(member.party_initial for member, _c in supporters)
    states = defaultdict(list)
    for member, cosponsorship in sorted(
        supporters, key=lambda item: (item[0].state, item[0].last_name)
    ):
        states[member.state].append({"member": member, "cosponsorship": cosponsorship})
    returning = _backed_an_earlier_version(bill, backers={member.pk for member, _c in supporters})
    party_tally = sorted(by_party.items(), key=lambda item: (PARTY_ORDER.get(item[0], 9), item[0]))
    return render(
        request,
        "whip/scorecard.html",
        {
            "bill": bill,
            "bills": bills,
            "total": len(supporters),
            "party_tally": [
                {"party": party, "name": PARTY_NAMES.get(party, party), "count": n}
                for party, n in party_tally
            ],
            "bipartisan": by_party["D"] > 0 and by_party["R"] > 0,
            "returning": returning,
            "states": [
                {"state": state, "name": state_name(state), "members": members}
                for state, members in sorted(states.items())
            ],
        },
    )


def _backed_an_earlier_version(bill: Bill, *, backers: set[int]) -> list[dict]:
    """Serving members who backed an earlier version of the bill but not this one yet."""
    if bill.family_id is None:
        return []
    members = list(Legislator.objects.serving().order_by("state", "last_name"))
    backing = backed_an_earlier_version(bill=bill, legislators=members, backers=backers)
    return [
        {"member": member, "version": backing[member.pk].version, "backing": backing[member.pk]}
        for member in members
        if member.pk in backing
    ]
