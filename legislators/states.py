"""US states, DC and territories: postal code, FIPS code and name.

The geocoder names states by FIPS code and the ZIP table carries both, so the
two must agree with this table.
"""

# postal code -> (FIPS code, name)
STATES: dict[str, tuple[str, str]] = {
    "AL": ("01", "Alabama"),
    "AK": ("02", "Alaska"),
    "AZ": ("04", "Arizona"),
    "AR": ("05", "Arkansas"),
    "CA": ("06", "California"),
    "CO": ("08", "Colorado"),
    "CT": ("09", "Connecticut"),
    "DE": ("10", "Delaware"),
    "DC": ("11", "District of Columbia"),
    "FL": ("12", "Florida"),
    "GA": ("13", "Georgia"),
    "HI": ("15", "Hawaii"),
    "ID": ("16", "Idaho"),
    "IL": ("17", "Illinois"),
    "IN": ("18", "Indiana"),
    "IA": ("19", "Iowa"),
    "KS": ("20", "Kansas"),
    "KY": ("21", "Kentucky"),
    "LA": ("22", "Louisiana"),
    "ME": ("23", "Maine"),
    "MD": ("24", "Maryland"),
    "MA": ("25", "Massachusetts"),
    "MI": ("26", "Michigan"),
    "MN": ("27", "Minnesota"),
    "MS": ("28", "Mississippi"),
    "MO": ("29", "Missouri"),
    "MT": ("30", "Montana"),
    "NE": ("31", "Nebraska"),
    "NV": ("32", "Nevada"),
    "NH": ("33", "New Hampshire"),
    "NJ": ("34", "New Jersey"),
    "NM": ("35", "New Mexico"),
    "NY": ("36", "New York"),
    "NC": ("37", "North Carolina"),
    "ND": ("38", "North Dakota"),
    "OH": ("39", "Ohio"),
    "OK": ("40", "Oklahoma"),
    "OR": ("41", "Oregon"),
    "PA": ("42", "Pennsylvania"),
    "RI": ("44", "Rhode Island"),
    "SC": ("45", "South Carolina"),
    "SD": ("46", "South Dakota"),
    "TN": ("47", "Tennessee"),
    "TX": ("48", "Texas"),
    "UT": ("49", "Utah"),
    "VT": ("50", "Vermont"),
    "VA": ("51", "Virginia"),
    "WA": ("53", "Washington"),
    "WV": ("54", "West Virginia"),
    "WI": ("55", "Wisconsin"),
    "WY": ("56", "Wyoming"),
    "AS": ("60", "American Samoa"),
    "GU": ("66", "Guam"),
    "MP": ("69", "Northern Mariana Islands"),
    "PR": ("72", "Puerto Rico"),
    "VI": ("78", "U.S. Virgin Islands"),
}

STATE_BY_FIPS: dict[str, str] = {fips: code for code, (fips, _name) in STATES.items()}

# Places represented in the House by a member without a floor vote, and with no senators.
NON_VOTING: frozenset[str] = frozenset({"DC", "PR", "GU", "VI", "AS", "MP"})


def state_name(code: str) -> str:
    entry = STATES.get(code)
    return entry[1] if entry else code


def state_choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, for filters and forms."""
    return sorted(((code, name) for code, (_fips, name) in STATES.items()), key=lambda c: c[1])


def seat_code(state: str, district: int) -> str:
    """A House seat as people write it: OH-03, AK-AL; just DC or PR for non-voting members."""
    if state in NON_VOTING:
        return state
    if district == 0:
        return f"{state}-AL"
    return f"{state}-{district:02d}"


# House seats per state from the 2020 census apportionment (the 118th to 122nd Congresses;
# 435 in all). At-large states have one seat, numbered 0. The places in NON_VOTING each
# send one member without a floor vote. Mid-decade redistricting redraws the lines, never
# the counts. Replace after the 2030 census (effective for the 123rd Congress, 2033).
HOUSE_SEATS: dict[str, int] = {
    "AL": 7, "AK": 1, "AZ": 9, "AR": 4, "CA": 52, "CO": 8, "CT": 5, "DE": 1, "FL": 28,
    "GA": 14, "HI": 2, "ID": 2, "IL": 17, "IN": 9, "IA": 4, "KS": 4, "KY": 6, "LA": 6,
    "ME": 2, "MD": 8, "MA": 9, "MI": 13, "MN": 8, "MS": 4, "MO": 8, "MT": 2, "NE": 3,
    "NV": 4, "NH": 2, "NJ": 12, "NM": 3, "NY": 26, "NC": 14, "ND": 1, "OH": 15, "OK": 5,
    "OR": 6, "PA": 17, "RI": 2, "SC": 7, "SD": 1, "TN": 9, "TX": 38, "UT": 4, "VT": 1,
    "VA": 11, "WA": 10, "WV": 2, "WI": 8, "WY": 1,
    "DC": 1, "PR": 1, "GU": 1, "VI": 1, "AS": 1, "MP": 1,
}  # fmt: skip

# The two Senate classes of each state (class 1 was elected in 2024, 2 in 2026, 3 in 2028).
# Fixed since each state's admission; a vacancy is named by the class of the empty seat.
SENATE_CLASSES: dict[str, tuple[int, int]] = {
    "AK": (2, 3), "AL": (2, 3), "AR": (2, 3), "AZ": (1, 3), "CA": (1, 3), "CO": (2, 3),
    "CT": (1, 3), "DE": (1, 2), "FL": (1, 3), "GA": (2, 3), "HI": (1, 3), "IA": (2, 3),
    "ID": (2, 3), "IL": (2, 3), "IN": (1, 3), "KS": (2, 3), "KY": (2, 3), "LA": (2, 3),
    "MA": (1, 2), "MD": (1, 3), "ME": (1, 2), "MI": (1, 2), "MN": (1, 2), "MO": (1, 3),
    "MS": (1, 2), "MT": (1, 2), "NC": (2, 3), "ND": (1, 3), "NE": (1, 2), "NH": (2, 3),
    "NJ": (1, 2), "NM": (1, 2), "NV": (1, 3), "NY": (1, 3), "OH": (1, 3), "OK": (2, 3),
    "OR": (2, 3), "PA": (1, 3), "RI": (1, 2), "SC": (2, 3), "SD": (2, 3), "TN": (1, 2),
    "TX": (1, 2), "UT": (1, 3), "VA": (1, 2), "VT": (1, 3), "WA": (1, 3), "WI": (1, 3),
    "WV": (1, 2), "WY": (1, 2),
}  # fmt: skip


def house_seat_numbers(state: str) -> list[int]:
    """The district numbers of a state's House seats: [0] for at-large or non-voting."""
    count = HOUSE_SEATS.get(state, 0)
    if count == 1:
        return [0]
    return list(range(1, count + 1))


def senate_seat_code(state: str, senate_class: int) -> str:
    """A Senate seat as the API writes it: WI-senate-class-1."""
    return f"{state}-senate-class-{senate_class}"
