"""Writes the price data of the installed genai-prices package as JSON on stdout.

Run by scripts/update-prices.sh inside a throwaway virtual environment; Logbook's matcher
(LogbookProjections/PriceCatalogue) reads what this writes. Exported per provider: its id,
how a model or provider name picks it (match clauses), the providers it falls back to, and
per model its match clause and its prices, each with the constraint that says when it
applies (a start date, or a time of day). Prices are USD per million tokens (`*_mtok`),
tiered prices as {"base", "tiers": [{"start", "price"}]}. Request-count prices and
price variants (service tiers) are left out: Logbook's events carry no such context.
"""

import datetime
import decimal
import importlib.metadata
import json
import sys

from genai_prices import types
from genai_prices.data import providers


def clause(match):
    if match is None:
        return None
    if isinstance(match, types.ClauseEquals):
        return {"equals": match.equals}
    if isinstance(match, types.ClauseStartsWith):
        return {"starts_with": match.starts_with}
    if isinstance(match, types.ClauseEndsWith):
        return {"ends_with": match.ends_with}
    if isinstance(match, types.ClauseContains):
        return {"contains": match.contains}
    if isinstance(match, types.ClauseRegex):
        return {"regex": match.regex}
    if isinstance(match, types.ClauseOr):
        return {"or": [clause(c) for c in match.or_]}
    if isinstance(match, types.ClauseAnd):
        return {"and": [clause(c) for c in match.and_]}
    raise TypeError(f"unknown match clause {match!r}")


def number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def price_value(value):
    if isinstance(value, types.TieredPrices):
        return {"base": number(value.base), "tiers": [{"start": t.start, "price": number(t.price)} for t in value.tiers]}
    return number(value)


def prices(model_price):
    return {
        key: price_value(value)
        for key, value in sorted(model_price.__dict__.items())
        if not key.startswith("_") and key.endswith("_mtok") and value is not None
    }


def constraint(value):
    if value is None:
        return None
    if isinstance(value, types.StartDateConstraint):
        return {"start_date": value.start_date.isoformat()}
    if isinstance(value, types.TimeOfDateConstraint):
        return {"start_time": value.start_time.isoformat(), "end_time": value.end_time.isoformat()}
    raise TypeError(f"unknown constraint {value!r}")


def model(info):
    if isinstance(info.prices, types.ModelPrice):
        conditional = [{"constraint": None, "prices": prices(info.prices)}]
    else:
        conditional = [{"constraint": constraint(c.constraint), "prices": prices(c.prices)} for c in info.prices]
    return {"id": info.id, "match": clause(info.match), "prices": conditional}


def provider(info):
    return {
        "id": info.id,
        "name": info.name,
        "model_match": clause(info.model_match),
        "provider_match": clause(info.provider_match),
        "fallback_model_providers": info.fallback_model_providers or [],
        "models": [model(m) for m in info.models],
    }


def main():
    version = importlib.metadata.version("genai-prices")
    distribution = importlib.metadata.distribution("genai-prices")
    licence = next(f for f in distribution.files if f.name == "LICENSE")
    major, minor, patch = (int(part) for part in version.split(".")[:3])
    exported = [provider(p) for p in providers]
    out = sys.stdout
    head = {
        "source": {
            "package": "genai-prices",
            "version": version,
            "url": f"https://pypi.org/project/genai-prices/{version}/",
            "license": "MIT",
            "license_text": licence.read_text(),
        },
        "version": major * 10_000 + minor * 100 + patch,
        "unit": "USD per million tokens",
        "notes": (
            "Exported by scripts/update-prices.sh from the genai-prices package; do not edit. input_tokens "
            "counts every prompt token: cache reads are priced at cache_read_mtok and cache writes at "
            "cache_write_mtok (each at input_mtok when the model has no such price), the rest at input_mtok; "
            "output tokens at output_mtok (reasoning at output_reasoning_mtok when given). A tiered price "
            "applies the highest tier whose start the call's input tokens exceed, to all its tokens. Of a "
            "model's prices the last whose constraint holds on the call's date (UTC) applies, else the first."
        ),
    }
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write('  "providers": [\n')
    for index, p in enumerate(exported):
        models = p.pop("models")
        out.write("    {\n")
        for key, value in p.items():
            out.write(f"      {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
        out.write('      "models": [\n')
        for model_index, m in enumerate(models):
            comma = "," if model_index < len(models) - 1 else ""
            out.write(f"        {json.dumps(m, ensure_ascii=False)}{comma}\n")
        out.write("      ]\n")
        out.write("    }" + ("," if index < len(exported) - 1 else "") + "\n")
    out.write("  ]\n}\n")


if __name__ == "__main__":
    main()
