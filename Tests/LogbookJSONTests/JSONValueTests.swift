import Foundation
import LogbookJSON
import LogbookWorkload
import Testing

/// `JSONValue.parse` (the cursor-based decoder replay and the projections use) against
/// `JSONSerialization` on randomized documents, and its compact encoding read back.
@Suite struct JSONValueTests {
    @Test func decodesRandomDocumentsAsFoundationDoes() throws {
        let seed = SplitMix64.seed(for: "JSONValueTests")
        print("JSONValueTests seed \(seed)")
        var rng = SplitMix64(seed: seed)
        for _ in 0..<3_000 {
            var document: [UInt8] = []
            DocumentGenerator.appendValue(to: &document, depth: 0, using: &rng)
            let ours = try JSONValue.parse(document)
            if FoundationAgreementTests.containsNumberBeyondDouble(document) { continue }
            let theirs = Self.value(try JSONSerialization.jsonObject(with: Data(document), options: [.fragmentsAllowed]))
            #expect(Self.same(ours, theirs), "\(String(decoding: document, as: UTF8.self))")
            #expect(Self.same(try JSONValue.parse(Array(ours.compactJSON.utf8)), ours))
        }
    }

    @Test func keepsIntegersExactAndRefusesWhatIsNotJSON() throws {
        #expect(try JSONValue.parse(Array("9007199254740993".utf8)) == .int(9_007_199_254_740_993))
        #expect(try JSONValue.parse(Array(#"{"a":[true,false,null,-0.5,"\u00e9\n"]}"#.utf8))
            == .object(["a": .array([.bool(true), .bool(false), .null, .double(-0.5), .string("é\n")])]))
        for bad in ["{", "[1,]", "tru", "\"\\ud800\"", "1 2", ""] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONValue.parse(Array(bad.utf8)) }
        }
        let deep = Array(String(repeating: "[", count: 600).utf8) + Array(String(repeating: "]", count: 600).utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
    }

    /// Foundation's tree as a JSONValue: NSNumber's type code tells booleans, integers and fractions apart.
    static func value(_ any: Any) -> JSONValue {
        switch any {
        case let text as String: return .string(text)
        case let object as [String: Any]: return .object(object.mapValues(value))
        case let array as [Any]: return .array(array.map(value))
        case let number as NSNumber:
            switch UInt8(bitPattern: number.objCType.pointee) {
            case UInt8(ascii: "c"), UInt8(ascii: "B"): return .bool(number.boolValue)
            case UInt8(ascii: "d"), UInt8(ascii: "f"): return .double(number.doubleValue)
            default: return .int(number.int64Value)
            }
        default: return .null
        }
    }

    /// Equal, counting numbers equal when their Double values agree to 12 digits: Foundation
    /// reads `1.0` as an integer and large integers as doubles, and its decimal conversion can
    /// be off in the last few digits (the decoder's is correctly rounded).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)): return x.keys.sorted() == y.keys.sorted() && x.allSatisfy { same($0.value, y[$0.key]!) }
        case (.double(let x), .int) where abs(x) >= 0x1p63:
            return true  // Foundation wraps integers beyond Int64 around; the decoder keeps them as doubles.
        case (.int, _), (.double, _):
            guard let x = a.double, let y = b.double else { return false }
            return x == y || abs(x - y) <= 1e-12 * max(abs(x), abs(y))
        default: return a == b
        }
    }
}
