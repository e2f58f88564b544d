import datetime as dt
import io
import tomllib
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples"
DEFAULT_DATE = dt.date(2026, 11, 20)


def load_examples():
    """(check file, kind, example) for every [[flag]] and [[pass]] in tests/examples/*.toml."""
    rows = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for kind in ("flag", "pass"):
            for ex in data.get(kind, []):
                rows.append((path.stem, kind, ex))
    return rows


@pytest.fixture(scope="session")
def review_text():
    from reviewer.pipeline import review

    def run(text, date=DEFAULT_DATE, **kw):
        return review(text, date, **kw)

    return run


@pytest.fixture
def web(tmp_path):
    """A TestClient on a fresh database, and the database connection (the web UI's tests)."""
    from web_support import make_client

    client, conn = make_client(tmp_path)
    yield client, conn
    conn.close()


@pytest.fixture
def client(web):
    return web[0]


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A real .docx holding these paragraphs."""
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
