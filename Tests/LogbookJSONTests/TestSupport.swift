import Foundation
import LogbookJSON

/// Small deterministic PRNG (SplitMix64) so randomized tests can be replayed from a printed seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
