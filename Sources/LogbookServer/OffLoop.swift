import Dispatch

/// Runs blocking store work (segment reads, SQLite queries) on a global dispatch queue, so
/// the event loops only route and encode.
func offLoop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
