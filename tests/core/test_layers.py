"""The house's shape: no two of our modules import each other, directly or lazily."""

import grimp

OUR_APPS = (
    "core",
    "accounts",
    "legislators",
    "supporters",
    "petitions",
    "letters",
    "calls",
    "mailings",
    "whip",
    "campaign",
)


def test_no_module_imports_a_module_that_imports_it_back():
    # grimp reads every import statement, including those inside functions.
    graph = grimp.build_graph(*OUR_APPS, "config")
    circles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if module in graph.find_modules_directly_imported_by(imported):
                circles.add(tuple(sorted((module, imported))))
    assert not circles, f"modules that import each other: {sorted(circles)}"
