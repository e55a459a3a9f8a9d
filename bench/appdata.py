"""The Django side of the benchmark: make the data set and, afterwards, count what arrived.

Run inside the benchmark's environment (the harness does it):
  python -m bench.appdata prepare --size full|smoke --run-id ID --organizer-password PW
  python -m bench.appdata count --run-id ID
  python -m bench.appdata mailing-start|mailing-state --mailing-id ID
Each prints one JSON object on its last line. A scenario whose data cannot be made (an empty ZIP
table, the bench endpoints turned off) comes back as {"skipped": reason}.
"""

import argparse
import datetime
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


@dataclass(frozen=True)
class Size:
    signatures: int
    letters: int
    news: int
    zips: int
    # ZIP codes the lookup scenarios draw from; None: every ZCTA in the table.
    lookup_zips: int | None
    # Confirmed newsletter subscribers the mailing scenario sends to.
    subscribers: int


SIZES = {
    "full": Size(
        signatures=1_000_000,
        letters=100_000,
        news=500,
        zips=1000,
        lookup_zips=None,
        subscribers=1_000_000,
    ),
    "smoke": Size(
        signatures=2_000, letters=300, news=30, zips=20, lookup_zips=400, subscribers=600
    ),
}
ORGANIZER = "bench-organizer"
# Staff members reading the signature list at the same time, each in their own session.
STAFF_SESSIONS = 4
# The page cache marks the pages it serves; the GET scenarios count the others.
PAGE_CACHE_HIT_HEADER = "X-Page-Cache"
Spec = dict[str, Any]


class Skip(Exception):
    """A scenario cannot run with this data or these settings; the message says why."""


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def insert_generated(
    target: type[models.Model],
    expressions: dict[str, str],
    source: str,
    params: tuple[Any, ...] = (),
) -> int:
    """INSERT INTO target SELECT ... FROM source, one statement for any number of rows.

    `expressions` gives SQL for fields by attname, without parameters (ids are written in as
    integers; `%%` stands for a literal percent sign); `params` fill `source` only.
    every other required field gets its Python default, or "" when it may be blank, so a
    field added later does not break the benchmark unless it truly needs a value.
    """
    columns, selects, values = [], [], []
    for field in target._meta.concrete_fields:
        if field.attname in expressions:
            columns.append(field.column)
            selects.append(expressions[field.attname])
        elif field.primary_key or field.null:
            continue
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            columns.append(field.column)
            selects.append("now()")
        elif field.has_default():
            columns.append(field.column)
            selects.append("%s")
            values.append(field.get_db_prep_save(field.get_default(), connection))
        elif field.blank and isinstance(field, models.CharField | models.TextField):
            columns.append(field.column)
            selects.append("''")
        else:
            raise Skip(
                f"{target._meta.label}.{field.name} needs a value the benchmark cannot make yet"
            )
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    # Names come from the models and SQL from this module, never from input.
    statement = (
        f"INSERT INTO {connection.ops.quote_name(target._meta.db_table)} ({quoted}) "
        f"SELECT {', '.join(selects)} FROM {source}"
    )
    return sql(statement, (*values, *params))


def timed(timings: dict[str, float], name: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    timings[name] = round(time.perf_counter() - started, 2)
    return result


# --- scenarios ----------------------------------------------------------------------------------


def ceiling(size: Size, context: dict[str, Any]) -> Spec:
    if not settings.BENCHMARK_ENDPOINTS:
        raise Skip("BENCHMARK_ENDPOINTS is off")
    return {"script": "get.lua", "paths": [url("bench_ceiling")]}


def home(size: Size, context: dict[str, Any]) -> Spec:
    return {
        "script": "get.lua",
        "paths": [url("campaign:home")],
        "hit_header": PAGE_CACHE_HIT_HEADER,
    }


def single_district_zips(count: int) -> list[str]:
    zip_district = model("legislators.ZipDistrict")
    zips = list(
        zip_district.objects.values("zcta")
        .annotate(rows=models.Count("id"))
        .filter(rows=1)
        .order_by("zcta")
        .values_list("zcta", flat=True)
    )
    if not zips:
        raise Skip("the ZIP table is empty (import_zip_districts did not run)")
    # Spread over the whole country, the same choice every run.
    return random.Random(42).sample(zips, min(count, len(zips)))


def every_zcta(count: int | None) -> list[str]:
    """Every ZCTA in the table (or `count` of them), in a random order, the same every run.

    A national email reaches some 33,000 ZIP codes, split ones included, most of them asked
    for the first time: the lookup scenarios draw from all of them over a cold cache.
    """
    zip_district = model("legislators.ZipDistrict")
    zips = sorted(zip_district.objects.values_list("zcta", flat=True).distinct())
    if not zips:
        raise Skip("the ZIP table is empty (import_zip_districts did not run)")
    chooser = random.Random(42)
    if count is not None and count < len(zips):
        return chooser.sample(zips, count)
    chooser.shuffle(zips)
    return zips


def lookup_spec(base: str, context: dict[str, Any], size: Size) -> Spec:
    zips = context.setdefault("lookup_zips", every_zcta(size.lookup_zips))
    return {
        "script": "get.lua",
        "paths": [f"{base}?{urlencode({'zip': z})}" for z in zips],
        # The cache is emptied first and no ZIP code is asked for twice (see run.py).
        "cold": True,
        "hit_header": PAGE_CACHE_HIT_HEADER,
    }


def lookup(size: Size, context: dict[str, Any]) -> Spec:
    return lookup_spec(url("legislators:find"), context, size)


def lookup_api(size: Size, context: dict[str, Any]) -> Spec:
    return lookup_spec(url("legislators:api_lookup"), context, size)


def news(size: Size, context: dict[str, Any]) -> Spec:
    list_path = url("campaign:news_list")
    post_model = model("campaign.NewsPost")
    started = time.perf_counter()
    now = timezone.now()
    body = "\n\n".join(
        f"Paragraph {n}: call center work kept at home means jobs in our towns and "
        "customer data that stays under American law. *Tell Congress* to act."
        for n in range(8)
    )
    # One post through save() renders the Markdown the model's way; the rest copy it.
    first = post_model(
        title="Benchmark news 0",
        slug="bench-news-0",
        summary="Why call center jobs matter to every town.",
        body=body,
        status="published",
        published_at=now - datetime.timedelta(hours=1),
    )
    first.save()
    rendered = {
        field.attname: getattr(first, field.attname)
        for field in post_model._meta.concrete_fields
        if not field.primary_key and field.attname not in {"title", "slug", "published_at"}
    }
    post_model.objects.bulk_create(
        [
            post_model(
                **rendered,
                title=f"Benchmark news {n}",
                slug=f"bench-news-{n}",
                published_at=now - datetime.timedelta(days=n, hours=1),
            )
            for n in range(1, size.news)
        ],
        batch_size=1000,
    )
    topic_model = (
        apps.get_model("campaign.Topic")
        if "topics" in {f.name for f in post_model._meta.many_to_many}
        else None
    )
    if topic_model is not None:
        topics = [
            topic_model.objects.create(name=f"Bench topic {n}", slug=f"bench-topic-{n}")
            for n in range(5)
        ]
        through = post_model.topics.through
        through.objects.bulk_create(
            [
                through(newspost_id=post.pk, topic_id=topics[post.pk % 5].pk)
                for post in post_model.objects.filter(slug__startswith="bench-news-")
            ],
            batch_size=1000,
        )
    context["timings"]["news"] = round(time.perf_counter() - started, 2)
    return {
        "script": "get.lua",
        "paths": [list_path, first.get_absolute_url()],
        "hit_header": PAGE_CACHE_HIT_HEADER,
    }


PETITION_SLUG = "keep-call-centers-in-america"
SIGNER_DOMAIN = "signers.example.org"


def zip_pool() -> str:
    """A temporary table of single-district ZIPs numbered from 0, for generated supporters."""
    zip_district = model("legislators.ZipDistrict")
    table = zip_district._meta.db_table
    sql("DROP TABLE IF EXISTS bench_zip")
    sql(
        "CREATE TEMPORARY TABLE bench_zip AS "
        "SELECT (row_number() OVER (ORDER BY zcta)) - 1 AS i, zcta, "
        "min(state) AS state, min(district) AS district "
        f"FROM {table} GROUP BY zcta HAVING count(*) = 1"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_zip")
        (count,) = cursor.fetchone()
    if not count:
        raise Skip("the ZIP table is empty (import_zip_districts did not run)")
    return str(count)


def generate_supporters(prefix: str, count: int) -> None:
    """`count` supporters prefix-1@... to prefix-count@..., spread over the ZIP table."""
    zips = zip_pool()
    insert_generated(
        model("supporters.Supporter"),
        {
            "email": f"'{prefix}-' || g || '@{SIGNER_DOMAIN}'",
            "first_name": "'Bench'",
            "last_name": "'Signer ' || g",
            "zip_code": "z.zcta",
            "country": "'US'",
            "state": "z.state",
            "district": "z.district",
            "list_opt_in": "mod(g, 3) = 0",
            "created_at": "now() - make_interval(secs => g)",
        },
        f"generate_series(1, %s) AS g JOIN bench_zip AS z ON z.i = mod(g, {zips})",
        (count,),
    )


def ensure_supporters(size: Size, context: dict[str, Any]) -> None:
    """The generated supporters: every signer, and the first third of them write letters."""
    if not context.get("supporters"):
        count = max(size.signatures, size.letters // 2)
        timed(context["timings"], "supporters", lambda: generate_supporters("signer", count))
        context["supporters"] = count


def bench_petition(size: Size, context: dict[str, Any]) -> Any:
    """The petition with size.signatures signatures, made once and shared by the scenarios."""
    if "petition" in context:
        return context["petition"]
    petition_model = model("petitions.Petition")
    signature_model = model("petitions.Signature")
    url("petitions:detail", slug=PETITION_SLUG)
    petition = petition_model.objects.create(
        title="Keep call center jobs in America",
        slug=PETITION_SLUG,
        summary="Tell Congress to pass the Keep Call Centers in America Act.",
        body="Call center work belongs here.\n\nSign to tell Congress.",
        addressed_to="The United States Congress",
        goal=size.signatures * 2,
        is_featured=True,
    )
    timings = context["timings"]
    ensure_supporters(size, context)
    supporter_table = model("supporters.Supporter")._meta.db_table
    timed(
        timings,
        "signatures",
        lambda: insert_generated(
            signature_model,
            {
                "petition_id": str(petition.pk),
                "supporter_id": "s.id",
                "show_publicly": "mod(s.id, 4) = 0",
                "confirmed_at": "s.created_at",
                "created_at": "s.created_at",
            },
            f"{supporter_table} AS s WHERE s.email LIKE 'signer-%%'",
        ),
    )
    # The petition's counter shards start from the rows we just wrote.
    from petitions import services

    services.petition_recount(petition=petition)
    context["petition"] = petition
    return petition


def petition_page(size: Size, context: dict[str, Any]) -> Spec:
    petition = bench_petition(size, context)
    return {
        "script": "get.lua",
        "paths": [petition.get_absolute_url()],
        "hit_header": PAGE_CACHE_HIT_HEADER,
    }


def sign(size: Size, context: dict[str, Any]) -> Spec:
    petition = bench_petition(size, context)
    zips = context.setdefault("zips", single_district_zips(size.zips))
    fields = {
        "csrfmiddlewaretoken": "{token}",
        "first_name": "Bench",
        "last_name": "Signer",
        "email": f"run{context['run_id']}-{{n}}@{SIGNER_DOMAIN}",
        "zip_code": zips[0],
        "country": "US",
        "comment": "",
    }
    body = urlencode(fields, safe="{}")
    return {
        "script": "post.lua",
        "form_page": petition.get_absolute_url(),
        "path": petition.get_absolute_url(),
        "body": body,
        "expect": "302",
        "connections": 32,
        # Each signer from its own address, as on a real campaign day behind a load balancer.
        "forwarded": True,
    }


WRITER_DOMAIN = "writers.example.org"
OFFICE_DOMAIN = "offices.example.org"
LETTER_SUBJECT = "Please cosponsor the Keep Call Centers in America Act"
LETTER_BODY = (
    "Dear {lawmaker_title} {lawmaker_last_name},\n\n"
    "As your constituent in {city}, {state}, I ask you to cosponsor the Keep Call Centers in "
    "America Act: call centers that move offshore must say where they are, callers may ask "
    "for an agent in the United States, and companies that offshore this work lose federal "
    "grants and loans.\n\nSincerely,\n{supporter_name}"
)


def three_member_zip(zips: list[str]) -> tuple[str, str]:
    """A ZIP (and its state) whose supporters write to two senators and one representative."""
    legislator = model("legislators.Legislator")
    zip_district = model("legislators.ZipDistrict")
    for zip_code in zips:
        row = zip_district.objects.filter(zcta=zip_code).first()
        serving = legislator.objects.filter(is_serving=True, state=row.state)
        senators = serving.filter(chamber="senate").count()
        house = serving.filter(chamber="house", district=row.district).count()
        if senators == 2 and house == 1:
            return zip_code, row.state
    raise Skip("no ZIP among the sample has two senators and one representative")


def letter_history(campaign: Any, count: int, context: dict[str, Any]) -> None:
    """About `count` letters already sent, three per submission, as after weeks of campaign."""
    submission_model = model("letters.LetterSubmission")
    letter_model = model("letters.Letter")
    supporters = model("supporters.Supporter")._meta.db_table
    legislators = model("legislators.Legislator")._meta.db_table
    submissions = submission_model._meta.db_table
    timings = context["timings"]
    timed(
        timings,
        "letter_submissions",
        lambda: insert_generated(
            submission_model,
            {
                "campaign_id": str(campaign.pk),
                "supporter_id": "s.id",
                "first_name": "s.first_name",
                "last_name": "s.last_name",
                "street": "'1 Main Street'",
                "city": "'Springfield'",
                "state": "s.state",
                "zip_code": "s.zip_code",
                "dedupe_key": "'bench-' || s.id",
                # Their copies went out with their letters; left empty, the sweep would
                # send some 33,000 copies in the middle of the run.
                "copy_sent_at": "s.created_at",
                "created_at": "s.created_at",
            },
            f"{supporters} AS s WHERE s.email LIKE 'signer-%%' AND s.district IS NOT NULL "
            "ORDER BY s.id LIMIT %s",
            (count // 3 + 1,),
        ),
    )
    timed(
        timings,
        "letters",
        lambda: insert_generated(
            letter_model,
            {
                "submission_id": "sub.id",
                "legislator_id": "l.id",
                "stance": "'not_cosponsor'",
                "subject": f"'{LETTER_SUBJECT}'",
                "body": "'Dear member of Congress, please cosponsor the bill.'",
                "status": "'sent'",
                "attempts": "1",
                "next_attempt_at": "sub.created_at",
                "message_id": f"'<bench-' || sub.id || '-' || l.id || '@{OFFICE_DOMAIN}>'",
                "sent_to": "l.delivery_email",
                "sent_at": "sub.created_at",
                "created_at": "sub.created_at",
            },
            f"{submissions} AS sub JOIN {supporters} AS s ON s.id = sub.supporter_id "
            f"JOIN {legislators} AS l ON l.state = sub.state AND l.is_serving "
            "AND (l.chamber = 'senate' OR (l.chamber = 'house' AND l.district = s.district)) "
            f"WHERE sub.campaign_id = {int(campaign.pk)} "
            "ORDER BY sub.id, l.id LIMIT %s",
            (count,),
        ),
    )


def letters(size: Size, context: dict[str, Any]) -> Spec:
    write_path = url("letters:write")
    campaign_model = model("letters.LetterCampaign")
    legislator = model("legislators.Legislator")
    zips = context.setdefault("zips", single_district_zips(size.zips))
    zip_code, state = three_member_zip(zips)
    # Placeholder office addresses on the reserved example domain: every letter goes out.
    for member in legislator.objects.filter(is_serving=True).only("pk", "bioguide_id"):
        legislator.objects.filter(pk=member.pk).update(
            delivery_email=f"{member.bioguide_id.lower()}@{OFFICE_DOMAIN}"
        )
    campaign = campaign_model(
        title="Ask your lawmakers to cosponsor",
        slug="bench-cosponsor",
        targets="both",
        supporters_may_edit=True,
        require_confirmation=False,
        ask_subject=LETTER_SUBJECT,
        ask_body=LETTER_BODY,
        thanks_subject="Thank you for cosponsoring the Keep Call Centers in America Act",
        thanks_body=LETTER_BODY,
    )
    campaign.full_clean()
    campaign.save()
    ensure_supporters(size, context)
    letter_history(campaign, size.letters, context)
    return {
        "script": "flow.lua",
        "start_path": f"{write_path}?{urlencode({'zip': zip_code, 'campaign': campaign.slug})}",
        "path": write_path,
        "details_step": ["step", "details"],
        "send_step": ["step", "send"],
        "details": {
            "first_name": "Bench",
            "last_name": "Writer",
            "email": f"run{context['run_id']}-{{n}}@{WRITER_DOMAIN}",
            "street": "1 Main Street",
            "city": "Springfield",
            "state": state,
            "zip_code": zip_code,
        },
        "expect": "302",
        "connections": 32,
        "one_connection_per_thread": True,
        "forwarded": True,
    }


def admin_signatures(size: Size, context: dict[str, Any]) -> Spec:

    bench_petition(size, context)
    return {
        "script": "get.lua",
        "paths": [reverse("admin:petitions_signature_changelist")],
        # A few organizers at once, each logged in on their own, each on one connection:
        # what a campaign's staff do, not a crowd.
        "sessions": True,
        "connections": STAFF_SESSIONS,
        "one_connection_per_thread": True,
        # A redirect would be the login page: only the list itself counts.
        "expect": "200",
    }


CALL_CAMPAIGN_SLUG = "bench-calls"


def call_outcome(size: Size, context: dict[str, Any]) -> Spec:
    """Callers report how their call went: every POST from a new browser, so each counts."""
    call_path = url("calls:call")
    campaign_model = model("calls.CallCampaign")
    from legislators.lookup import lookup_zip

    zips = context.setdefault("zips", single_district_zips(size.zips))
    zip_code, _state = three_member_zip(zips)
    representative = lookup_zip(zip_code=zip_code).legislators[-1]
    campaign = campaign_model(
        title="Call your lawmakers",
        slug=CALL_CAMPAIGN_SLUG,
        ask="Ask your lawmakers to cosponsor the Keep Call Centers in America Act.",
        ask_script="I live in {city}. Please ask {lawmaker_title} {lawmaker_last_name} to "
        "cosponsor the Keep Call Centers in America Act.",
        thanks_script="Please thank {lawmaker_title} {lawmaker_last_name} for backing it.",
    )
    campaign.full_clean()
    campaign.save()
    fields = {
        "csrfmiddlewaretoken": "{token}",
        "step": "report",
        "campaign": campaign.slug,
        "zip": zip_code,
        "seat": "",
        "legislator": str(representative.pk),
        "outcome": "reached",
    }
    return {
        "script": "post.lua",
        "form_page": call_path,
        "path": call_path,
        "body": urlencode(fields, safe="{}"),
        # The redirect to the next step; a report refused or a form shown again is not 303.
        "expect": "303",
        "connections": 32,
        "forwarded": True,
    }


MAILING_SLUG = "bench-newsletter"


def mailing(size: Size, context: dict[str, Any]) -> Spec:
    """A newsletter draft to `size.subscribers` generated supporters, each a confirmed subscriber.

    Not a wrk scenario: the harness starts the send and watches the SMTP sink (bench/mailing.py).
    """
    try:
        consent_model = model("supporters.ListConsent")
        mailing_model = model("mailings.Mailing")
    except LookupError as missing:
        raise Skip(f"no mailings yet ({missing})") from None
    ensure_supporters(size, context)
    supporters = model("supporters.Supporter")._meta.db_table
    timed(
        context["timings"],
        "newsletter_consents",
        lambda: insert_generated(
            consent_model,
            {
                "supporter_id": "s.id",
                "email_list": "'newsletter'",
                "consented_at": "s.created_at",
                "source": "'bench'",
            },
            f"{supporters} AS s WHERE s.email LIKE 'signer-%%' ORDER BY s.id LIMIT %s",
            (size.subscribers,),
        ),
    )
    newsletter = mailing_model.objects.create(
        slug=MAILING_SLUG,
        subject="News from the campaign, {first_name|friend}",
        body=(
            "Hello {first_name|friend},\n\n"
            "The Keep Call Centers in America Act has a hearing next week. "
            "**Write to your lawmakers** before it: {write_link}\n\n"
            "Thank you for standing with call center workers."
        ),
        email_list="newsletter",
    )
    return {"kind": "mailing", "mailing_id": newsletter.pk, "subscribers": size.subscribers}


SCENARIO_BUILDERS: dict[str, Callable[[Size, dict[str, Any]], Spec]] = {
    "ceiling": ceiling,
    "home": home,
    "news": news,
    "lookup": lookup,
    "lookup_api": lookup_api,
    "petition_page": petition_page,
    "sign": sign,
    "letters": letters,
    "admin_signatures": admin_signatures,
    "call_outcome": call_outcome,
    "mailing": mailing,
}


def create_organizers(password: str) -> list[str]:
    """The organizer the set-up logs in as, and one per staff session of admin_signatures."""
    user_model = get_user_model()
    group = Group.objects.get(name="Organizers")
    names = [ORGANIZER] + [f"{ORGANIZER}-{n}" for n in range(2, STAFF_SESSIONS + 1)]
    for name in names:
        user = user_model.objects.create_user(
            username=name, email=f"{name}@example.org", password=password, is_staff=True
        )
        user.groups.add(group)
    return names


def prepare(size: Size, run_id: str, organizer_password: str) -> dict[str, Any]:
    timings: dict[str, float] = {}
    context: dict[str, Any] = {"run_id": run_id, "timings": timings}
    organizers = create_organizers(organizer_password)
    scenarios: dict[str, Spec] = {}
    for name, builder in SCENARIO_BUILDERS.items():
        try:
            scenarios[name] = builder(size, context)
        except Skip as reason:
            scenarios[name] = {"skipped": str(reason)}
        except Exception as error:  # a feature changed under the harness: say so, go on
            scenarios[name] = {"error": f"set-up failed: {type(error).__name__}: {error}"}
    sql("ANALYZE")
    return {
        "scenarios": scenarios,
        "organizer": ORGANIZER,
        "organizers": organizers,
        "data_s": timings,
        "admin_login": reverse("admin:login"),
    }


def count_signatures(run_id: str) -> dict[str, int] | None:
    signature_model = model("petitions.Signature")
    run_signatures = signature_model.objects.filter(
        petition__slug=PETITION_SLUG,
        supporter__email__startswith=f"run{run_id}-",
        supporter__email__endswith=f"@{SIGNER_DOMAIN}",
    )
    return {
        "stored": run_signatures.count(),
        "signers": run_signatures.values("supporter_id").distinct().count(),
    }


def count_letters(run_id: str) -> dict[str, Any] | None:
    letter_model = model("letters.Letter")
    run_letters = letter_model.objects.filter(
        submission__supporter__email__startswith=f"run{run_id}-"
    )
    statuses = dict(run_letters.values_list("status").annotate(n=models.Count("id")).order_by())
    return {
        "message_ids": list(run_letters.values_list("message_id", flat=True)),
        "statuses": statuses,
        "submissions": run_letters.values("submission_id").distinct().count(),
    }


def count_calls() -> dict[str, int] | None:
    """The bench campaign's reported calls: rows, distinct calls and what the site counts."""
    try:
        report_model = model("calls.CallReport")
    except Skip:
        return None
    from calls.services import call_counts_by_legislator

    campaign = model("calls.CallCampaign").objects.filter(slug=CALL_CAMPAIGN_SLUG).first()
    if campaign is None:
        return None
    reports = report_model.objects.filter(campaign=campaign)
    counted = call_counts_by_legislator(campaign=campaign)
    return {
        "stored": reports.count(),
        "callers": reports.values("legislator_id", "day", "caller_key").distinct().count(),
        "counted": sum(counts.total for counts in counted.values()),
    }


def count(run_id: str) -> dict[str, Any]:
    return {
        "signatures": count_signatures(run_id),
        "letters": count_letters(run_id),
        "calls": count_calls(),
    }


def mailing_start(mailing_id: int) -> dict[str, Any]:
    """Start the send as staff would, timing the audience snapshot (one INSERT ... SELECT)."""
    from mailings import sending

    newsletter = model("mailings.Mailing").objects.get(pk=mailing_id)
    started = time.perf_counter()
    total = sending.mailing_start(mailing=newsletter, by=None)
    return {"snapshot_s": round(time.perf_counter() - started, 2), "total": total}


def mailing_state(mailing_id: int, *, with_sent: bool = False) -> dict[str, Any]:
    """The mailing's state, its rows by status, and the Message-IDs of rows being sent now
    (and, asked for, of every row recorded as sent)."""
    recipient_model = model("mailings.Recipient")
    rows = recipient_model.objects.filter(mailing_id=mailing_id)
    state = {
        "state": model("mailings.Mailing").objects.get(pk=mailing_id).state,
        "statuses": dict(
            rows.order_by().values_list("status").annotate(n=models.Count("id")).order_by()
        ),
        "sending": list(rows.filter(status="sending").values_list("message_id", flat=True)),
    }
    if with_sent:
        state["sent"] = list(rows.filter(status="sent").values_list("message_id", flat=True))
    return state


def mailing_pause(mailing_id: int) -> dict[str, Any]:
    """Pause the send as staff would: no new batch is claimed, the ones in flight finish."""
    from mailings import sending

    sending.mailing_pause(mailing=model("mailings.Mailing").objects.get(pk=mailing_id), by=None)
    return mailing_state(mailing_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("mailing-start", "mailing-state", "mailing-pause"):
        commands.add_parser(name).add_argument("--mailing-id", type=int, required=True)
    commands.choices["mailing-state"].add_argument("--with-sent", action="store_true")
    prepare_parser = commands.add_parser("prepare")
    prepare_parser.add_argument("--size", choices=SIZES, required=True)
    prepare_parser.add_argument("--run-id", required=True)
    prepare_parser.add_argument("--organizer-password", required=True)
    count_parser = commands.add_parser("count")
    count_parser.add_argument("--run-id", required=True)
    options = parser.parse_args()
    if options.command == "prepare":
        result = prepare(SIZES[options.size], options.run_id, options.organizer_password)
    elif options.command == "mailing-start":
        result = mailing_start(options.mailing_id)
    elif options.command == "mailing-state":
        result = mailing_state(options.mailing_id, with_sent=options.with_sent)
    elif options.command == "mailing-pause":
        result = mailing_pause(options.mailing_id)
    else:
        result = count(options.run_id)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
