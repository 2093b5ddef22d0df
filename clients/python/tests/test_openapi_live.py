"""The HTTP API against its OpenAPI document (schemas/http/openapi.yaml): the server serves that
document at /openapi.json."""

from pathlib import Path

import httpx
import pytest
import yaml

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]


def test_the_served_document_is_the_yaml(logbook_server):
    served = httpx.get(logbook_server.url + "/openapi.json")  # no token: the document is open
    assert served.status_code == 200 and served.headers["content-type"] == "application/json"
    with open(REPO / "schemas" / "http" / "openapi.yaml", encoding="utf-8") as file:
        document = yaml.safe_load(file)
    assert served.json() == document, "run scripts/generate-openapi.sh and rebuild"
