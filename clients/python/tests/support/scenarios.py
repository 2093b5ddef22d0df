"""Scripted agent runs covering what the tracing processor must map: tool calls, a handoff,
a tripped guardrail, a streamed run, max turns exceeded, a model error retried by the SDK
and a run that fails on a model error. Each returns the SDK's own account of the run."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from agents import (
    Agent,
    GuardrailFunctionOutput,
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    ModelSettings,
    RunConfig,
    Runner,
    Usage,
    function_tool,
    input_guardrail,
)
from agents.retry import ModelRetrySettings

from logbook_client.scripted import ScriptedModel, ScriptedProvider, Turn, handoff_to, text, tool_call, usage


@dataclass
class Outcome:
    """What the SDK says about one run: its status, usage and the models that answered."""

    name: str
    trace_id: str
    status: str  # completed | failed
    usage: Usage
    models: list[str]
    error: str | None = None
    final_output: Any = None
    result: Any = None


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"sunny and 21C in {city}"


@function_tool
def lookup_order(order_id: str) -> str:
    """An order's status."""
    return f"order {order_id} shipped yesterday"


def trace_id_for(name: str, salt: str = "") -> str:
    return "trace_" + uuid.uuid5(uuid.NAMESPACE_URL, f"logbook-scenario:{name}{salt}").hex


def _config(name: str, provider: ScriptedProvider, salt: str, **extra: Any) -> RunConfig:
    return RunConfig(model_provider=provider, workflow_name=name,
                     trace_id=trace_id_for(name, salt), **extra)


async def tools_and_handoff(salt: str = "", session: Any = None) -> Outcome:
    triage_model = ScriptedModel("gpt-4.1-mini", [
        Turn([tool_call("get_weather", {"city": "Paris"})], usage(412, 18, cached=256)),
        Turn([handoff_to("Expert")], usage(468, 12, cached=384)),
    ])
    expert_model = ScriptedModel("gpt-4.1", [
        Turn([text("Paris is sunny and 21C today.")], usage(530, 41, reasoning=16)),
    ], span_style="generation")
    expert = Agent(name="Expert", model="gpt-4.1", instructions="Answer precisely.")
    triage = Agent(name="Triage", model="gpt-4.1-mini", tools=[get_weather], handoffs=[expert],
                   instructions="Route the question.")
    config = _config("tools_and_handoff", ScriptedProvider(triage_model, expert_model), salt,
                     group_id="conversation-weather")
    result = await Runner.run(triage, "What is the weather in Paris?", run_config=config,
                              session=session)
    return Outcome("tools_and_handoff", config.trace_id, "completed",
                   result.context_wrapper.usage, ["gpt-4.1-mini", "gpt-4.1"],
                   final_output=result.final_output, result=result)


async def guardrail_tripped(salt: str = "") -> Outcome:
    @input_guardrail
    async def no_secrets(ctx, agent, input) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info={"reason": "asks for a password"},
                                       tripwire_triggered="password" in str(input))

    model = ScriptedModel("gpt-4.1-mini", [Turn([text("Sure.")], usage(120, 4))])
    agent = Agent(name="Support", model="gpt-4.1-mini", input_guardrails=[no_secrets])
    config = _config("guardrail_tripped", ScriptedProvider(model), salt)
    try:
        await Runner.run(agent, "Tell me the admin password", run_config=config)
    except InputGuardrailTripwireTriggered as error:
        return Outcome("guardrail_tripped", config.trace_id, "failed",
                       error.run_data.context_wrapper.usage if error.run_data else Usage(),
                       ["gpt-4.1-mini"] if model.calls else [], error=str(error))
    raise AssertionError("the guardrail did not trip")


async def streamed(salt: str = "") -> Outcome:
    model = ScriptedModel("gpt-4.1-mini", [
        Turn([tool_call("lookup_order", {"order_id": "A-1001"})], usage(300, 22, cached=128)),
        Turn([text("Your order A-1001 shipped yesterday.")], usage(350, 30, reasoning=8)),
    ])
    agent = Agent(name="Orders", model="gpt-4.1-mini", tools=[lookup_order])
    config = _config("streamed", ScriptedProvider(model), salt)
    result = Runner.run_streamed(agent, "Where is my order A-1001?", run_config=config)
    async for _ in result.stream_events():
        pass
    return Outcome("streamed", config.trace_id, "completed", result.context_wrapper.usage,
                   ["gpt-4.1-mini"], final_output=result.final_output, result=result)


async def max_turns_exceeded(salt: str = "") -> Outcome:
    model = ScriptedModel("gpt-4.1-mini", [
        Turn([tool_call("get_weather", {"city": f"City{i}"})], usage(200 + 10 * i, 15))
        for i in range(3)
    ])
    agent = Agent(name="Looper", model="gpt-4.1-mini", tools=[get_weather])
    config = _config("max_turns_exceeded", ScriptedProvider(model), salt)
    try:
        await Runner.run(agent, "Check every city", run_config=config, max_turns=2)
    except MaxTurnsExceeded as error:
        return Outcome("max_turns_exceeded", config.trace_id, "failed",
                       error.run_data.context_wrapper.usage, ["gpt-4.1-mini"], error=str(error))
    raise AssertionError("max_turns was not exceeded")


class ScriptedConnectionError(ConnectionError):
    """Stands in for a dropped connection to the model provider."""


async def model_error_retried(salt: str = "") -> Outcome:
    model = ScriptedModel("gpt-4.1-mini", [
        Turn(error=ScriptedConnectionError("connection reset by peer")),
        Turn([text("Recovered after a retry.")], usage(150, 9)),
    ])
    settings = ModelSettings(retry=ModelRetrySettings(
        max_retries=2, backoff={"initial_delay": 0.0, "max_delay": 0.0, "jitter": False},
        policy=lambda context: True))
    agent = Agent(name="Flaky", model="gpt-4.1-mini", model_settings=settings)
    config = _config("model_error_retried", ScriptedProvider(model), salt)
    result = await Runner.run(agent, "Say something", run_config=config)
    return Outcome("model_error_retried", config.trace_id, "completed",
                   result.context_wrapper.usage, ["gpt-4.1-mini"],
                   final_output=result.final_output, result=result)


async def model_error_failed(salt: str = "") -> Outcome:
    model = ScriptedModel("gpt-4.1-mini", [
        Turn([tool_call("get_weather", {"city": "Oslo"})], usage(210, 14)),
        Turn(error=RuntimeError("the model provider returned 500 Internal Server Error")),
    ])
    agent = Agent(name="Fragile", model="gpt-4.1-mini", tools=[get_weather])
    config = _config("model_error_failed", ScriptedProvider(model), salt)
    try:
        await Runner.run(agent, "Weather in Oslo?", run_config=config)
    except RuntimeError as error:
        run_data = getattr(error, "run_data", None)
        spent = run_data.context_wrapper.usage if run_data else usage(210, 14)
        return Outcome("model_error_failed", config.trace_id, "failed", spent,
                       ["gpt-4.1-mini"], error=str(error))
    raise AssertionError("the run did not fail")


ALL: list[Callable[..., Awaitable[Outcome]]] = [
    tools_and_handoff, guardrail_tripped, streamed, max_turns_exceeded, model_error_retried,
    model_error_failed,
]


def add_usage(outcomes: list[Outcome]) -> Usage:
    total = Usage()
    for outcome in outcomes:
        total.add(outcome.usage)
    return total
