"""Gemini: Content / Part and GenerateContentResponse, made with google-genai's types."""

from __future__ import annotations

import datetime
from typing import Any

from google.genai import types

from . import media, tokens
from .corpus import CorpusFile, Session


def sdk_json(value: types._common.BaseModel) -> dict[str, Any]:
    """google-genai's own JSON form of its types: `to_json_dict()`, i.e.
    `model_dump(mode="json", exclude_none=True)` (snake_case keys, bytes as base64)."""
    return value.to_json_dict()


def wire_json(value: types._common.BaseModel) -> dict[str, Any]:
    """The REST API's form of the same object (camelCase, as the JS SDK and raw HTTP show it)."""
    return value.model_dump(mode="json", by_alias=True, exclude_none=True)


def text_tokens(count: int) -> list[types.ModalityTokenCount]:
    return [types.ModalityTokenCount(modality=types.MediaModality.TEXT, token_count=count)]


def build(file: CorpusFile) -> None:
    function_calling(file.session("function-calling", "planner"))
    multimodal_cached(file.session("multimodal-cached", "planner"))
    grounded_search(file.session("grounded-search", "planner"))


def function_calling(session: Session) -> None:
    """Thinking, a function call with a thought signature, the function response, the answer."""
    user = types.Content(role="user", parts=[types.Part(text="Book me a table for two in Lyon tomorrow at 20:00, somewhere with a terrace.")])
    session.message("user", "Content role user, one text part", sdk_json(user))

    model_turn = types.Content(
        role="model",
        parts=[
            types.Part(text="**Finding a restaurant**\n\nI should search for restaurants with a terrace, then book.", thought=True),
            types.Part(
                function_call=types.FunctionCall(name="find_restaurants", args={"city": "Lyon", "features": ["terrace"], "party_size": 2}),
                thought_signature=b"\x0a\x9c\x01\x01\xd2\x8f\x1e\x7a\x91\x4b\xc3\x05\x6e\x22\xa8\x10",
            ),
        ],
    )
    usage = types.GenerateContentResponseUsageMetadata(
        prompt_token_count=310,
        candidates_token_count=22,
        thoughts_token_count=148,
        total_token_count=480,
        prompt_tokens_details=text_tokens(310),
    )
    response = types.GenerateContentResponse(
        sdk_http_response=types.HttpResponse(headers={"content-type": "application/json; charset=UTF-8", "vary": "Origin, X-Origin, Referer"}),
        candidates=[types.Candidate(content=model_turn, finish_reason=types.FinishReason.STOP, index=0)],
        model_version="gemini-2.5-flash",
        response_id="mKV8aNmGKpW7nvgP4cXa0QM",
        usage_metadata=usage,
        automatic_function_calling_history=[],
    )
    session.llm(
        "llm-1",
        "thinking + function_call; response is the whole GenerateContentResponse (with sdk_http_response)",
        provider="google",
        model="gemini-2.5-flash",
        prompt=[sdk_json(user)],
        response=sdk_json(response),
        usage=sdk_json(usage),
        tokens=tokens.gemini(usage),
        extra={"input_params": {"thinking_config": {"thinking_budget": 1024, "include_thoughts": True}}},
    )
    session.message("model-call", "Content role model: a thought part and a function_call part with thought_signature", sdk_json(model_turn))

    result = types.Content(
        role="user",
        parts=[
            types.Part.from_function_response(
                name="find_restaurants",
                response={"output": [{"name": "Le Kitchen Café", "terrace": True, "rating": 4.6}, {"name": "Têtedoie", "terrace": True, "rating": 4.5}]},
            )
        ],
    )
    session.message("function-response", "Content role user, one function_response part", sdk_json(result))

    answer = types.Content(role="model", parts=[types.Part(text="Le Kitchen Café has a terrace and a table for two at 20:00 tomorrow. Shall I book it?")])
    usage = types.GenerateContentResponseUsageMetadata(
        prompt_token_count=412,
        candidates_token_count=27,
        total_token_count=439,
        prompt_tokens_details=text_tokens(412),
    )
    session.llm(
        "llm-2",
        "no thoughts_token_count (thinking off); response is candidates[0].content (a Content object)",
        provider="google",
        model="gemini-2.5-flash",
        prompt=[sdk_json(user), sdk_json(model_turn), sdk_json(result)],
        response=sdk_json(answer),
        usage=sdk_json(usage),
        tokens=tokens.gemini(usage),
    )
    session.message("model-answer", "Content role model, one text part", sdk_json(answer))


def multimodal_cached(session: Session) -> None:
    """Inline image bytes, a file_data part, and a prompt served from a context cache."""
    user = types.Content(
        role="user",
        parts=[
            types.Part(text="Which of these menus is cheaper for a group of eight?"),
            types.Part(inline_data=types.Blob(mime_type="image/png", data=media.png_bytes())),
            types.Part(file_data=types.FileData(mime_type="application/pdf", file_uri="https://generativelanguage.googleapis.com/v1beta/files/menu-lyon-2026")),
        ],
    )
    session.message("user-media", "Content role user: text, inline_data (base64 bytes) and file_data parts", sdk_json(user))
    answer = types.Content(role="model", parts=[types.Part(text="The second menu: €38 a head against €45, so €56 less for eight.")])
    usage = types.GenerateContentResponseUsageMetadata(
        prompt_token_count=4200,
        cached_content_token_count=4096,
        candidates_token_count=90,
        thoughts_token_count=356,
        total_token_count=4646,
        prompt_tokens_details=[
            types.ModalityTokenCount(modality=types.MediaModality.TEXT, token_count=3942),
            types.ModalityTokenCount(modality=types.MediaModality.IMAGE, token_count=258),
        ],
        cache_tokens_details=text_tokens(4096),
        candidates_tokens_details=text_tokens(90),
    )
    response = types.GenerateContentResponse(
        candidates=[types.Candidate(content=answer, finish_reason=types.FinishReason.STOP, index=0, avg_logprobs=-0.2171)],
        model_version="gemini-2.5-flash",
        response_id="nKV8aPzTDsXgnvgPkbHQ8Aw",
        create_time=datetime.datetime(2026, 1, 7, 9, 0, 12, tzinfo=datetime.timezone.utc),
        usage_metadata=usage,
    )
    session.llm(
        "llm-1",
        "cached content + thoughts, in the REST wire form (camelCase: usageMetadata.promptTokenCount ...)",
        provider="google",
        model="gemini-2.5-flash",
        prompt=[wire_json(user)],
        response=wire_json(response),
        usage=wire_json(usage),
        tokens=tokens.gemini(usage),
    )
    session.message("model-answer", "Content in the REST wire form (camelCase keys)", wire_json(answer))


def grounded_search(session: Session) -> None:
    """`generate_content(contents="...")` with Google Search: a string prompt and tool-use prompt tokens."""
    prompt = "Who won the 2025 Tour de France?"
    answer = types.Content(role="model", parts=[types.Part(text="Tadej Pogačar won the 2025 Tour de France, his fourth title.")])
    usage = types.GenerateContentResponseUsageMetadata(
        prompt_token_count=11,
        candidates_token_count=19,
        thoughts_token_count=87,
        tool_use_prompt_token_count=412,
        total_token_count=529,
        prompt_tokens_details=text_tokens(11),
        tool_use_prompt_tokens_details=text_tokens(412),
    )
    response = types.GenerateContentResponse(
        candidates=[
            types.Candidate(
                content=answer,
                finish_reason=types.FinishReason.STOP,
                index=0,
                grounding_metadata=types.GroundingMetadata(
                    web_search_queries=["2025 Tour de France winner"],
                    grounding_chunks=[types.GroundingChunk(web=types.GroundingChunkWeb(uri="https://www.letour.fr/en/", title="letour.fr", domain="letour.fr"))],
                ),
            )
        ],
        model_version="gemini-2.5-pro",
        response_id="oKV8aKb1IvHmnvgP1bW4kA4",
        usage_metadata=usage,
    )
    session.message("user", "Content built by the SDK from a string prompt", sdk_json(types.Content(role="user", parts=[types.Part(text=prompt)])))
    session.llm(
        "llm-1",
        "prompt a plain string; grounded with Google Search (tool_use_prompt_token_count); response is the whole GenerateContentResponse",
        provider="google",
        model="gemini-2.5-pro",
        prompt=prompt,
        response=sdk_json(response),
        usage=sdk_json(usage),
        tokens=tokens.gemini(usage),
        extra={"input_params": {"tools": [{"google_search": {}}]}},
    )
    session.message("model-answer", "Content role model, one text part (non-ASCII)", sdk_json(answer))
