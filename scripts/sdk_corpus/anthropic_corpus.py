"""Anthropic: Messages API content blocks, made with the anthropic package's types."""

from __future__ import annotations

import json
from typing import Any, List

from anthropic._utils._prepare import serialize_data
from anthropic.types import (
    CacheCreation,
    ContentBlockParam,
    Message,
    MessageParam,
    OutputTokensDetails,
    RedactedThinkingBlock,
    ServerToolUsage,
    ServerToolUseBlock,
    TextBlock,
    ThinkingBlock,
    ToolUseBlock,
    Usage,
    WebSearchResultBlock,
    WebSearchToolResultBlock,
)
from anthropic.types.citation_char_location import CitationCharLocation
from anthropic.types.tool_result_block_param import Content as ToolResultContent

from . import media, tokens
from .corpus import CorpusFile, Session
from .sdk import check_params, dump_returned

SYSTEM = [
    {
        "type": "text",
        "text": "You are Ops, an on-call assistant. You can read dashboards and query the incident log. Be brief.",
        "cache_control": {"type": "ephemeral"},
    }
]

TOOLS = [
    {
        "name": "query_incidents",
        "description": "Search the incident log.",
        "input_schema": {
            "type": "object",
            "properties": {"service": {"type": "string"}, "since_hours": {"type": "integer"}},
            "required": ["service"],
        },
    }
]


def messages_request(**params: Any) -> dict[str, Any]:
    """The body `client.messages.create(**params)` sends: the SDK's own request serialiser
    (models inside it are dumped with exclude_unset, as the API returned them)."""
    for message in params["messages"]:
        check_params(MessageParam, message)
        if isinstance(message["content"], list):
            blocks = [b for b in message["content"] if isinstance(b, dict)]
            check_params(List[ContentBlockParam], blocks)
            for block in blocks:
                if block["type"] == "tool_result" and isinstance(block.get("content"), list):
                    check_params(List[ToolResultContent], block["content"])
    return json.loads(serialize_data(params, location="body"))


def build(file: CorpusFile) -> None:
    tool_loop(file.session("messages-tool-loop", "ops"))
    vision_and_search(file.session("messages-vision-search", "ops"))


def tool_loop(session: Session) -> None:
    """Extended thinking and a tool call; the prompt is cached, written once then read."""
    user = {"role": "user", "content": "Is checkout-api degraded right now? Anything in the last 6 hours?"}
    session.message("user", "user message, content string", user)
    params = dict(model="claude-sonnet-4-5", max_tokens=4096, system=SYSTEM, tools=TOOLS, thinking={"type": "enabled", "budget_tokens": 2048})
    request = messages_request(messages=[user], **params)

    thinking = ThinkingBlock(
        type="thinking",
        thinking="The user asks about checkout-api. I should query the incident log for the last 6 hours before answering.",
        signature="EqQBCkgIARABGAIiQL8n3mJ0tJ2xq0y1zY4cW0p2b5N9Qe7sRrHhVvKkLlMmNnOoPpQqRrSsTtUuVvWwXxYyZz==",
    )
    text = TextBlock(type="text", text="Let me check the incident log.", citations=None)
    call = ToolUseBlock(type="tool_use", id="toolu_01A09q90qw90lq917835lq9", name="query_incidents", input={"service": "checkout-api", "since_hours": 6})
    usage = Usage(
        input_tokens=48,
        cache_creation_input_tokens=1850,
        cache_read_input_tokens=0,
        cache_creation=CacheCreation(ephemeral_5m_input_tokens=1850, ephemeral_1h_input_tokens=0),
        output_tokens=356,
        output_tokens_details=OutputTokensDetails(thinking_tokens=214),
        service_tier="standard",
    )
    message = Message(
        id="msg_01XFDUDYJgAACzvnptvVoYEL",
        type="message",
        role="assistant",
        model="claude-sonnet-4-5-20250929",
        content=[thinking, text, call],
        stop_reason="tool_use",
        stop_sequence=None,
        usage=usage,
    )
    session.llm(
        "llm-1",
        "thinking + tool_use with a cache write; response is the whole Message object",
        provider="anthropic",
        model="claude-sonnet-4-5",
        prompt=request["messages"],
        response=dump_returned(message),
        usage=dump_returned(usage),
        tokens=tokens.anthropic(usage),
        extra={"input_params": {"max_tokens": 4096, "thinking": {"type": "enabled", "budget_tokens": 2048}}},
    )

    # `messages.append({"role": "assistant", "content": message.content})`: the SDK dumps the
    # blocks with exclude_unset when it sends them back.
    assistant = {"role": "assistant", "content": message.content}
    result = {
        "role": "user",
        "content": [
            {
                "type": "tool_result",
                "tool_use_id": call.id,
                "content": "2 incidents: INC-4471 (p95 latency > 2s, 09:12–09:40 UTC, resolved); INC-4475 (5xx spike, open since 13:05 UTC)",
            }
        ],
    }
    request = messages_request(messages=[user, assistant, result], **params)
    session.message("assistant-blocks", "assistant message: content blocks thinking, text, tool_use", request["messages"][1])
    session.message("tool-result", "user message: tool_result block with string content", request["messages"][2])

    answer = TextBlock(
        type="text",
        text="Yes — checkout-api is degraded: INC-4475 (5xx spike) has been open since 13:05 UTC. An earlier latency incident (INC-4471) is resolved.",
        citations=None,
    )
    usage = Usage(
        input_tokens=131,
        cache_creation_input_tokens=0,
        cache_read_input_tokens=1850,
        cache_creation=CacheCreation(ephemeral_5m_input_tokens=0, ephemeral_1h_input_tokens=0),
        output_tokens=74,
        output_tokens_details=OutputTokensDetails(thinking_tokens=0),
        service_tier="standard",
    )
    message = Message(
        id="msg_01Hq2mF3c8TgwXmE5bA9yK7d",
        type="message",
        role="assistant",
        model="claude-sonnet-4-5-20250929",
        content=[answer],
        stop_reason="end_turn",
        stop_sequence=None,
        usage=usage,
    )
    # An HTTP-level logger keeps the whole request body as the prompt.
    session.llm(
        "llm-2",
        "cache read; prompt is the whole request body (object), response is the content-block array",
        provider="anthropic",
        model="claude-sonnet-4-5-20250929",
        prompt=request,
        response=[dump_returned(block) for block in message.content],
        usage=dump_returned(usage),
        tokens=tokens.anthropic(usage),
    )
    # Some integrations log the Message itself as the conversation's next message.
    session.message("assistant-message", "the whole Message object (id, type message, role, content, model, usage)", dump_returned(message))


def vision_and_search(session: Session) -> None:
    """Image and document blocks, tool_result with blocks and is_error, redacted thinking, web search."""
    user = {
        "role": "user",
        "content": [
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": media.b64(media.png_bytes())}},
            {"type": "image", "source": {"type": "url", "url": "https://status.example.com/checkout-api/latency.png"}},
            {
                "type": "document",
                "source": {"type": "base64", "media_type": "application/pdf", "data": media.b64(media.pdf_bytes())},
                "title": "Runbook: checkout-api",
                "citations": {"enabled": True},
                "cache_control": {"type": "ephemeral"},
            },
            {"type": "text", "text": "Does this latency graph match what the runbook calls a p1? Also check the status page."},
        ],
    }
    earlier_call = {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01Bz5cVq2k7w3PzM8n4dX6sJ", "name": "query_incidents", "input": {"service": "status-page"}}]}
    failed_result = {
        "role": "user",
        "content": [
            {
                "type": "tool_result",
                "tool_use_id": "toolu_01Bz5cVq2k7w3PzM8n4dX6sJ",
                "is_error": True,
                "content": [
                    {"type": "text", "text": "status-page is not a known service; closest: status-page-api"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": media.b64(media.png_bytes())}},
                ],
            }
        ],
    }
    request = messages_request(
        model="claude-sonnet-4-20250514",
        max_tokens=2048,
        messages=[user, earlier_call, failed_result],
        tools=[*TOOLS, {"type": "web_search_20250305", "name": "web_search", "max_uses": 2}],
        thinking={"type": "enabled", "budget_tokens": 1024},
    )
    session.message("user-media", "user message: image (base64 and url), document with citations and cache_control, text", request["messages"][0])
    session.message("assistant-tool-use", "assistant message: one tool_use block", request["messages"][1])
    session.message("tool-error", "user message: tool_result with is_error and content blocks text + image", request["messages"][2])

    redacted = RedactedThinkingBlock(type="redacted_thinking", data="EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB8URj2pLmN3kJ8a8ZR1dYpF")
    search_call = ServerToolUseBlock(type="server_tool_use", id="srvtoolu_014hJH82Qum7Td6UV8gDXThB", name="web_search", input={"query": "checkout-api status page incident"})
    search_result = WebSearchToolResultBlock(
        type="web_search_tool_result",
        tool_use_id="srvtoolu_014hJH82Qum7Td6UV8gDXThB",
        content=[
            WebSearchResultBlock(
                type="web_search_result",
                url="https://status.example.com/incidents/8412",
                title="Elevated error rates on checkout",
                encrypted_content="EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5LTQ1NGUtODgxNC1kNjNjNTk1ZWI3Y2Y=",
                page_age="2 hours ago",
            )
        ],
    )
    cited = TextBlock(
        type="text",
        text="The graph crosses the runbook's p1 threshold (p95 above 2 s for 10 minutes), and the status page reports elevated errors.",
        citations=[
            CitationCharLocation(
                type="char_location",
                cited_text="A p1 is p95 latency above 2 s for 10 minutes or more.",
                document_index=0,
                document_title="Runbook: checkout-api",
                start_char_index=112,
                end_char_index=167,
            )
        ],
    )
    usage = Usage(
        input_tokens=2391,
        cache_creation_input_tokens=0,
        cache_read_input_tokens=0,
        output_tokens=611,
        server_tool_use=ServerToolUsage(web_search_requests=1, web_fetch_requests=0),
        service_tier="standard",
    )
    message = Message(
        id="msg_01Rk8sWnP4cX2vT9qL6mJ3bY",
        type="message",
        role="assistant",
        model="claude-sonnet-4-20250514",
        content=[redacted, search_call, search_result, cited],
        stop_reason="end_turn",
        stop_sequence=None,
        usage=usage,
    )
    session.llm(
        "llm-1",
        "redacted_thinking, server_tool_use, web_search_tool_result, text with citations; usage without cache_creation or output_tokens_details",
        provider="anthropic",
        model="claude-sonnet-4-20250514",
        prompt=request["messages"],
        response=dump_returned(message),
        usage=dump_returned(usage),
        tokens=tokens.anthropic(usage),
    )
    reply = messages_request(model="claude-sonnet-4-20250514", max_tokens=2048, messages=[{"role": "assistant", "content": message.content}])
    session.message("assistant-search", "assistant message: redacted_thinking, server_tool_use, web_search_tool_result, cited text", reply["messages"][0])
