"""A small agent run offline (a scripted model: no network, no API key) whose memory is a
Logbook session and whose runs are traced into Logbook.

    LOGBOOK_URL=http://127.0.0.1:7700 LOGBOOK_TOKEN=... python offline_agent.py SESSION_ID

Prints the session id; `logbook replay --session SESSION_ID` then shows the conversation.
"""

import asyncio
import sys
import uuid

from agents import Agent, RunConfig, Runner, function_tool, set_trace_processors

from logbook_client import LogbookClient, LogbookSession, LogbookTracingProcessor
from logbook_client.scripted import ScriptedModel, ScriptedProvider, Turn, text, tool_call, usage


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"Sunny and 21 °C in {city}."


async def main(session_id: str) -> None:
    client = LogbookClient()
    tracing = LogbookTracingProcessor(client)
    set_trace_processors([tracing])
    session = LogbookSession(session_id, client)
    model = ScriptedModel("gpt-4.1-mini", [
        Turn([tool_call("get_weather", {"city": "Lisbon"})], usage(180, 14, cached=64)),
        Turn([text("It is sunny and 21 °C in Lisbon.")], usage(230, 11)),
        Turn([text("Yes: pack sunglasses rather than an umbrella.")], usage(260, 10)),
    ])
    agent = Agent(name="Travel helper", instructions="Answer briefly.", model="gpt-4.1-mini", tools=[get_weather])
    config = RunConfig(model_provider=ScriptedProvider(model), workflow_name="travel", group_id=session_id)
    for question in ["What is the weather in Lisbon?", "Should I pack sunglasses?"]:
        result = await Runner.run(agent, question, session=session, run_config=config)
        print(f"user: {question}\nassistant: {result.final_output}")
    tracing.force_flush()
    print(f"{len(await session.get_items())} items in session {session_id}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else str(uuid.uuid4())))
