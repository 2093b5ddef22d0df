import Foundation
import LogbookProjections
import LogbookTestSupport

/// What the tables should hold for a generated workload, computed here from the JSONL with
/// JSONSerialization, independently of the projectors.
struct WorkloadExpectation {
    struct Run {
        var status = "pending"
        var agentName: String?
        var llmCalls = 0
        var inputTokens = 0
        var cachedInputTokens = 0
        var outputTokens = 0
        var reasoningTokens = 0
        var cost: Double?
        var totalIterations: Int?
    }

    struct Call {
        var cost: Double?
        var source: String
    }

    struct Session {
        var eventCount = 0
        var title: String?
        var startedAt: Int64?
        var messageIDs: [String] = []
        var documents = 0
    }

    var runs: [String: Run] = [:]
    var calls: [String: Call] = [:]
    var sessions: [String: Session] = [:]
    var executions: [String: String] = [:]
    var steps: [String: [(timestamp: Int64, id: String)]] = [:]
    var states: [String: (timestamp: Int64, id: String, type: String)] = [:]
    var agents = Set<String>()
    /// Costs the clients did not report come from the price catalogue, whose matching
    /// `PriceTableTests` checks against genai-prices itself.
    init(lines: [String], prices: PriceTable = .standard) {
        for line in lines {
            let event = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let payload = event["payload"] as! [String: Any]
            let type = event["event_type"] as! String
            let id = (event["id"] as! String).lowercased()
            let trace = (event["trace_id"] as! String).lowercased()
            let timestamp = (event["timestamp_ms"] as! NSNumber).int64Value
            if let session = (event["session_id"] as? String)?.lowercased() {
                sessions[session, default: Session()].eventCount += 1
                if type == "session.started" {
                    sessions[session]!.title = payload["title"] as? String
                    sessions[session]!.startedAt = timestamp
                }
                if type == "message.added" { sessions[session]!.messageIDs.append(id) }
                if type == "document.retrieved" { sessions[session]!.documents += 1 }
            }
            switch type {
            case "run.started":
                runs[trace, default: Run()].agentName = payload["agent_name"] as? String
                if runs[trace]!.status == "pending" { runs[trace]!.status = "running" }
            case "run.completed", "run.failed", "run.cancelled":
                runs[trace, default: Run()].status = ["run.completed": "completed", "run.failed": "error", "run.cancelled": "cancelled"][type]!
                runs[trace]!.totalIterations = (payload["total_iterations"] as? NSNumber)?.intValue
            case "llm.interaction":
                let input = (payload["input_tokens"] as? NSNumber)?.intValue ?? 0
                let cached = (payload["cached_input_tokens"] as? NSNumber)?.intValue ?? 0
                let output = (payload["output_tokens"] as? NSNumber)?.intValue ?? 0
                let reasoning = (payload["reasoning_tokens"] as? NSNumber)?.intValue ?? 0
                let computed = prices.cost(
                    provider: payload["provider"] as? String, model: payload["model"] as! String, atMs: timestamp,
                    input: Int64(input), cacheRead: Int64(cached), output: Int64(output), reasoning: Int64(reasoning))
                let client = (payload["cost_usd"] as? NSNumber)?.doubleValue
                let call = Call(cost: client ?? computed, source: client != nil ? "client" : computed != nil ? "catalogue" : "unknown")
                calls[id] = call
                var run = runs[trace, default: Run()]
                run.llmCalls += 1
                run.inputTokens += input
                run.cachedInputTokens += cached
                run.outputTokens += output
                run.reasoningTokens += reasoning
                if let cost = call.cost { run.cost = (run.cost ?? 0) + cost }
                runs[trace] = run
            case "execution.started":
                let execution = payload["execution_id"] as! String
                if executions[execution] == nil { executions[execution] = "running" }
            case "execution.completed", "execution.failed":
                executions[payload["execution_id"] as! String] = type == "execution.failed" ? "error" : "completed"
            case "run.state_saved":
                if let known = states[trace], (known.timestamp, known.id) > (timestamp, id) { break }
                states[trace] = (timestamp, id, payload["state_type"] as! String)
            case "agent.registered":
                agents.insert(payload["name"] as! String)
            default:
                break
            }
            if ["agent.thought", "tool.called", "tool.result", "llm.interaction"].contains(type) {
                steps[trace, default: []].append((timestamp, id))
            }
        }
        for trace in steps.keys { steps[trace]!.sort { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) } }
    }
}
