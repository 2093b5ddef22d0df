/// Composes plausible prose and tool payloads into a caller-owned byte buffer.
/// Every function appends; callers decide when to clear. Text stays on a topic
/// (`topic`) while drawing side references from the agent's other topics, so a
/// run reads as one coherent piece of work rather than random words.
enum Text {
    /// "However, the retry middleware regressed after changes to the audit log under sustained load."
    /// At most ~200 bytes, which keeps document sizing within bounds.
    static func sentence(_ out: inout [UInt8], _ rng: inout Xoshiro256, topic: [UInt8], topics: PhraseList) {
        let start = out.count
        out.append(contentsOf: Corpus.openers.pick(&rng))
        out.append(contentsOf: rng.percent(50) ? topic : topics.pick(&rng))
        capitalize(&out, at: start)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: Corpus.verbs.pick(&rng))
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: rng.percent(40) ? topics.pick(&rng) : Corpus.objects.pick(&rng))
        out.append(contentsOf: Corpus.qualifiers.pick(&rng))
        out.append(UInt8(ascii: "."))
    }

    static func sentences(
        _ out: inout [UInt8], _ rng: inout Xoshiro256, count: Int, topic: [UInt8], topics: PhraseList
    ) {
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: " ")) }
            sentence(&out, &rng, topic: topic, topics: topics)
        }
    }

    /// "The retry middleware — postmortem"
    static func title(_ out: inout [UInt8], _ rng: inout Xoshiro256, topic: [UInt8]) {
        let start = out.count
        out.append(contentsOf: topic)
        capitalize(&out, at: start)
        out.append(contentsOf: Corpus.titleSuffixes.pick(&rng))
    }

    /// A link to a page about `topic`, e.g. "https://docs.example.com/the-retry-middleware".
    static func url(_ out: inout [UInt8], _ rng: inout Xoshiro256, topic: [UInt8]) {
        let host = Corpus.urlHosts.pick(&rng)
        out.append(contentsOf: host)
        if host.last == UInt8(ascii: "/") {
            slug(&out, topic)
        } else {
            number(&out, rng.below(10_000), width: 4)
        }
    }

    /// `text` lowercased with every run of other characters collapsed to one dash:
    /// "the JSON decoder's error paths" → "the-json-decoder-s-error-paths".
    static func slug(_ out: inout [UInt8], _ text: [UInt8]) {
        var pendingDash = false
        var wroteAny = false
        for byte in text {
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lowered)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lowered)
            {
                if pendingDash && wroteAny { out.append(UInt8(ascii: "-")) }
                out.append(lowered)
                pendingDash = false
                wroteAny = true
            } else {
                pendingDash = true
            }
        }
    }

    /// Markdown-ish document body of roughly 1.1-1.9 KB of UTF-8: paragraphs of three
    /// to five sentences, some under section headings. It stops at the first
    /// sentence boundary past a random target; a sentence is at most ~200 bytes, so
    /// the body stays under 2 KiB and the whole event under ~2.5 KB.
    static func document(_ out: inout [UInt8], _ rng: inout Xoshiro256, topic: [UInt8], topics: PhraseList) {
        let start = out.count
        let target = rng.int(in: 1_100...1_700)
        var sentencesLeft = rng.int(in: 3...5)
        while out.count - start < target {
            if sentencesLeft == 0 {
                append(&out, "\n\n")
                if rng.percent(40) { out.append(contentsOf: headings.pick(&rng)) }
                sentencesLeft = rng.int(in: 3...5)
            } else if out.count > start {
                out.append(UInt8(ascii: " "))
            }
            sentence(&out, &rng, topic: topic, topics: topics)
            sentencesLeft -= 1
        }
    }

    /// "Can you summarize what we know about the rate limiter? The team is asking."
    static func userRequest(_ out: inout [UInt8], _ rng: inout Xoshiro256, topic: [UInt8]) {
        out.append(contentsOf: Corpus.requestPrefixes.pick(&rng))
        out.append(contentsOf: topic)
        out.append(contentsOf: Corpus.requestSuffixes.pick(&rng))
    }

    /// "Before answering, I want to cross-reference the rate limiter." plus, sometimes, a finding.
    static func thought(_ out: inout [UInt8], _ rng: inout Xoshiro256, topic: [UInt8], topics: PhraseList) {
        out.append(contentsOf: Corpus.thoughtOpeners.pick(&rng))
        out.append(contentsOf: Corpus.thoughtActions.pick(&rng))
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: topic)
        out.append(UInt8(ascii: "."))
        if rng.percent(60) {
            out.append(UInt8(ascii: " "))
            sentences(&out, &rng, count: rng.int(in: 1...2), topic: topic, topics: topics)
        }
    }

    /// An assistant answer or final run output: an opener, a few sentences and,
    /// for agents that write code, sometimes a fenced code block.
    static func reply(_ out: inout [UInt8], _ rng: inout Xoshiro256, agent: AgentProfile, topic: [UInt8]) {
        out.append(contentsOf: Corpus.replyOpeners.pick(&rng))
        sentences(&out, &rng, count: rng.int(in: 2...4), topic: topic, topics: agent.topics)
        if agent.writesCode && rng.percent(40) {
            append(&out, "\n\n")
            out.append(contentsOf: Corpus.codeSnippets.pick(&rng))
        }
    }

    /// The prompt of one LLM call: role, objective, retrieved context and the request.
    static func prompt(
        _ out: inout [UInt8], _ rng: inout Xoshiro256, agent: AgentProfile, objective: [UInt8], topic: [UInt8]
    ) {
        append(&out, "You are the ")
        out.append(contentsOf: agent.name)
        append(&out, " agent. ")
        out.append(contentsOf: agent.description)
        append(&out, "\n\nObjective: ")
        out.append(contentsOf: objective)
        out.append(contentsOf: topic)
        append(&out, "\n\nContext:")
        for _ in 0..<rng.int(in: 1...3) {
            append(&out, "\n- ")
            sentence(&out, &rng, topic: topic, topics: agent.topics)
        }
        append(&out, "\n\nUser: ")
        userRequest(&out, &rng, topic: topic)
    }

    /// Tool arguments as a JSON object serialized into a string, as function-calling APIs send them.
    static func toolArguments(
        _ out: inout [UInt8], _ rng: inout Xoshiro256, tool: ToolSpec, topic: [UInt8], topics: PhraseList
    ) {
        switch tool.kind {
        case .search:
            append(&out, "{\"query\": \"")
            out.append(contentsOf: topic)
            append(&out, "\", \"limit\": ")
            number(&out, rng.int(in: 3...10), width: 1)
            append(&out, "}")
        case .fetch:
            append(&out, "{\"url\": \"")
            url(&out, &rng, topic: topic)
            append(&out, "\"}")
        case .readFile:
            append(&out, "{\"path\": \"")
            out.append(contentsOf: Corpus.sourcePaths.pick(&rng))
            append(&out, "\"}")
        case .runCommand:
            append(&out, "{\"command\": \"swift test --filter ")
            out.append(contentsOf: Corpus.testNames.pick(&rng))
            append(&out, "\", \"timeout_s\": 300}")
        case .lookupRecord:
            append(&out, "{\"id\": \"CUS-")
            number(&out, rng.below(100_000), width: 5)
            append(&out, "\"}")
        case .writeRecord:
            append(&out, "{\"title\": \"")
            title(&out, &rng, topic: topic)
            append(&out, "\", \"priority\": \"")
            append(&out, rng.percent(30) ? "high" : "normal")
            append(&out, "\", \"body\": ")
            quotedSentence(&out, &rng, topic: topic, topics: topics)
            append(&out, "}")
        case .sql:
            append(&out, "{\"query\": \"")
            out.append(contentsOf: Corpus.sqlQueries.pick(&rng))
            append(&out, "\"}")
        }
    }

    /// What a successful tool call returns, shaped by the kind of tool.
    static func toolOutput(
        _ out: inout [UInt8], _ rng: inout Xoshiro256, tool: ToolSpec, topic: [UInt8], topics: PhraseList
    ) {
        switch tool.kind {
        case .search:
            append(&out, "[")
            for index in 0..<rng.int(in: 2...4) {
                append(&out, index == 0 ? "{\"title\": \"" : ", {\"title\": \"")
                let other = index == 0 ? topic : topics.pick(&rng)
                title(&out, &rng, topic: other)
                append(&out, "\", \"url\": \"")
                url(&out, &rng, topic: other)
                append(&out, "\", \"score\": 0.")
                number(&out, rng.int(in: 40...99), width: 2)
                append(&out, "}")
            }
            append(&out, "]")
        case .fetch:
            title(&out, &rng, topic: topic)
            append(&out, "\n\n")
            sentences(&out, &rng, count: rng.int(in: 2...4), topic: topic, topics: topics)
        case .readFile:
            append(&out, "// ")
            out.append(contentsOf: Corpus.sourcePaths.pick(&rng))
            append(&out, "\n")
            out.append(contentsOf: Corpus.codeSnippets.pick(&rng))
        case .runCommand:
            out.append(contentsOf: Corpus.commandOutputs.pick(&rng))
        case .lookupRecord:
            append(&out, "{\"id\": \"CUS-")
            number(&out, rng.below(100_000), width: 5)
            append(&out, rng.percent(50) ? "\", \"plan\": \"team\", \"seats\": " : "\", \"plan\": \"business\", \"seats\": ")
            number(&out, rng.int(in: 2...250), width: 1)
            append(&out, ", \"status\": \"active\", \"notes\": ")
            quotedSentence(&out, &rng, topic: topic, topics: topics)
            append(&out, "}")
        case .writeRecord:
            append(&out, "{\"id\": \"TASK-")
            let id = rng.int(in: 1_000...9_999)
            number(&out, id, width: 4)
            append(&out, "\", \"status\": \"created\", \"url\": \"https://tracker.example.com/TASK-")
            number(&out, id, width: 4)
            append(&out, "\"}")
        case .sql:
            append(&out, "bucket,value")
            for row in 0..<rng.int(in: 3...6) {
                append(&out, "\n2025-12-")
                number(&out, row * 7 + 1, width: 2)
                append(&out, ",")
                number(&out, rng.int(in: 100...99_999), width: 1)
            }
        }
    }

    private static let headings = PhraseList([
        "## Background\n\n", "## Details\n\n", "## Known issues\n\n", "## Next steps\n\n", "## Measurements\n\n",
    ])

    /// A sentence as a JSON string literal inside composed JSON text, so tool
    /// arguments and outputs remain valid JSON even when a sentence has quotes.
    private static func quotedSentence(
        _ out: inout [UInt8], _ rng: inout Xoshiro256, topic: [UInt8], topics: PhraseList
    ) {
        out.append(UInt8(ascii: "\""))
        let start = out.count
        sentence(&out, &rng, topic: topic, topics: topics)
        if out[start...].contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            let raw = Array(out[start...])
            out.removeSubrange(start...)
            for byte in raw {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func capitalize(_ out: inout [UInt8], at index: Int) {
        if index < out.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(out[index]) {
            out[index] -= 32
        }
    }

    private static func append(_ out: inout [UInt8], _ literal: StaticString) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Decimal `value` left-padded with zeros to `width`.
    private static func number(_ out: inout [UInt8], _ value: Int, width: Int) {
        var divisor = 1
        var digits = 1
        while divisor <= value / 10 {
            divisor *= 10
            digits += 1
        }
        for _ in digits..<max(digits, width) { out.append(UInt8(ascii: "0")) }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
