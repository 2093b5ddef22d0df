import Foundation
import LogbookCore

extension LogReader {
    /// Reads a session's or a trace's events, tolerating one race in the reader: while a
    /// segment is being sealed, the stream directory can already name the sealed segment
    /// while the reader's segment catalog still lists it as active, and the read fails as
    /// `corruption` although nothing is damaged. The catalog catches up within moments, so
    /// the read is tried again a few times; real damage keeps failing and is reported.
    func eventsRetryingSealRace(_ read: () throws(LogbookError) -> [RecordedEvent]) throws(LogbookError) -> [RecordedEvent] {
        var attempt = 0
        while true {
            do {
                return try read()
            } catch where error.code == .corruption && attempt < 3 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.005 * Double(attempt))
            }
        }
    }
}
