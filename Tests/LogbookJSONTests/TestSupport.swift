import Foundation
import LogbookJSON
import LogbookWorkload

extension SplitMix64 {
    /// A fresh seed, or `LOGBOOK_JSON_SEED` from the environment to replay a failure.
    static func seed(for test: String) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment["LOGBOOK_JSON_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: .min ... .max)
        print("\(test): seed \(seed) (replay with LOGBOOK_JSON_SEED=\(seed))")
        return seed
    }
}

/// The syntax error `validate` throws for `bytes`, or nil when it accepts them.
func syntaxError(_ bytes: [UInt8], maxDepth: Int = JSONScanner.defaultMaxDepth) -> JSONSyntaxError? {
    do {
        _ = try JSONScanner.validate(bytes, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

func syntaxError(_ text: String, maxDepth: Int = JSONScanner.defaultMaxDepth) -> JSONSyntaxError? {
    syntaxError(Array(text.utf8), maxDepth: maxDepth)
}

/// Foundation's verdict, the reference the randomized tests compare against.
func foundationAccepts(_ bytes: [UInt8]) -> Bool {
    (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
}
