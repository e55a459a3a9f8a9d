"""`make bench`: a production-like stack on this machine and a load generator against it."""
