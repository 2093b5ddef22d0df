"""OpenAI: Chat Completions and Responses API shapes, made with the openai package's types."""

from __future__ import annotations

import json
from typing import Any, List

from openai._utils import maybe_transform
from openai.types import CompletionUsage
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionContentPartParam,
    ChatCompletionContentPartTextParam,
    ChatCompletionMessage,
    ChatCompletionMessageFunctionToolCall,
    ChatCompletionMessageParam,
)
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_assistant_message_param import ContentArrayOfContentPart
from openai.types.chat.chat_completion_message_function_tool_call import Function
from openai.types.chat.completion_create_params import CompletionCreateParamsNonStreaming
from openai.types.completion_usage import CompletionTokensDetails, PromptTokensDetails
from openai.types.responses import (
    Response,
    ResponseFunctionCallOutputItemListParam,
    ResponseFunctionToolCall,
    ResponseFunctionWebSearch,
    ResponseInputItemParam,
    ResponseInputMessageContentListParam,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseReasoningItem,
    ResponseUsage,
)
from openai.types.responses.response_create_params import ResponseCreateParamsNonStreaming
from openai.types.responses.response_function_web_search import ActionSearch, ActionSearchSource
from openai.types.responses.response_output_text import AnnotationURLCitation
from openai.types.responses.response_reasoning_item import Summary
from openai.types.responses.response_usage import InputTokensDetails, OutputTokensDetails

from . import media, tokens
from .corpus import CorpusFile, Session
from .sdk import check_params, dump_returned

SYSTEM_PROMPT = (
    "You are Analyst, a data analyst with read-only access to the orders warehouse. "
    "Answer with the number first, then how it was computed. Use run_sql for anything quantitative."
)

RUN_SQL_TOOL = {
    "type": "function",
    "function": {
        "name": "run_sql",
        "description": "Run a read-only SQL query against the warehouse.",
        "parameters": {
            "type": "object",
            "properties": {"sql": {"type": "string"}},
            "required": ["sql"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}

WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Current weather for a city.",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    },
    "strict": True,
}


# The content parts each role's message param takes.
CHAT_PART_TYPES: dict[str, Any] = {
    "user": List[ChatCompletionContentPartParam],
    "assistant": List[ContentArrayOfContentPart],
    "system": List[ChatCompletionContentPartTextParam],
    "developer": List[ChatCompletionContentPartTextParam],
    "tool": List[ChatCompletionContentPartTextParam],
}


def chat_request(**params: Any) -> dict[str, Any]:
    """The body `client.chat.completions.create(**params)` sends."""
    for message in params["messages"]:
        if isinstance(message, dict):
            check_params(ChatCompletionMessageParam, message)
            if isinstance(message.get("content"), list):
                check_params(CHAT_PART_TYPES[message["role"]], message["content"])
    return maybe_transform(params, CompletionCreateParamsNonStreaming)


def responses_request(**params: Any) -> dict[str, Any]:
    """The body `client.responses.create(**params)` sends."""
    if isinstance(params["input"], list):
        for item in params["input"]:
            if isinstance(item, dict):
                check_params(ResponseInputItemParam, item)
    return maybe_transform(params, ResponseCreateParamsNonStreaming)


def build(file: CorpusFile) -> None:
    chat_tool_loop(file.session("chat-tool-loop", "analyst"))
    chat_multimodal(file.session("chat-multimodal", "reviewer"))
    chat_minimal_usage(file.session("chat-compatible-server", "analyst"))
    responses_tool_loop(file.session("responses-tool-loop", "travel"))
    responses_string_input(file.session("responses-string-input", "travel"))


def chat_tool_loop(session: Session) -> None:
    """A Chat Completions tool loop: the assistant's tool-call message has content null."""
    system = {"role": "system", "content": SYSTEM_PROMPT}
    user = {"role": "user", "content": "How many orders shipped to Zürich last week? 📦"}
    session.message("system", "system message, content string", system)
    session.message("user", "user message, content string (non-ASCII)", user)

    request = chat_request(model="gpt-4.1-mini", messages=[system, user], tools=[RUN_SQL_TOOL], temperature=0)
    call = ChatCompletionMessageFunctionToolCall(
        id="call_3kQm8ZtWbV1nR7yXc2Lp0sDf",
        type="function",
        function=Function(
            name="run_sql",
            arguments=json.dumps({"sql": "SELECT count(*) FROM orders WHERE city = 'Zürich' AND shipped_at >= now() - interval '7 days'"}, ensure_ascii=False),
        ),
    )
    tool_call_message = ChatCompletionMessage(
        role="assistant", content=None, refusal=None, annotations=[], tool_calls=[call]
    )
    usage = CompletionUsage(
        prompt_tokens=1490,
        completion_tokens=38,
        total_tokens=1528,
        prompt_tokens_details=PromptTokensDetails(cached_tokens=0, audio_tokens=0),
        completion_tokens_details=CompletionTokensDetails(
            reasoning_tokens=0, audio_tokens=0, accepted_prediction_tokens=0, rejected_prediction_tokens=0
        ),
    )
    completion = ChatCompletion(
        id="chatcmpl-CsQ1vYh7Zk2mJd0pXw3eRt9aLbN4",
        object="chat.completion",
        created=1767603601,
        model="gpt-4.1-mini-2025-04-14",
        choices=[Choice(index=0, message=tool_call_message, logprobs=None, finish_reason="tool_calls")],
        usage=usage,
        service_tier="default",
        system_fingerprint="fp_6f2eabb9a5",
    )
    session.llm(
        "llm-1",
        "chat completion with a tool call; response is the whole ChatCompletion object",
        provider="openai",
        model="gpt-4.1-mini",
        prompt=request["messages"],
        response=dump_returned(completion),
        usage=dump_returned(usage),
        tokens=tokens.openai_chat(usage),
        extra={"input_params": {"temperature": 0}, "latency_ms": 812, "status": "ok"},
    )

    # `messages.append(completion.choices[0].message)`: the SDK sends the model dumped with exclude_unset.
    conversation: list[Any] = [system, user, tool_call_message]
    tool = {"role": "tool", "tool_call_id": call.id, "content": json.dumps([{"count": 128}])}
    conversation.append(tool)
    request = chat_request(model="gpt-4.1-mini", messages=conversation, tools=[RUN_SQL_TOOL], temperature=0)
    session.message("assistant-tool-call", "assistant tool-call message, content null, refusal null", request["messages"][2])
    session.message("tool-result", "tool message with tool_call_id, content string", request["messages"][3])

    answer = ChatCompletionMessage(
        role="assistant",
        content="128 orders shipped to Zürich in the last 7 days (count of orders with city = 'Zürich' and shipped_at in the window).",
        refusal=None,
        annotations=[],
    )
    usage = CompletionUsage(
        prompt_tokens=1562,
        completion_tokens=31,
        total_tokens=1593,
        prompt_tokens_details=PromptTokensDetails(cached_tokens=1408, audio_tokens=0),
        completion_tokens_details=CompletionTokensDetails(
            reasoning_tokens=0, audio_tokens=0, accepted_prediction_tokens=0, rejected_prediction_tokens=0
        ),
    )
    session.llm(
        "llm-2",
        "chat completion with cached prompt tokens; response is choices[0].message (an object)",
        provider="openai",
        model="gpt-4.1-mini-2025-04-14",
        prompt=request["messages"],
        response=dump_returned(answer),
        usage=dump_returned(usage),
        tokens=tokens.openai_chat(usage),
    )
    # Many loggers call `message.model_dump()`: every field, unset ones as null (tool_calls: null).
    session.message(
        "assistant-answer",
        "assistant answer dumped with model_dump(): tool_calls, audio, function_call null",
        answer.model_dump(mode="json"),
    )


def chat_multimodal(session: Session) -> None:
    """Every content-part kind the user and assistant params take, plus legacy function messages."""
    developer = {"role": "developer", "content": [{"type": "text", "text": "Formatting re-enabled. Reply in Markdown."}]}
    user = {
        "role": "user",
        "name": "claire",
        "content": [
            {"type": "text", "text": "Is this chart consistent with the recording and the attached report?"},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{media.b64(media.png_bytes())}", "detail": "low"}},
            {"type": "input_audio", "input_audio": {"data": media.b64(media.wav_bytes()), "format": "wav"}},
            {"type": "file", "file": {"filename": "q3-report.pdf", "file_data": f"data:application/pdf;base64,{media.b64(media.pdf_bytes())}"}},
            {"type": "file", "file": {"file_id": "file-6F2ksmvXxt4VdpdzmBwu2Ch"}},
        ],
    }
    earlier_reply = {
        "role": "assistant",
        "content": [
            {"type": "text", "text": "I can compare the chart with the report."},
            {"type": "refusal", "refusal": "I can't identify the speaker in the recording."},
        ],
    }
    legacy_call = {"role": "assistant", "content": None, "function_call": {"name": "lookup_report", "arguments": "{\"quarter\": \"Q3\"}"}}
    legacy_result = {"role": "function", "name": "lookup_report", "content": "{\"revenue_musd\": 41.2}"}
    tool_parts = {
        "role": "tool",
        "tool_call_id": "call_Hn2c9WqL0aZx5VbT8mKe1yUs",
        "content": [{"type": "text", "text": "chart: revenue by week"}, {"type": "text", "text": "weeks: 13"}],
    }
    messages = [developer, user, earlier_reply, legacy_call, legacy_result, tool_parts]
    request = chat_request(model="o4-mini", messages=messages, reasoning_effort="high")
    session.message("developer", "developer message, content array of text parts", request["messages"][0])
    session.message("user-parts", "user message with name; parts text, image_url, input_audio, file (data and id)", request["messages"][1])
    session.message("assistant-parts", "assistant param, content array of text and refusal parts", request["messages"][2])
    session.message("assistant-function-call", "legacy assistant function_call, content null", request["messages"][3])
    session.message("function-result", "legacy function-role message with name", request["messages"][4])
    session.message("tool-parts", "tool message, content array of text parts", request["messages"][5])

    refusal = ChatCompletionMessage(
        role="assistant", content=None, refusal="I'm sorry, I can't help with identifying people from audio.", annotations=[]
    )
    usage = CompletionUsage(
        prompt_tokens=2210,
        completion_tokens=1186,
        total_tokens=3396,
        prompt_tokens_details=PromptTokensDetails(cached_tokens=1920, audio_tokens=12, image_tokens=85, text_tokens=2113),
        completion_tokens_details=CompletionTokensDetails(
            reasoning_tokens=1024, audio_tokens=0, accepted_prediction_tokens=0, rejected_prediction_tokens=0
        ),
    )
    completion = ChatCompletion(
        id="chatcmpl-CsQ2aXc0Vn8Rr5TkLm1wQy7uHgZ3",
        object="chat.completion",
        created=1767690002,
        model="o4-mini-2025-04-16",
        choices=[Choice(index=0, message=refusal, logprobs=None, finish_reason="stop")],
        usage=usage,
        service_tier="default",
        system_fingerprint=None,
    )
    session.llm(
        "llm-1",
        "o4-mini with reasoning tokens; response is the whole ChatCompletion, message content null with a refusal",
        provider="openai",
        model="o4-mini",
        prompt=request["messages"],
        response=dump_returned(completion),
        usage=dump_returned(usage),
        tokens=tokens.openai_chat(usage),
        extra={"input_params": {"reasoning_effort": "high"}},
    )
    session.message("assistant-refusal", "assistant message as returned: content null, refusal string", dump_returned(refusal))

    # Through a router (LiteLLM, OpenRouter): the model carries a provider prefix; the usage
    # also reports cache writes. The response is logged as the choices array.
    routed = ChatCompletionMessage(role="assistant", content="Yes: the chart matches the report's weekly revenue.", refusal=None, annotations=[])
    usage = CompletionUsage(
        prompt_tokens=2315,
        completion_tokens=14,
        total_tokens=2329,
        prompt_tokens_details=PromptTokensDetails(cached_tokens=0, cache_write_tokens=2048, audio_tokens=0),
        completion_tokens_details=CompletionTokensDetails(reasoning_tokens=0, audio_tokens=0),
    )
    completion = ChatCompletion(
        id="gen-1767690010-Qm3vX8bYt2LkP0cW",
        object="chat.completion",
        created=1767690010,
        model="openai/gpt-4.1",
        choices=[Choice(index=0, message=routed, logprobs=None, finish_reason="stop")],
        usage=usage,
    )
    session.llm(
        "llm-2",
        "model with a provider prefix (openai/gpt-4.1); cache writes; response is the choices array",
        provider="openai",
        model="openai/gpt-4.1",
        prompt=request["messages"],
        response=[dump_returned(choice) for choice in completion.choices],
        usage=dump_returned(usage),
        tokens=tokens.openai_chat(usage),
    )


def chat_minimal_usage(session: Session) -> None:
    """An OpenAI-compatible server: usage without any details object."""
    user = {"role": "user", "content": "ping"}
    session.message("user", "user message, content string", user)
    usage = CompletionUsage(prompt_tokens=9, completion_tokens=2, total_tokens=11)
    reply = ChatCompletionMessage(role="assistant", content="pong", refusal=None, annotations=[])
    session.llm(
        "llm-1",
        "usage with only prompt/completion/total tokens; response is the message content string",
        provider="openai",
        model="gpt-4.1-mini",
        prompt=chat_request(model="gpt-4.1-mini", messages=[user])["messages"],
        response=reply.content,
        usage=dump_returned(usage),
        tokens=tokens.openai_chat(usage),
    )
    session.message("assistant", "assistant message as returned: content string, refusal null", dump_returned(reply))


def responses_tool_loop(session: Session) -> None:
    """A Responses API tool loop: reasoning, web_search_call, function_call, function_call_output, message."""
    user = {"role": "user", "content": "What's the weather in Paris right now, and should I pack an umbrella for tomorrow?"}
    session.message("user", "Responses easy input message (role and content, no type)", user)
    instructions = "You are a travel assistant. Check the weather before advising."
    tools = [WEATHER_TOOL, {"type": "web_search"}]
    request = responses_request(model="o4-mini", instructions=instructions, input=[user], tools=tools, reasoning={"effort": "medium", "summary": "auto"})

    reasoning = ResponseReasoningItem(
        id="rs_0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        type="reasoning",
        summary=[Summary(type="summary_text", text="**Checking the forecast**\n\nI need current conditions and tomorrow's rain probability.")],
        encrypted_content="gAAAAABpXx1yZ3Jhbm9sYV9lbmNyeXB0ZWRfcmVhc29uaW5nX3BheWxvYWQ=",
    )
    search = ResponseFunctionWebSearch(
        id="ws_0a1b2c3d4e5f60718293a4b5c6d7e8fa",
        type="web_search_call",
        status="completed",
        action=ActionSearch(
            type="search",
            query="Paris weather forecast tomorrow rain",
            sources=[ActionSearchSource(type="url", url="https://www.meteofrance.com/previsions-meteo-france/paris/75000")],
        ),
    )
    call = ResponseFunctionToolCall(
        id="fc_0a1b2c3d4e5f60718293a4b5c6d7e8fb",
        type="function_call",
        call_id="call_Ab12Cd34Ef56Gh78Ij90Kl12",
        name="get_weather",
        arguments=json.dumps({"city": "Paris"}),
        status="completed",
    )
    usage = ResponseUsage(
        input_tokens=2048,
        input_tokens_details=InputTokensDetails(cached_tokens=1024, cache_write_tokens=0),
        output_tokens=512,
        output_tokens_details=OutputTokensDetails(reasoning_tokens=384),
        total_tokens=2560,
    )
    response = Response(
        id="resp_0a1b2c3d4e5f60718293a4b5c6d7e8f0",
        object="response",
        created_at=1767776400,
        status="completed",
        model="o4-mini-2025-04-16",
        instructions=instructions,
        output=[reasoning, search, call],
        parallel_tool_calls=True,
        tool_choice="auto",
        tools=[],
        temperature=1.0,
        top_p=1.0,
        error=None,
        incomplete_details=None,
        metadata={},
        previous_response_id=None,
        reasoning={"effort": "medium", "summary": "detailed"},
        text={"format": {"type": "text"}, "verbosity": "medium"},
        truncation="disabled",
        usage=usage,
        user=None,
    )
    session.llm(
        "llm-1",
        "Responses API with reasoning tokens; response is the whole Response object",
        provider="openai",
        model="o4-mini",
        prompt=request["input"],
        response=dump_returned(response),
        usage=dump_returned(usage),
        tokens=tokens.openai_responses(usage),
        extra={"input_params": {"reasoning": {"effort": "medium", "summary": "auto"}}},
    )

    output = dump_returned(response)["output"]
    session.message("reasoning", "Responses reasoning item (summary, encrypted_content; no role, no content)", output[0])
    session.message("web-search", "Responses web_search_call item", output[1])
    session.message("function-call", "Responses function_call item", output[2])
    result = {"type": "function_call_output", "call_id": call.call_id, "output": json.dumps({"temp_c": 14, "rain_probability_tomorrow": 0.7})}
    session.message("function-output", "Responses function_call_output item (output string)", result)

    # The Agents SDK's to_input_list(): output items dumped with exclude_unset, then the tool output.
    request = responses_request(model="o4-mini", instructions=instructions, input=[user, *output, result], tools=tools)
    answer = ResponseOutputMessage(
        id="msg_0a1b2c3d4e5f60718293a4b5c6d7e8fc",
        type="message",
        role="assistant",
        status="completed",
        content=[
            ResponseOutputText(
                type="output_text",
                text="It's 14 °C in Paris now. Tomorrow has a 70% chance of rain, so pack an umbrella.",
                annotations=[
                    AnnotationURLCitation(
                        type="url_citation",
                        start_index=33,
                        end_index=60,
                        title="Météo Paris",
                        url="https://www.meteofrance.com/previsions-meteo-france/paris/75000",
                    )
                ],
                logprobs=[],
            )
        ],
    )
    usage = ResponseUsage(
        input_tokens=2674,
        input_tokens_details=InputTokensDetails(cached_tokens=2048, cache_write_tokens=512),
        output_tokens=64,
        output_tokens_details=OutputTokensDetails(reasoning_tokens=0),
        total_tokens=2738,
    )
    session.llm(
        "llm-2",
        "Responses API follow-up with cached input; response is the output array",
        provider="openai",
        model="o4-mini-2025-04-16",
        prompt=request["input"],
        response=[dump_returned(answer)],
        usage=dump_returned(usage),
        tokens=tokens.openai_responses(usage),
    )
    session.message("assistant", "Responses output message: content array of output_text with annotations", dump_returned(answer))

    screenshot = {
        "type": "function_call_output",
        "call_id": "call_Zz98Yy76Xx54Ww32Vv10Uu98",
        "output": [
            {"type": "input_text", "text": "Radar image for Île-de-France"},
            {"type": "input_image", "image_url": f"data:image/png;base64,{media.b64(media.png_bytes())}", "detail": "low"},
        ],
    }
    check_params(ResponseInputItemParam, screenshot)
    check_params(ResponseFunctionCallOutputItemListParam, screenshot["output"])
    session.message("function-output-parts", "Responses function_call_output whose output is an array of input parts", screenshot)
    upload = {
        "type": "message",
        "role": "user",
        "content": [
            {"type": "input_text", "text": "Here is my itinerary."},
            {"type": "input_file", "filename": "itinerary.pdf", "file_data": f"data:application/pdf;base64,{media.b64(media.pdf_bytes())}"},
        ],
    }
    check_params(ResponseInputItemParam, upload)
    check_params(ResponseInputMessageContentListParam, upload["content"])
    session.message("user-input-parts", "Responses input message item: type message, content input_text and input_file", upload)


def responses_string_input(session: Session) -> None:
    """`client.responses.create(input="...")`: the prompt is a plain string; model with a provider prefix."""
    request = responses_request(model="openai/gpt-4.1", input="Summarise the Paris trip plan in one sentence.")
    message = ResponseOutputMessage(
        id="msg_1b2c3d4e5f60718293a4b5c6d7e8f9a0",
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text="Three days in Paris, umbrella packed.", annotations=[])],
    )
    usage = ResponseUsage(
        input_tokens=18,
        input_tokens_details=InputTokensDetails(cached_tokens=0, cache_write_tokens=0),
        output_tokens=9,
        output_tokens_details=OutputTokensDetails(reasoning_tokens=0),
        total_tokens=27,
    )
    response = Response(
        id="resp_1b2c3d4e5f60718293a4b5c6d7e8f9a1",
        object="response",
        created_at=1767776500,
        status="completed",
        model="openai/gpt-4.1",
        output=[message],
        parallel_tool_calls=True,
        tool_choice="auto",
        tools=[],
        usage=usage,
    )
    session.llm(
        "llm-1",
        "Responses API, prompt a string, model openai/gpt-4.1; response is the whole Response object",
        provider="openai",
        model="openai/gpt-4.1",
        prompt=request["input"],
        response=dump_returned(response),
        usage=dump_returned(usage),
        tokens=tokens.openai_responses(usage),
    )
