from petitions import letters_admin  # noqa: F401  (registers the letter models)
