/// A list of phrases converted to UTF-8 once, so composing text costs one
/// block copy per fragment instead of `String` work per event.
struct PhraseList: Sendable {
    private let items: [[UInt8]]

    init(_ phrases: [String]) {
        precondition(!phrases.isEmpty, "a phrase list needs at least one phrase")
        items = phrases.map { Array($0.utf8) }
    }

    var count: Int { items.count }

    subscript(index: Int) -> [UInt8] { items[index] }

    func pick(_ rng: inout Xoshiro256) -> [UInt8] {
        items[rng.below(items.count)]
    }
}

/// Shared vocabulary for every agent. Domain nouns live with each agent in
/// `AgentCatalog`; these lists supply the connective tissue (verbs, qualifiers,
/// openers, error strings) so sentences combine into hundreds of thousands of
/// variants instead of repeating verbatim. A few entries carry quotes, tabs,
/// newlines and non-ASCII text so the output exercises JSON escaping and UTF-8.
enum Corpus {
    static let openers = PhraseList([
        "", "", "", "", "", "However, ", "In practice, ", "Notably, ", "As a result, ", "For context, ",
        "In short, ", "On balance, ", "At the moment, ", "Historically, ", "According to the owners, ",
        "Surprisingly, ", "For now, ",
    ])

    static let verbs = PhraseList([
        "depends on", "is blocked by", "appears to conflict with", "was updated to handle", "should be validated against",
        "improves on", "is consistent with", "duplicates part of", "needs a follow-up on", "explains most of",
        "is sensitive to", "trades latency against", "was measured alongside", "supersedes", "correlates with",
        "can be simplified by reusing", "regressed after changes to", "is documented together with",
        "is the main driver of", "reduces the risk around", "overlaps heavily with", "was rolled back because of",
        "still lags behind", "is expected to replace",
    ])

    static let objects = PhraseList([
        "the caching layer", "the Q3 budget", "the audit log", "customer feedback", "the on-call runbook",
        "the latency budget", "the legacy importer", "the staging cluster", "the pricing model", "the incident review",
        "the evaluation set", "the API gateway", "last week's baseline", "the vendor contract", "the EU region",
        "the mobile client", "the nightly batch", "the security review", "the data retention policy",
        "the support backlog", "the feature flag", "the compliance checklist", "the naïve baseline",
        "the Zürich deployment",
    ])

    static let qualifiers = PhraseList([
        "", "", "", " under sustained load", " according to the latest logs", " in the staging environment",
        " for most enterprise customers", " since the last release", " when the cache is cold",
        " in roughly 12% of cases", " across all three regions", " — see the linked ticket",
        " without any schema changes", " once retries are enabled", " for the EU tenants", " by a wide margin",
        " in the p95 numbers", " on the \"free\" tier", " after the 2.4 upgrade", " during peak hours",
    ])

    static let replyOpeners = PhraseList([
        "Here's what I found. ", "Short version: ", "Done. ", "I looked into this. ", "Good question. ",
        "Update: ", "Summary of the run: ", "Thanks for waiting. ", "Quick answer first: ", "",
    ])

    static let toolPreambles = PhraseList([
        "", "", "Let me check that.", "I'll look this up first.", "Checking the relevant records now.",
        "One moment while I gather the details.",
    ])

    static let requestPrefixes = PhraseList([
        "Can you summarize what we know about ", "Please dig into ", "What's the current status of ",
        "I need a short brief on ", "Could you check ", "Help me understand ", "Any update on ",
        "Walk me through ", "What changed with ", "Can you take a look at ",
    ])

    static let requestSuffixes = PhraseList([
        "?", " before Friday's review.", " — keep it short.", ", with sources please.",
        ". Compare with last quarter if possible.", "? The team is asking.", ". Bullet points are fine.",
        "? I'm seeing \"unexpected\" results.",
    ])

    static let thoughtOpeners = PhraseList([
        "I should ", "Next I'll ", "The evidence suggests I need to ", "Before answering, I want to ",
        "It would be safer to ", "The previous step was inconclusive, so I'll ", "To avoid guessing, I'll ",
    ])

    static let thoughtActions = PhraseList([
        "double-check", "compare the sources on", "look up", "summarize", "verify the numbers for",
        "re-run the query on", "ask a clarifying question about", "cross-reference", "narrow the search to",
        "collect counterexamples for",
    ])

    static let titleSuffixes = PhraseList([
        " — design notes", ": an overview", " (runbook)", " FAQ", ": Q3 review", " — postmortem",
        ": open questions", " — decision record", ": how it works", " — status report",
    ])

    static let urlHosts = PhraseList([
        "https://docs.example.com/", "https://wiki.internal.example/pages/", "https://blog.example.org/2025/",
        "https://support.example.com/articles/", "https://github.com/example/platform/wiki/",
        "https://arxiv.org/abs/2506.0",
    ])

    static let contentTypes = PhraseList(["text/markdown", "text/plain", "text/html", "application/pdf"])

    static let indexNames = PhraseList(["kb-main", "kb-engineering", "kb-support", "web-cache", "papers-2025"])

    static let channels = PhraseList(["web", "slack", "api", "cli", "teams"])

    static let clientVersions = PhraseList(["1.4.2", "1.5.0", "1.5.1", "2.0.0-beta.3", "2.0.1"])

    static let locales = PhraseList(["en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "pt-BR", "es-MX"])

    static let environments = PhraseList(["production", "production", "staging", "development"])

    static let tags = PhraseList([
        "nightly", "interactive", "priority:high", "eval", "customer-facing", "batch", "experiment:b",
        "backfill", "sla:4h",
    ])

    static let clearReasons = PhraseList([
        "user requested a fresh start", "context window limit reached", "switched to a new topic",
        "privacy request: conversation purged",
    ])

    static let llmErrors = PhraseList([
        "rate_limit_exceeded: Rate limit reached for requests per minute (limit: 500)",
        "overloaded_error: The server is temporarily overloaded, please retry",
        "request timed out after 60s",
        "context_length_exceeded: maximum context length is 128000 tokens",
        "invalid_request_error: \"tool_calls\" must be followed by tool messages",
        "internal_error: upstream returned HTTP 502",
    ])

    static let toolErrors = PhraseList([
        "timeout after 30s", "HTTP 503 from upstream", "permission denied", "rate limited, retry after 12s",
        "record not found", "syntax error at or near \"FROM\"", "connection reset by peer",
    ])

    static let runFailures = PhraseList([
        "Exceeded maximum iterations (8) without reaching the objective",
        "Tool call failed 3 times in a row",
        "LLM provider returned 5 consecutive errors",
        "Budget limit of $2.00 reached",
        "Aborted: required credentials missing for the fetch tool",
        "Unhandled exception: KeyError('results')",
    ])

    static let executionFailures = PhraseList([
        "step timed out after 120s", "tool output could not be parsed as JSON",
        "model refused the request", "validation failed: missing field \"summary\"",
    ])

    static let cancelReasons = PhraseList([
        "cancelled by user", "superseded by a newer run", "session closed by client", "cancelled: budget paused",
    ])

    static let executionSteps = PhraseList([
        "plan the approach for", "gather sources on", "draft an answer about", "validate the findings on",
        "collect evidence for", "write up",
    ])

    static let commandOutputs = PhraseList([
        "$ swift test --parallel\nBuilding for debugging...\n[42/42] Linking PlatformPackageTests.xctest\n✔ Test run with 128 tests passed after 3.412 seconds.\n",
        "$ make lint\nrunning swift-format lint --recursive Sources\nSources/Net/Retry.swift:88:5: warning: [LineLength] line is too long\n1 warning, 0 errors\n",
        "$ ./scripts/migrate.sh --dry-run\nplan: 3 migrations pending\n\t0042_add_index_events_ts\n\t0043_backfill_tenant\n\t0044_drop_legacy_table\nno changes applied (dry run)\n",
        "$ swift test --filter RetryTests\n✘ Test testBackoffCapsAtMax() failed: expected 30.0, got 32.0\n✔ 11 of 12 tests passed\n",
        "$ git diff --stat\n Sources/Pool/ConnectionPool.swift | 24 +++++++++------\n Tests/PoolTests/PoolTests.swift  | 41 ++++++++++++++++++++++\n 2 files changed, 56 insertions(+), 9 deletions(-)\n",
    ])

    static let codeSnippets = PhraseList([
        "```swift\nlet url = URL(string: \"https://api.example.com/v1/items\")!\nlet (data, _) = try await session.data(from: url)\nreturn try decoder.decode([Item].self, from: data)\n```",
        "```swift\nfunc backoff(attempt: Int) -> Duration {\n\tlet base = min(30.0, 0.2 * pow(2.0, Double(attempt)))\n\treturn .milliseconds(Int(base * 1000))\n}\n```",
        "```python\nrows = db.execute(\"SELECT id, name FROM users WHERE plan = %s\", (\"team\",))\nfor row in rows:\n    print(f\"{row.id}\\t{row.name}\")\n```",
        "```bash\nfind . -name '*.log' -mtime +7 -print0 | xargs -0 rm -v\n```",
        "```json\n{\"retry\": {\"max_attempts\": 5, \"backoff\": \"exponential\"}, \"timeout_ms\": 30000}\n```",
        "```sql\nSELECT tenant_id, count(*) AS events\nFROM events\nWHERE ts > now() - interval '7 days'\nGROUP BY 1 ORDER BY 2 DESC LIMIT 20;\n```",
    ])

    static let sqlQueries = PhraseList([
        "SELECT date_trunc('week', created_at) AS week, count(*) FROM signups GROUP BY 1 ORDER BY 1 DESC LIMIT 8",
        "SELECT region, sum(revenue) - sum(cost) AS margin FROM ledger WHERE quarter = '2025Q3' GROUP BY region",
        "SELECT plan, avg(seats) FROM accounts WHERE status = 'active' GROUP BY plan",
        "SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FROM checkout_requests WHERE day = current_date - 1",
    ])

    static let sourcePaths = PhraseList([
        "Sources/Pool/ConnectionPool.swift", "Sources/Net/RetryMiddleware.swift", "Sources/JSON/Decoder.swift",
        "Sources/Storage/Compaction.swift", "Sources/CLI/Arguments.swift", "Tests/NetTests/RetryTests.swift",
        "Sources/Storage/FrameReader.swift", "scripts/migrate.sh",
    ])

    static let testNames = PhraseList(["RetryTests", "PoolTests", "DecoderTests", "CompactionTests", "CLITests"])
}
