"""Builds Logbook events from the payload shapes that the provider SDKs really produce.

Every message, item, response and usage object here is made with the SDK's own types
(openai, anthropic, google-genai at pinned versions) and serialised the way that SDK
serialises it, so the store is tested against real shapes rather than imagined ones.
No network and no API keys: the objects are constructed directly, with the values an
API call returns.
"""
