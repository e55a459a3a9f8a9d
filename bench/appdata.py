"""The Django side of the benchmark: make the data set and, afterwards, count what arrived.

Run inside the benchmark's environment (the harness does it):
  python -m bench.appdata prepare --size full|smoke --run-id ID --organizer-password PW
  python -m bench.appdata count --run-id ID
Each prints one JSON object on its last line. Every feature is looked up before it is used, so a
scenario whose feature is not on this branch yet comes back as {"skipped": reason}.
"""

import argparse
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
from django.urls import NoReverseMatch, reverse  # noqa: E402


@dataclass(frozen=True)
class Size:
    signatures: int
    letters: int
    news: int
    zips: int


SIZES = {
    "full": Size(signatures=1_000_000, letters=100_000, news=500, zips=1000),
    "smoke": Size(signatures=2_000, letters=300, news=30, zips=20),
}
ORGANIZER = "bench-organizer"
Spec = dict[str, Any]


class Skip(Exception):
    """A scenario cannot run on this branch; the message says why."""


def url(name: str, *args: Any, **kwargs: Any) -> str:
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        raise Skip(f"no URL named {name!r} on this branch yet") from None


def model(label: str) -> type[models.Model]:
    try:
        return apps.get_model(label)
    except LookupError:
        raise Skip(f"no model {label} on this branch yet") from None


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


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
    return {"script": "get.lua", "paths": [url("campaign:home")]}


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


def lookup(size: Size, context: dict[str, Any]) -> Spec:
    base = url("legislators:find")
    zips = context.setdefault("zips", single_district_zips(size.zips))
    return {"script": "get.lua", "paths": [f"{base}?{urlencode({'zip': z})}" for z in zips]}


def lookup_api(size: Size, context: dict[str, Any]) -> Spec:
    base = url("legislators:api_lookup")
    zips = context.setdefault("zips", single_district_zips(size.zips))
    return {"script": "get.lua", "paths": [f"{base}?{urlencode({'zip': z})}" for z in zips]}


def news(size: Size, context: dict[str, Any]) -> Spec:
    url("campaign:news_list")
    raise Skip("news posts are not wired into the benchmark yet")


def petition_page(size: Size, context: dict[str, Any]) -> Spec:
    url("petitions:detail", slug="x")
    raise Skip("petitions are not wired into the benchmark yet")


def sign(size: Size, context: dict[str, Any]) -> Spec:
    url("petitions:detail", slug="x")
    raise Skip("petitions are not wired into the benchmark yet")


def letters(size: Size, context: dict[str, Any]) -> Spec:
    url("petitions:write")
    raise Skip("letters are not wired into the benchmark yet")


def admin_signatures(size: Size, context: dict[str, Any]) -> Spec:
    model("petitions.Signature")
    raise Skip("petitions are not wired into the benchmark yet")


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
}


def create_organizer(password: str) -> None:
    user_model = get_user_model()
    user = user_model.objects.create_user(
        username=ORGANIZER, email="organizer@example.org", password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Organizers"))


def prepare(size: Size, run_id: str, organizer_password: str) -> dict[str, Any]:
    timings: dict[str, float] = {}
    context: dict[str, Any] = {"run_id": run_id, "timings": timings}
    create_organizer(organizer_password)
    scenarios: dict[str, Spec] = {}
    for name, builder in SCENARIO_BUILDERS.items():
        try:
            scenarios[name] = builder(size, context)
        except Skip as reason:
            scenarios[name] = {"skipped": str(reason)}
    sql("ANALYZE")
    return {
        "scenarios": scenarios,
        "organizer": ORGANIZER,
        "data_s": timings,
        "admin_login": reverse("admin:login"),
    }


def count(run_id: str) -> dict[str, Any]:
    return {"signatures": None, "letters": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_parser = commands.add_parser("prepare")
    prepare_parser.add_argument("--size", choices=SIZES, required=True)
    prepare_parser.add_argument("--run-id", required=True)
    prepare_parser.add_argument("--organizer-password", required=True)
    count_parser = commands.add_parser("count")
    count_parser.add_argument("--run-id", required=True)
    options = parser.parse_args()
    if options.command == "prepare":
        result = prepare(SIZES[options.size], options.run_id, options.organizer_password)
    else:
        result = count(options.run_id)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
