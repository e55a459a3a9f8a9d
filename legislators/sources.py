"""Parsing and checking the reference data files before anything is written.

Every parser either returns complete, valid records or raises DataError listing
what is wrong, so an import never starts on a bad or truncated file.
"""

import contextlib
import csv
import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.core.exceptions import ValidationError

from legislators.models import Chamber, Legislator
from legislators.states import NON_VOTING, STATE_BY_FIPS, STATES

try:  # The C loader reads the 1 MB members file several times faster.
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

MAX_PROBLEMS = 20

# The fields an import owns; delivery_email and staff_notes belong to staff.
IMPORTED_FIELDS = [
    "first_name",
    "last_name",
    "official_name",
    "chamber",
    "state",
    "district",
    "senate_class",
    "state_rank",
    "party",
    "term_start",
    "term_end",
    "office_address",
    "phone",
    "website",
    "contact_form_url",
    "is_voting",
    "is_appointed",
    "term_end_type",
]
SOCIAL_FIELDS = ["twitter", "facebook", "youtube", "instagram"]

_ZCTA = re.compile(r"^\d{5}$")
_FIPS = re.compile(r"^\d{2}$")
BIOGUIDE_PATTERN = re.compile(r"^[A-Z]\d{6}$")


class DataError(Exception):
    """A data file is unusable; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            self.problems.append(f"... and {len(problems) - MAX_PROBLEMS} more problems.")
        super().__init__("\n".join(self.problems))


def _load_yaml(text: str, what: str) -> Any:
    try:
        return yaml.load(text, Loader=YamlLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise DataError([f"The {what} file is not valid YAML{where}: {problem}."]) from None


def _as_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _member_fields(entry: Any) -> dict[str, Any]:
    """One member's imported fields; KeyError/ValueError/TypeError on bad shape."""
    bioguide = _text(entry["id"]["bioguide"])
    if not BIOGUIDE_PATTERN.match(bioguide):
        raise ValueError(f"bioguide id {bioguide!r} is not a letter and six digits")
    name = entry["name"]
    first, last = _text(name["first"]), _text(name["last"])
    if not first or not last:
        raise ValueError("name has no first or last part")
    terms = entry["terms"]
    if not isinstance(terms, list) or not terms:
        raise ValueError("has no terms")
    term = terms[-1]
    kind = term["type"]
    if kind not in {"sen", "rep"}:
        raise ValueError(f"current term has unknown type {kind!r}")
    state = _text(term["state"])
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}")
    senator = kind == "sen"
    district = None
    if not senator:
        district = int(term["district"])
        if not 0 <= district <= 99:
            raise ValueError(f"district {district} is out of range")
    elif state in NON_VOTING:
        raise ValueError(f"{state} has no senators")
    senate_class = int(term["class"]) if senator else None
    party = _text(term["party"])
    if not party:
        raise ValueError("current term has no party")
    return {
        "bioguide_id": bioguide,
        "first_name": first,
        "last_name": last,
        "official_name": _text(name.get("official_full")) or f"{first} {last}",
        "chamber": Chamber.SENATE if senator else Chamber.HOUSE,
        "state": state,
        "district": district,
        "senate_class": senate_class,
        "state_rank": _text(term.get("state_rank")) if senator else "",
        "party": party,
        "term_start": _as_date(term["start"]),
        "term_end": _as_date(term["end"]),
        "office_address": _text(term.get("address")),
        "phone": _text(term.get("phone")),
        "website": _text(term.get("url")),
        "contact_form_url": _text(term.get("contact_form")),
        # Delegates and the Resident Commissioner sit in the House without a floor vote.
        "is_voting": senator or state not in NON_VOTING,
        "is_appointed": _text(term.get("how")) == "appointment",
        "term_end_type": _text(term.get("end-type"))[:30],
    }


def _has_bioguide(entry: Any) -> bool:
    """False for an entry whose id block names no bioguide id (a member not yet assigned one)."""
    try:
        return bool(_text(entry["id"].get("bioguide")))
    except (KeyError, TypeError, AttributeError):
        return False


# Optional links: a malformed one is dropped with a warning instead of stopping the import.
OPTIONAL_URL_FIELDS = ("website", "contact_form_url")


def parse_members(
    text: str, *, min_members: int = 1, warnings: list[str] | None = None
) -> list[dict[str, Any]]:
    """Members from legislators-current.yaml, as dicts of Legislator field values.

    Malformed optional links are blanked and described in `warnings`. A member the
    roster lists without a bioguide id yet (it happens for a few days after an election)
    is skipped with a warning: without the id we cannot tell them from anyone else.
    """
    data = _load_yaml(text, "members")
    if not isinstance(data, list):
        raise DataError(["The members file should be a list of members; it is not."])
    if warnings is None:
        warnings = []
    problems: list[str] = []
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, entry in enumerate(data, start=1):
        label = f"Member {number}"
        if _has_bioguide(entry):
            label += f" ({_text(entry['id']['bioguide'])})"
        elif isinstance(entry, dict) and isinstance(entry.get("id"), dict):
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                name = entry["name"]
                full = name.get("official_full") or f"{name['first']} {name['last']}"
                label += f" ({_text(full)})"
            warnings.append(f"{label}: skipped, the roster gives no bioguide id yet.")
            continue
        try:
            fields = _member_fields(entry)
        except KeyError as error:
            problems.append(f"{label}: missing {error}.")
            continue
        except (ValueError, TypeError) as error:
            problems.append(f"{label}: {error}.")
            continue
        if fields["bioguide_id"] in seen:
            problems.append(f"{label}: listed twice.")
            continue
        seen.add(fields["bioguide_id"])
        # The model's own field checks: lengths, URL shapes.
        try:
            Legislator(**fields).clean_fields(exclude=["delivery_email", "staff_notes"])
        except ValidationError as error:
            fatal = False
            for field, messages in error.message_dict.items():
                if field in OPTIONAL_URL_FIELDS and len(fields[field]) <= 255:
                    warnings.append(f"{label}: ignored {field} {fields[field]!r}: {messages[0]}")
                    fields[field] = ""
                else:
                    fatal = True
                    problems.append(f"{label}: {field}: {' '.join(messages)}")
            if fatal:
                continue
        records.append(fields)
    if problems:
        raise DataError(problems)
    if len(records) < min_members:
        raise DataError(
            [
                f"The members file lists only {len(records)} members; at least {min_members} "
                "were expected (a complete file lists about 540). It looks truncated."
            ]
        )
    return records


def parse_social(text: str) -> dict[str, dict[str, str]]:
    """Official social accounts by bioguide id, from legislators-social-media.yaml."""
    data = _load_yaml(text, "social media")
    if not isinstance(data, list):
        raise DataError(["The social media file should be a list of members; it is not."])
    limit = Legislator._meta.get_field("twitter").max_length
    handles: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    for number, entry in enumerate(data, start=1):
        try:
            bioguide = _text(entry["id"]["bioguide"])
            social = entry.get("social") or {}
            accounts = {
                "twitter": _text(social.get("twitter")),
                "facebook": _text(social.get("facebook")),
                # A channel name when there is one, else the channel id.
                "youtube": _text(social.get("youtube") or social.get("youtube_id")),
                "instagram": _text(social.get("instagram")),
            }
        except (KeyError, TypeError, AttributeError):
            problems.append(f"Social media entry {number}: missing its bioguide id.")
            continue
        too_long = [key for key, value in accounts.items() if len(value) > limit]
        if too_long:
            problems.append(f"Social media entry {number} ({bioguide}): {too_long[0]} too long.")
            continue
        handles[bioguide] = accounts
    if problems:
        raise DataError(problems)
    return handles


ZipRow = tuple[str, str, str, int]  # zcta, state FIPS, state, district
ZCCD_COLUMNS = ["state_fips", "state_abbr", "zcta", "cd"]
# The Census ZCTA -> district relationship file names its columns after the Congress:
# GEOID_CD120_20 is the 120th Congress's district on 2020 census blocks.
_CENSUS_CD_COLUMN = re.compile(r"^GEOID_CD(\d{2,3})_20$")
CENSUS_ZCTA_COLUMN = "GEOID_ZCTA5_20"
CENSUS_LAND_COLUMN = "AREALAND_PART"
_CENSUS_CD_GEOID = re.compile(r"^(\d{2})(\d{2}|ZZ)$")
# The House codes a delegate's or the Resident Commissioner's seat as 98; we store 0.
NON_VOTING_DISTRICT = 98


@dataclass(frozen=True)
class ZipFile:
    """The checked rows of a ZIP -> district file; `congress` when the file names one."""

    rows: list[ZipRow]
    congress: int | None
    skipped: int = 0

    @property
    def states(self) -> list[str]:
        return sorted({state for _zcta, _fips, state, _district in self.rows})


def parse_zip_districts(text: str, *, min_rows: int = 1) -> ZipFile:
    """Rows of zccd.csv or of a Census relationship file, checked line by line.

    zccd.csv is comma-separated (state_fips,state_abbr,zcta,cd). The Census file is
    pipe-delimited UTF-8, usually with a byte-order mark, one row per piece of a ZCTA
    inside a district; pieces outside any ZCTA and the ZZ pseudo-districts (water) are
    skipped, as are pieces with no land when the same ZCTA has land elsewhere.
    """
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    if "|" in first_line:
        parsed = _parse_census_zip(text)
    else:
        parsed = ZipFile(rows=_parse_zccd(text), congress=None)
    if len(parsed.rows) < min_rows:
        raise DataError(
            [
                f"The ZIP file has only {len(parsed.rows)} rows; at least {min_rows} were "
                "expected (a national file has about 42,000). It looks truncated; pass "
                "--min-rows for a file that covers only some states."
            ]
        )
    return parsed


def _parse_zccd(text: str) -> list[ZipRow]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [column.strip() for column in header] != ZCCD_COLUMNS:
        raise DataError(
            [f"The ZIP file should start with the header {','.join(ZCCD_COLUMNS)}; it does not."]
        )
    rows: list[ZipRow] = []
    seen: set[ZipRow] = set()
    problems: list[str] = []
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != 4:
            problems.append(f"Line {line_number}: expected 4 values, found {len(row)}.")
            continue
        fips, state, zcta, district_text = (value.strip() for value in row)
        if not _ZCTA.match(zcta):
            problems.append(f"Line {line_number}: {zcta!r} is not a 5-digit ZIP code.")
            continue
        if not _FIPS.match(fips) or STATES.get(state, ("",))[0] != fips:
            problems.append(f"Line {line_number}: state {state!r} and FIPS {fips!r} disagree.")
            continue
        if not district_text.isdigit() or int(district_text) > 99:
            problems.append(f"Line {line_number}: {district_text!r} is not a district number.")
            continue
        record = (zcta, fips, state, int(district_text))
        if record in seen:
            problems.append(f"Line {line_number}: repeats an earlier line.")
            continue
        seen.add(record)
        rows.append(record)
    if problems:
        raise DataError(problems)
    return rows


def _parse_census_zip(text: str) -> ZipFile:
    reader = csv.reader(io.StringIO(text), delimiter="|")
    header = [column.strip() for column in next(reader, [])]
    cd_columns = [column for column in header if _CENSUS_CD_COLUMN.match(column)]
    missing = [name for name in (CENSUS_ZCTA_COLUMN, CENSUS_LAND_COLUMN) if name not in header]
    if len(cd_columns) != 1 or missing:
        raise DataError(
            [
                "The Census ZIP file should have the columns GEOID_ZCTA5_20, AREALAND_PART "
                "and one GEOID_CD<congress>_20 (such as GEOID_CD120_20); "
                + (f"{missing[0]} is missing." if missing else "it has no single district column.")
            ]
        )
    congress = int(_CENSUS_CD_COLUMN.match(cd_columns[0]).group(1))  # type: ignore[union-attr]
    zcta_at, cd_at = header.index(CENSUS_ZCTA_COLUMN), header.index(cd_columns[0])
    land_at = header.index(CENSUS_LAND_COLUMN)
    pieces: dict[ZipRow, int] = {}
    problems: list[str] = []
    skipped = 0
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            problems.append(f"Line {line_number}: expected {len(header)} values, found {len(row)}.")
            continue
        zcta, geoid, land_text = row[zcta_at].strip(), row[cd_at].strip(), row[land_at].strip()
        if not zcta:
            skipped += 1  # the part of a district outside every ZCTA
            continue
        if not _ZCTA.match(zcta):
            problems.append(f"Line {line_number}: {zcta!r} is not a 5-digit ZIP code.")
            continue
        found = _CENSUS_CD_GEOID.match(geoid)
        if not found:
            problems.append(f"Line {line_number}: {geoid!r} is not a district GEOID.")
            continue
        fips, number = found.groups()
        state = STATE_BY_FIPS.get(fips)
        if state is None:
            problems.append(f"Line {line_number}: {fips!r} is not a state FIPS code.")
            continue
        if number == "ZZ":
            skipped += 1  # water with no district
            continue
        if not land_text.isdigit():
            problems.append(f"Line {line_number}: {land_text!r} is not a land area.")
            continue
        district = 0 if int(number) == NON_VOTING_DISTRICT else int(number)
        record = (zcta, fips, state, district)
        if record in pieces:
            problems.append(f"Line {line_number}: repeats an earlier line.")
            continue
        pieces[record] = int(land_text)
    if problems:
        raise DataError(problems)
    # A ZCTA that only touches a district across water would otherwise look split.
    has_land = {zcta for (zcta, *_rest), land in pieces.items() if land > 0}
    rows = [record for record, land in pieces.items() if land > 0 or record[0] not in has_land]
    skipped += len(pieces) - len(rows)
    return ZipFile(rows=rows, congress=congress, skipped=skipped)


# --- Committees ------------------------------------------------------------------------

COMMITTEE_TYPES = {"senate", "house", "joint"}
_COMMITTEE_CODE = re.compile(r"^[A-Z]{4}$")
_SUBCOMMITTEE_CODE = re.compile(r"^\d{2}$")
SEAT_SIDES = {"majority", "minority"}


def parse_committees(text: str, *, min_committees: int = 1) -> list[dict[str, Any]]:
    """Committees and subcommittees from committees-current.yaml, parents first.

    Each is {"code", "name", "chamber", "parent_code", "url"}; a subcommittee's code
    is its committee's plus its own two digits ("SSFI" + "12").
    """
    data = _load_yaml(text, "committees")
    if not isinstance(data, list):
        raise DataError(["The committees file should be a list of committees; it is not."])
    problems: list[str] = []
    committees: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, entry in enumerate(data, start=1):
        try:
            code = _text(entry["thomas_id"])
            kind = _text(entry["type"])
            name = _text(entry["name"])
            subcommittees = entry.get("subcommittees") or []
            if not isinstance(subcommittees, list):
                raise TypeError
        except (KeyError, TypeError, AttributeError):
            problems.append(f"Committee {number}: needs thomas_id, type and name.")
            continue
        if not _COMMITTEE_CODE.match(code) or kind not in COMMITTEE_TYPES or not name:
            problems.append(f"Committee {number} ({code}): bad code, type or name.")
            continue
        if code in seen:
            problems.append(f"Committee {number} ({code}): listed twice.")
            continue
        seen.add(code)
        url = _text(entry.get("url"))
        committees.append(
            {"code": code, "name": name[:255], "chamber": kind, "parent_code": "", "url": url}
        )
        for sub_number, sub in enumerate(subcommittees, start=1):
            try:
                sub_code, sub_name = _text(sub["thomas_id"]), _text(sub["name"])
            except (KeyError, TypeError):
                problems.append(f"Committee {code}, subcommittee {sub_number}: needs thomas_id.")
                continue
            if not _SUBCOMMITTEE_CODE.match(sub_code) or not sub_name:
                problems.append(f"Committee {code}, subcommittee {sub_number}: bad id or name.")
                continue
            if code + sub_code in seen:
                problems.append(f"Committee {code}, subcommittee {sub_code}: listed twice.")
                continue
            seen.add(code + sub_code)
            committees.append(
                {
                    "code": code + sub_code,
                    "name": sub_name[:255],
                    "chamber": kind,
                    "parent_code": code,
                    "url": "",
                }
            )
    if problems:
        raise DataError(problems)
    parents = sum(1 for committee in committees if not committee["parent_code"])
    if parents < min_committees:
        raise DataError(
            [
                f"The committees file lists only {parents} committees; at least "
                f"{min_committees} were expected (a complete file lists about 49). "
                "It looks truncated."
            ]
        )
    return committees


SeatRow = tuple[str, str, str, int | None, str]  # code, bioguide, side, rank, title


def parse_committee_seats(text: str, *, codes: set[str]) -> list[SeatRow]:
    """Seats from committee-membership-current.yaml, for committees with a code in `codes`."""
    data = _load_yaml(text, "committee membership")
    if not isinstance(data, dict):
        raise DataError(["The committee membership file should map codes to members; it does not."])
    problems: list[str] = []
    rows: list[SeatRow] = []
    seen: set[tuple[str, str]] = set()
    for code, members in data.items():
        code = _text(code)
        if code not in codes:
            problems.append(f"Membership of {code!r}: no such committee in the committees file.")
            continue
        if not isinstance(members, list):
            problems.append(f"Membership of {code}: should be a list of members.")
            continue
        for number, entry in enumerate(members, start=1):
            try:
                bioguide, side = _text(entry["bioguide"]), _text(entry["party"])
                rank = entry.get("rank")
                title = _text(entry.get("title"))
            except (KeyError, TypeError, AttributeError):
                problems.append(f"Membership of {code}, member {number}: needs bioguide, party.")
                continue
            if not BIOGUIDE_PATTERN.match(bioguide) or side not in SEAT_SIDES:
                problems.append(f"Membership of {code}, member {number}: bad bioguide or party.")
                continue
            if rank is not None and (not isinstance(rank, int) or not 0 < rank < 1000):
                problems.append(f"Membership of {code}, member {number}: bad rank {rank!r}.")
                continue
            if (code, bioguide) in seen:
                continue
            seen.add((code, bioguide))
            rows.append((code, bioguide, side, rank, title[:100]))
    if problems:
        raise DataError(problems)
    return rows
