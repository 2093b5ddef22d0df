import Foundation
import LogbookWorkload
import Testing

@Suite("Workload content and run structure")
struct WorkloadContentTests {
    @Test func everyCatalogueEventTypeAppears() {
        let seen = Set(sampleEvents().map(\.type))
        #expect(seen == catalogueTypes)
    }

    @Test func agentsRegisterFirst() {
        let events = sampleEvents()
        let registrations = events.prefix { $0.type == "agent.registered" }
        #expect(registrations.count >= 4)
        #expect(!events.dropFirst(registrations.count).contains { $0.type == "agent.registered" })
        let agents = Set(registrations.compactMap { $0["agent_id"] as? String })
        #expect(agents.count == registrations.count)
        #expect(Set(events.compactMap { $0["agent_id"] as? String }) == agents)
        for event in registrations {
            #expect(event.payload["name"] is String)
            #expect(event.payload["system_prompt"] is String)
            #expect(event.payload["model_config"] is JSONObject)
            #expect(!(event.payload["tools"] as? [Any] ?? []).isEmpty)
        }
    }

    @Test func requiredPayloadFieldsHaveTheirTypes() {
        let strings: [String: [String]] = [
            "agent.registered": ["name"], "run.started": ["agent_name", "objective"],
            "message.added": ["role", "content"], "execution.started": ["execution_id"],
            "execution.completed": ["execution_id"], "execution.failed": ["execution_id", "error_message"],
            "llm.interaction": ["provider", "model", "prompt"], "tool.called": ["call_id", "tool_name"],
            "tool.result": ["call_id", "output"], "agent.thought": ["content"],
            "document.retrieved": ["title", "content"], "run.state_saved": ["state_type"],
            "run.failed": ["error_message"],
        ]
        for event in sampleEvents() {
            for key in strings[event.type] ?? [] {
                #expect(event.payload[key] is String, "\(event.type).\(key)")
            }
        }
    }

    @Test func messagesFollowChatConventions() {
        let roles: Set<String> = ["system", "user", "assistant", "tool"]
        var toolCallIDs: [String: Set<String>] = [:]
        var toolMessages = 0
        for event in sampleEvents() where event.type == "message.added" {
            let payload = event.payload
            let role = payload["role"] as? String ?? ""
            #expect(roles.contains(role))
            let session = event.session ?? ""
            for call in payload["tool_calls"] as? [JSONObject] ?? [] {
                #expect(role == "assistant")
                let function = call["function"] as? JSONObject ?? [:]
                #expect(function["name"] is String)
                #expect(parse(function["arguments"] as? String ?? "") != nil, "arguments are a JSON object")
                toolCallIDs[session, default: []].insert(call["id"] as? String ?? "")
            }
            if role == "tool" {
                toolMessages += 1
                #expect(toolCallIDs[session, default: []].contains(payload["tool_call_id"] as? String ?? "-"))
                #expect(payload["name"] is String)
            }
        }
        #expect(toolMessages > 0)
    }

    @Test func eachRunHasExactlyOneTerminalEventAfterItStarts() {
        var started: Set<String> = []
        var ended: Set<String> = []
        for event in sampleEvents() {
            let trace = event.trace
            switch event.type {
            case "run.started":
                #expect(!started.contains(trace), "trace reused by a second run")
                started.insert(trace)
            case let type where terminalTypes.contains(type):
                #expect(started.contains(trace), "terminal event before run.started")
                #expect(!ended.contains(trace), "second terminal event")
                ended.insert(trace)
            case "execution.started", "execution.completed", "execution.failed", "llm.interaction",
                "tool.called", "tool.result", "agent.thought", "document.retrieved", "run.state_saved":
                #expect(started.contains(trace) && !ended.contains(trace), "\(event.type) outside its run")
            default:
                break
            }
        }
        #expect(started.count >= sampleSessions)
        #expect(ended == started)
    }

    @Test func runOutcomesAreMostlySuccessful() {
        let events = sampleEvents()
        let completed = events.filter { $0.type == "run.completed" }.count
        let failed = events.filter { $0.type == "run.failed" }.count
        let cancelled = events.filter { $0.type == "run.cancelled" }.count
        #expect(completed > failed + cancelled)
        #expect(failed > 0 && cancelled > 0)
    }

    @Test func executionsEndWithTheirOwnID() {
        var open: [String: String] = [:]
        for event in sampleEvents() {
            let id = event.payload["execution_id"] as? String
            switch event.type {
            case "execution.started":
                #expect(open[event.trace] == nil)
                open[event.trace] = id
            case "execution.completed", "execution.failed":
                #expect(open[event.trace] == id)
                open[event.trace] = nil
            default:
                break
            }
        }
        #expect(open.isEmpty)
    }

    @Test func toolResultsAnswerEarlierCallsInTheSameTrace() {
        var calls: [String: Set<String>] = [:]
        var results = 0
        for event in sampleEvents() {
            let callID = event.payload["call_id"] as? String ?? ""
            if event.type == "tool.called" {
                calls[event.trace, default: []].insert(callID)
                if let arguments = event.payload["arguments"] as? String {
                    #expect(parse(arguments) != nil, "arguments are a JSON object: \(arguments)")
                }
            } else if event.type == "tool.result" {
                results += 1
                #expect(calls[event.trace, default: []].contains(callID))
                if isBool(event.payload["is_error"]), event.payload["is_error"] as? Bool == true {
                    #expect(event.payload["error_message"] is String)
                }
            }
        }
        #expect(results > 0)
    }

    @Test func llmInteractionsHaveConsistentUsage() {
        let providers: Set<String> = ["openai", "anthropic", "google"]
        var total = 0
        var costed = 0
        var errors = 0
        for event in sampleEvents() where event.type == "llm.interaction" {
            total += 1
            let payload = event.payload
            #expect(providers.contains(payload["provider"] as? String ?? ""))
            let input = integer(payload["input_tokens"]) ?? -1
            let output = integer(payload["output_tokens"]) ?? -1
            #expect(input >= (integer(payload["cached_input_tokens"]) ?? 0))
            #expect(output >= (integer(payload["reasoning_tokens"]) ?? 0))
            #expect((200...8_000).contains(integer(payload["latency_ms"]) ?? 0))
            if payload["cost_usd"] != nil {
                costed += 1
                #expect(isNumber(payload["cost_usd"]))
            }
            switch payload["status"] as? String {
            case "ok": #expect(payload["response"] is String)
            case "error":
                errors += 1
                #expect(payload["error_message"] is String)
            default: Issue.record("unexpected status \(String(describing: payload["status"]))")
            }
        }
        #expect(total > 200)
        #expect((total * 3 / 10...total * 7 / 10).contains(costed), "cost on roughly half the calls")
        #expect(errors > 0 && errors < total / 5)
    }

    @Test func documentsCarryOneToTwoKilobytes() {
        var documents = 0
        for event in sampleEvents() where event.type == "document.retrieved" {
            documents += 1
            let content = event.payload["content"] as? String ?? ""
            #expect((1_024...2_048).contains(content.utf8.count))
        }
        #expect(documents > 20)
    }

    @Test func checkpointsUseKnownStateTypes() {
        let types: Set<String> = ["interrupted", "checkpoint", "final"]
        for event in sampleEvents() where event.type == "run.state_saved" {
            #expect(types.contains(event.payload["state_type"] as? String ?? ""))
            #expect(integer(event.payload["schema_version"]) != nil)
            #expect(event.payload["state_data"] is JSONObject)
        }
    }

    @Test func textVariesAcrossEvents() {
        let thoughts = sampleEvents().filter { $0.type == "agent.thought" }.compactMap { $0.payload["content"] as? String }
        #expect(Set(thoughts).count > thoughts.count * 8 / 10)
    }
}
