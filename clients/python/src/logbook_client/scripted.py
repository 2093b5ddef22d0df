"""An offline model for the OpenAI Agents SDK that answers from a script, for demos and tests
(needs the `agents` extra).

It behaves like the SDK's own OpenAI models as far as tracing goes: each call opens a
`response` span (the Responses API style) or a `generation` span (the Chat Completions
style) and puts the provider's usage on it, so a tracing processor sees what it would see
in production, without a network or an API key.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal

from agents import Model, ModelProvider, ModelResponse, ModelTracing, Usage
from agents.tracing import generation_span, response_span
from agents.usage import model_usage_to_span_usage
from openai.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseCreatedEvent,
    ResponseFunctionToolCall,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseTextDeltaEvent,
    ResponseUsage,
)
from openai.types.responses.response_usage import InputTokensDetails, OutputTokensDetails


def usage(input_tokens: int, output_tokens: int, cached: int = 0, reasoning: int = 0) -> Usage:
    """A realistic per-request usage: cached tokens are part of input, reasoning part of output."""
    return Usage(
        requests=1,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        total_tokens=input_tokens + output_tokens,
        input_tokens_details=InputTokensDetails(cached_tokens=cached, cache_write_tokens=0),
        output_tokens_details=OutputTokensDetails(reasoning_tokens=reasoning),
    )


@dataclass
class Turn:
    """One scripted model answer: output items and their usage, or an error to raise."""

    output: list[Any] = field(default_factory=list)
    usage: Usage = field(default_factory=lambda: usage(0, 0))
    error: Exception | None = None


_ids = itertools.count(1)


def _next_id(prefix: str) -> str:
    return f"{prefix}_{next(_ids):06d}"


def reset_ids() -> None:
    """Restart the item id counter, so a scenario produces the same ids every time."""
    global _ids
    _ids = itertools.count(1)


def text(content: str) -> ResponseOutputMessage:
    return ResponseOutputMessage(
        id=_next_id("msg"),
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text=content, annotations=[])],
    )


def tool_call(name: str, arguments: dict[str, Any]) -> ResponseFunctionToolCall:
    return ResponseFunctionToolCall(
        id=_next_id("fc"),
        call_id=_next_id("call"),
        type="function_call",
        name=name,
        arguments=json.dumps(arguments, sort_keys=True),
        status="completed",
    )


def handoff_to(agent_name: str) -> ResponseFunctionToolCall:
    """The function call the SDK reads as a handoff (its default tool name for the agent)."""
    return tool_call("transfer_to_" + agent_name.lower().replace(" ", "_"), {})


class ScriptedModel(Model):
    """Answers each call with the next `Turn` of its script; raises when the script runs out."""

    def __init__(
        self,
        name: str,
        script: list[Turn],
        span_style: Literal["response", "generation"] = "response",
    ) -> None:
        self.name = name
        self.script = list(script)
        self.span_style = span_style
        self.calls = 0

    def _next(self) -> Turn:
        if not self.script:
            raise RuntimeError(f"scripted model {self.name} has no answer left")
        self.calls += 1
        return self.script.pop(0)

    def _response(self, turn: Turn) -> Response:
        u = turn.usage
        return Response(
            id=_next_id("resp"),
            created_at=1_767_225_600,
            model=self.name,
            object="response",
            output=turn.output,
            tool_choice="auto",
            tools=[],
            top_p=None,
            parallel_tool_calls=False,
            status="completed",
            usage=ResponseUsage(
                input_tokens=u.input_tokens,
                output_tokens=u.output_tokens,
                total_tokens=u.total_tokens,
                input_tokens_details=InputTokensDetails(
                    cached_tokens=u.input_tokens_details.cached_tokens, cache_write_tokens=0
                ),
                output_tokens_details=OutputTokensDetails(
                    reasoning_tokens=u.output_tokens_details.reasoning_tokens
                ),
            ),
        )

    def _span(self, input: Any, tracing: ModelTracing):
        disabled = tracing.is_disabled()
        if self.span_style == "generation":
            return generation_span(
                model=self.name,
                input=_as_messages(input) if tracing.include_data() else None,
                model_config={"base_url": "https://api.openai.com/v1/"},
                disabled=disabled,
            )
        return response_span(disabled=disabled)

    def _fill_span(self, span: Any, turn: Turn, response: Response, input: Any) -> None:
        span_usage = model_usage_to_span_usage(turn.usage)
        if self.span_style == "generation":
            span.span_data.output = [item.model_dump() for item in turn.output]
            span.span_data.usage = span_usage
        else:
            span.span_data.response = response
            span.span_data.input = input
            span.span_data.usage = span_usage

    async def get_response(self, system_instructions, input, model_settings, tools,
                           output_schema, handoffs, tracing, *, previous_response_id=None,
                           conversation_id=None, prompt=None) -> ModelResponse:
        with self._span(input, tracing) as span:
            turn = self._next()
            if turn.error is not None:
                span.set_error({"message": "Error getting response",
                                "data": {"error": str(turn.error)}})
                raise turn.error
            response = self._response(turn)
            self._fill_span(span, turn, response, input)
            return ModelResponse(output=turn.output, usage=turn.usage, response_id=response.id)

    async def stream_response(self, system_instructions, input, model_settings, tools,
                              output_schema, handoffs, tracing, *, previous_response_id=None,
                              conversation_id=None, prompt=None) -> AsyncIterator[Any]:
        with self._span(input, tracing) as span:
            turn = self._next()
            if turn.error is not None:
                span.set_error({"message": "Error streaming response",
                                "data": {"error": str(turn.error)}})
                raise turn.error
            response = self._response(turn)
            seq = itertools.count()
            yield ResponseCreatedEvent(
                type="response.created", sequence_number=next(seq),
                response=response.model_copy(update={"output": [], "status": "in_progress",
                                                     "usage": None}))
            for index, item in enumerate(turn.output):
                yield ResponseOutputItemAddedEvent(type="response.output_item.added",
                                                   item=item, output_index=index,
                                                   sequence_number=next(seq))
                if isinstance(item, ResponseOutputMessage):
                    for word in item.content[0].text.split(" "):
                        yield ResponseTextDeltaEvent(
                            type="response.output_text.delta", item_id=item.id,
                            output_index=index, content_index=0, delta=word + " ",
                            logprobs=[], sequence_number=next(seq))
                yield ResponseOutputItemDoneEvent(type="response.output_item.done", item=item,
                                                  output_index=index, sequence_number=next(seq))
            self._fill_span(span, turn, response, input)
            yield ResponseCompletedEvent(type="response.completed", response=response,
                                         sequence_number=next(seq))


def _as_messages(input: Any) -> list[dict[str, Any]]:
    if isinstance(input, str):
        return [{"role": "user", "content": input}]
    return [dict(item) for item in input]


class ScriptedProvider(ModelProvider):
    """Looks scripted models up by name, as `RunConfig(model_provider=...)` does for real ones."""

    def __init__(self, *models: ScriptedModel) -> None:
        self.models = {model.name: model for model in models}

    def get_model(self, model_name: str | None) -> Model:
        if model_name not in self.models:
            raise KeyError(f"no scripted model named {model_name!r}")
        return self.models[model_name]
