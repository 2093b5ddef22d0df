"""How the corpus serialises SDK objects: the way each SDK itself does.

- A request is built as the SDK's typed params (TypedDicts), validated against those types,
  and passed through the SDK's own request preparation: openai's `maybe_transform` with the
  create-params type, anthropic's `serialize_data(..., location="body")`. That is the exact
  body `client.chat.completions.create(...)` / `client.responses.create(...)` /
  `client.messages.create(...)` sends. Response models appended back into a conversation
  (`messages.append(completion.choices[0].message)`) go through the same path, which dumps
  them with `exclude_unset=True`.
- A response (openai, anthropic) is dumped with the SDK's `to_dict(mode="json")`, i.e.
  `model_dump(mode="json", by_alias=True, exclude_unset=True)`: the fields the API returned,
  explicit nulls included (`"content": null` on a tool-call message), nothing it did not send.
  That is what `response.to_dict()` / `response.to_json()` give a user who logs a response.
- google-genai: `to_json_dict()`, i.e. `model_dump(mode="json", exclude_none=True)`, the SDK's
  own JSON form of its types (snake_case keys, bytes as base64). The REST wire form (camelCase)
  appears once, via `model_dump(mode="json", by_alias=True, exclude_none=True)`.
Both request helpers are private to their SDKs; the versions are pinned.
"""

from __future__ import annotations

from typing import Any

import pydantic


def check_params(param_type: Any, value: Any) -> Any:
    """Validates `value` against an SDK TypedDict (raises on a missing or mistyped field).

    pydantic checks `Iterable[...]` fields only lazily (and pydantic-core panics when made to
    iterate some of them), so a message's array of content parts is checked separately, with
    `check_params(List[PartParam], parts)`.
    """
    pydantic.TypeAdapter(param_type).validate_python(value)
    return value


def dump_returned(model: pydantic.BaseModel) -> dict[str, Any]:
    """An openai / anthropic response model as the API returned it (the SDK's `to_dict`)."""
    return model.to_dict(mode="json")  # type: ignore[attr-defined]
