import Foundation
import Hummingbird
import HummingbirdCore

extension Request {
    /// The query's parameters as HTML forms, `URLSearchParams` and Python's `urlencode` write
    /// them, with `+` for a space: Hummingbird's `queryParameters` decodes `%20` but keeps `+`,
    /// so `?agent=Support+desk` would look for an agent named "Support+desk".
    var queryParameters: FlatDictionary<Substring, Substring> {
        guard let query = uri.query, query.contains("+") else { return uri.queryParameters }
        return URI("?" + query.replacingOccurrences(of: "+", with: "%20")).queryParameters
    }
}
