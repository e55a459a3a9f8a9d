import pytest
from django.core.management import call_command


@pytest.fixture
def run_tasks(monkeypatch):
    """Run the enqueued tasks with the real worker, inside the test's transaction.

    The worker closes "old" connections between tasks; on PostgreSQL that would
    close the connection holding the test transaction, so it is a no-op here.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run
