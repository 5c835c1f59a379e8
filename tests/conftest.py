import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "POS_LOG_DIR" not in os.environ:    # bugs the tests provoke are logged here, not in the user's folder
    import tempfile

    os.environ["POS_LOG_DIR"] = tempfile.mkdtemp(prefix="pos-test-logs-")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def pg_url():
    url = os.environ.get("POS_TEST_PG_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("POS_TEST_PG_URL is not set: CI must run the PostgreSQL tests (use scripts/test.sh)")
        pytest.skip("NO POSTGRESQL SERVER: set POS_TEST_PG_URL or run scripts/test.sh")
    return url


pytest_plugins = ["tests.fixtures_db"]
