# Each admin module registers its own models; this one only makes Django find them.
from legislators import bill_admin  # noqa: F401
