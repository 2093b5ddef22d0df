"""Each provider's usage object, normalised by Logbook's token conventions.

Logbook counts like OpenAI's usage and OpenTelemetry's gen_ai.usage.*: input_tokens is every
prompt token, cached ones included; cached_input_tokens is the cached part of it; output_tokens
is every generated token, reasoning included. These functions read the SDKs' typed usage
objects and follow each provider's documented semantics, so the expected values do not depend
on how the corpus happens to serialise them.
"""

from __future__ import annotations

from anthropic.types import Usage as AnthropicUsage
from google.genai import types as genai_types
from openai.types import CompletionUsage
from openai.types.responses import ResponseUsage

from .corpus import Tokens


def openai_chat(usage: CompletionUsage) -> Tokens:
    """Chat Completions: prompt_tokens includes cached_tokens; completion_tokens includes reasoning_tokens."""
    prompt = usage.prompt_tokens_details
    completion = usage.completion_tokens_details
    return Tokens(
        input_tokens=usage.prompt_tokens,
        cached_input_tokens=(prompt.cached_tokens or 0) if prompt else 0,
        cache_write_tokens=(prompt.cache_write_tokens or 0) if prompt else 0,
        output_tokens=usage.completion_tokens,
        reasoning_tokens=(completion.reasoning_tokens or 0) if completion else 0,
    )


def openai_responses(usage: ResponseUsage) -> Tokens:
    """Responses API: input_tokens includes cached_tokens; output_tokens includes reasoning_tokens."""
    return Tokens(
        input_tokens=usage.input_tokens,
        cached_input_tokens=usage.input_tokens_details.cached_tokens,
        cache_write_tokens=usage.input_tokens_details.cache_write_tokens,
        output_tokens=usage.output_tokens,
        reasoning_tokens=usage.output_tokens_details.reasoning_tokens,
    )


def anthropic(usage: AnthropicUsage) -> Tokens:
    """Anthropic: input_tokens EXCLUDES cache reads and cache writes, so the prompt is the sum
    of the three; output_tokens includes thinking (output_tokens_details.thinking_tokens)."""
    read = usage.cache_read_input_tokens or 0
    written = usage.cache_creation_input_tokens or 0
    details = usage.output_tokens_details
    return Tokens(
        input_tokens=usage.input_tokens + read + written,
        cached_input_tokens=read,
        cache_write_tokens=written,
        output_tokens=usage.output_tokens,
        reasoning_tokens=details.thinking_tokens if details else 0,
    )


def gemini(usage: genai_types.GenerateContentResponseUsageMetadata) -> Tokens:
    """Gemini: thoughts_token_count is NOT part of candidates_token_count, so output is their sum;
    cached_content_token_count is part of prompt_token_count. tool_use_prompt_token_count (the
    results of built-in tools such as Google Search fed back to the model) is prompt the model
    read but is not in prompt_token_count: total_token_count is the sum of all four, and it is
    billed as input, so it counts as input here."""
    thoughts = usage.thoughts_token_count or 0
    return Tokens(
        input_tokens=(usage.prompt_token_count or 0) + (usage.tool_use_prompt_token_count or 0),
        cached_input_tokens=usage.cached_content_token_count or 0,
        cache_write_tokens=0,
        output_tokens=(usage.candidates_token_count or 0) + thoughts,
        reasoning_tokens=thoughts,
    )
