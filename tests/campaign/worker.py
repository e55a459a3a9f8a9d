"""Run queued tasks the way `manage.py db_worker` does, inside a test."""

from unittest import mock

from django.core.management import call_command


def run_worker() -> None:
    # The worker drops connections whose autocommit differs from the settings. Inside a
    # test's transaction autocommit is off, so on PostgreSQL it would close the connection
    # and lose the test's data; the browser tests run the worker unpatched.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
