import Foundation
import LogbookJSON
import Testing

/// The nst/JSONTestSuite parsing corpus (Fixtures/JSONTestSuite, MIT licence), run file by file.
@Suite("JSONTestSuite corpus")
struct JSONTestSuiteTests {
    static let directory = Bundle.module.url(
        forResource: "test_parsing", withExtension: nil, subdirectory: "Fixtures/JSONTestSuite")

    static func fileNames(prefix: String) -> [String] {
        guard let directory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func contents(of name: String) throws -> [UInt8] {
        let directory = try #require(directory)
        return try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// Implementation-defined files this scanner accepts: numbers are grammar-valid however big
    /// or small (range is the consumer's business), and 500 levels are within the 512 limit.
    /// Every other `i_` file is rejected: invalid UTF-8, lone surrogates, UTF-16 and BOMs.
    static let acceptedImplementationDefined: Set<String> = [
        "i_number_double_huge_neg_exp.json", "i_number_huge_exp.json", "i_number_neg_int_huge_exp.json",
        "i_number_pos_double_huge_exp.json", "i_number_real_neg_overflow.json", "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json", "i_number_too_big_neg_int.json", "i_number_too_big_pos_int.json",
        "i_number_very_big_negative_int.json", "i_structure_500_nested_arrays.json",
    ]

    @Test func corpusIsPresent() {
        #expect(Self.fileNames(prefix: "y_").count == 95)
        #expect(Self.fileNames(prefix: "n_").count == 188)
        #expect(Self.fileNames(prefix: "i_").count == 35)
    }

    @Test(arguments: fileNames(prefix: "y_"))
    func accepts(file: String) throws {
        let bytes = try Self.contents(of: file)
        #expect(syntaxError(bytes) == nil, "\(file) must be accepted")
    }

    @Test(arguments: fileNames(prefix: "n_"))
    func rejects(file: String) throws {
        let bytes = try Self.contents(of: file)
        let error = syntaxError(bytes)
        #expect(error != nil, "\(file) must be rejected")
        if let error { #expect((0...bytes.count).contains(error.offset), "\(file): offset \(error.offset) out of range") }
    }

    @Test(arguments: fileNames(prefix: "i_"))
    func implementationDefinedDoesNotCrash(file: String) throws {
        let bytes = try Self.contents(of: file)
        let accepted = syntaxError(bytes) == nil
        #expect(accepted == Self.acceptedImplementationDefined.contains(file), "\(file): accepted = \(accepted)")
    }
}
