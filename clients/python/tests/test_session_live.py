"""LogbookSession against SQLiteSession: the same conversation, the same history."""

import asyncio
import uuid

import pytest
from agents import Agent, RunConfig, Runner, SQLiteSession, set_trace_processors

from logbook_client import ConflictError, LogbookError, LogbookSession
from support.scenarios import get_weather
from logbook_client.scripted import ScriptedModel, ScriptedProvider, Turn, reset_ids, text, tool_call, usage

pytestmark = pytest.mark.live

QUESTIONS = ["Weather in Rome?", "And tomorrow?", "Compare with Oslo."]


def script_for(turn: int) -> list[Turn]:
    if turn == 1:
        return [Turn([text("Probably the same.")], usage(300, 8))]
    city = "Rome" if turn == 0 else "Oslo"
    return [Turn([tool_call("get_weather", {"city": city})], usage(200, 12, cached=64)),
            Turn([text(f"It is sunny in {city}.")], usage(260, 9))]


async def converse_turn(session, turn: int):
    reset_ids()
    model = ScriptedModel("gpt-4.1-mini", script_for(turn))
    agent = Agent(name="Assistant", model="gpt-4.1-mini", tools=[get_weather])
    await Runner.run(agent, QUESTIONS[turn], session=session,
                     run_config=RunConfig(model_provider=ScriptedProvider(model),
                                          tracing_disabled=True))


@pytest.fixture(autouse=True)
def no_tracing():
    set_trace_processors([])


def test_history_equals_sqlite_after_every_turn_pop_and_clear(logbook_client):
    async def scenario():
        name = f"chat-{uuid.uuid4().hex[:8]}"
        reference, logbook = SQLiteSession(name), LogbookSession(name, logbook_client)
        for turn in range(len(QUESTIONS)):
            await converse_turn(reference, turn)
            await converse_turn(logbook, turn)
            assert await logbook.get_items() == await reference.get_items()
            assert await logbook.get_items(limit=3) == await reference.get_items(limit=3)
        # Two tool turns of four items (question, call, output, answer) and one plain turn of two.
        assert len(await reference.get_items()) == 10
        assert await logbook.pop_item() == await reference.pop_item()
        assert await logbook.pop_item() == await reference.pop_item()
        assert await logbook.get_items() == await reference.get_items()
        await converse_turn(reference, 1)
        await converse_turn(logbook, 1)
        assert await logbook.get_items() == await reference.get_items()
        await reference.clear_session()
        await logbook.clear_session()
        assert await logbook.get_items() == await reference.get_items() == []
        assert await logbook.pop_item() is None
        await converse_turn(reference, 0)
        await converse_turn(logbook, 0)
        assert await logbook.get_items() == await reference.get_items()

    asyncio.run(scenario())


def test_as_of_position_reads_the_past_and_refuses_writes(logbook_client):
    async def scenario():
        name = f"past-{uuid.uuid4().hex[:8]}"
        session = LogbookSession(name, logbook_client)
        first = [{"role": "user", "content": "first"}, {"role": "assistant", "content": "one"}]
        await session.add_items(first)
        position = max(e["position"] for e in logbook_client.iter_events(session=session.session_uuid))
        await session.add_items([{"role": "user", "content": "second"}])
        await session.pop_item()
        await session.clear_session()
        past = LogbookSession(name, logbook_client, as_of_position=position)
        assert await past.get_items() == first
        assert await session.get_items() == []
        with pytest.raises(LogbookError):
            await past.add_items([{"role": "user", "content": "rewrite history"}])

    asyncio.run(scenario())


def test_concurrent_writers_retry_or_raise_conflict(logbook_client):
    async def scenario():
        name = f"race-{uuid.uuid4().hex[:8]}"
        writers = [LogbookSession(name, logbook_client, max_retries=8) for _ in range(4)]
        added = []

        async def write(writer, w):
            for i in range(5):
                item = {"role": "user", "content": f"writer {w} item {i}"}
                try:
                    await writer.add_items([item])
                    added.append(item)
                except ConflictError:
                    pass

        await asyncio.gather(*(write(writer, w) for w, writer in enumerate(writers)))
        items = await LogbookSession(name, logbook_client).get_items()
        assert sorted(map(str, items)) == sorted(map(str, added))
        assert len(added) >= 5

    asyncio.run(scenario())
