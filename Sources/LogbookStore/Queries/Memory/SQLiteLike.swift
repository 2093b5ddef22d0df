/// `haystack LIKE '%' || escaped(needle) || '%' ESCAPE '\'` as SQLite answers it: the needle
/// anywhere in the haystack, ASCII letters matched without regard to case (SQLite's LIKE
/// folds only those), every other character exactly.
enum SQLiteLike {
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        let needle = Array(needle.utf8).map(fold)
        guard !needle.isEmpty else { return true }
        let haystack = Array(haystack.utf8)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            var index = 0
            while index < needle.count && fold(haystack[start + index]) == needle[index] { index += 1 }
            if index == needle.count { return true }
        }
        return false
    }

    private static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
