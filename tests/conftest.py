import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import tempfile  # noqa: E402

# Member-QR secrets live outside the database (pos.keystore): in files here, never in the user's
# keyring. One folder for every test session, because test databases are cloned from a template
# database that a concurrent session may have made.
os.environ.setdefault("POS_KEY_DIR", os.path.join(tempfile.gettempdir(), "pos-test-keys"))
if "POS_LOG_DIR" not in os.environ:    # bugs the tests provoke are logged here, not in the user's folder
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
