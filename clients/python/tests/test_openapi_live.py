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


def test_a_route_the_document_does_not_have_is_a_json_not_found(logbook_server):
    headers = {"Authorization": f"Bearer {logbook_server.token}"}
    for method, path in [("GET", "/v1/nope"), ("DELETE", "/v1/events"), ("PUT", "/healthz")]:
        response = httpx.request(method, logbook_server.url + path, headers=headers)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found" and "/openapi.json" in response.json()["error"]["message"]
