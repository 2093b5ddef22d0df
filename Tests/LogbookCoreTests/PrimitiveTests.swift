import CLogbookCRC
import Testing
@testable import LogbookCore
import LogbookWorkload

@Suite struct PrimitiveTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    }

    /// Lengths around the hardware path's strides (three streams of 256 and of 8,192 bytes),
    /// each also from an address that is not 8-byte aligned.
    @Test(arguments: [0, 1, 7, 8, 9, 63, 64, 767, 768, 769, 1000, 24_575, 24_576, 24_577, 25_344, 65_537, 200_003])
    func hardwareAndSoftwareCRCAgree(length: Int) {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("hardwareAndSoftwareCRCAgree(\(length)): seed \(seed)")
        var generator = SplitMix64(seed: seed)
        let bytes = (0..<length + 3).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in [0, 3] {
            let piece = Array(bytes[start..<(start + length)])
            let software = piece.withUnsafeBytes { logbook_crc32c_software(0, $0.baseAddress, $0.count) }
            let hardware = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<(start + length)])) }
            #expect(hardware == software, "from byte \(start)")
            // Extending in two pieces gives the checksum of the whole.
            let split = length / 3
            let first = CRC32C.checksum(Array(piece[..<split]))
            #expect(CRC32C.checksum(Array(piece[split...]), extending: first) == software)
        }
    }

    @Test func lz4RoundTripsAndRejectsDamage() throws {
        let text = Array(String(repeating: "the agent called the search tool; ", count: 2000).utf8)
        let compressed = text.withUnsafeBytes { LZ4Block.compress($0) }
        #expect(compressed.count < text.count / 5)
        let restored = compressed.withUnsafeBytes { LZ4Block.decompress($0, originalSize: text.count) }
        #expect(restored == text)
        let wrongSize = compressed.withUnsafeBytes { LZ4Block.decompress($0, originalSize: text.count + 1) }
        #expect(wrongSize == nil)
    }

    @Test func uuidParsesAndPrintsCanonically() throws {
        let text = "6F1C2B7E-0A4D-4E21-9C3B-5D2E8F7A1B90"
        let uuid = try #require(LogUUID(text))
        #expect(uuid.description == text.lowercased())
        #expect(LogUUID(uuid.description) == uuid)
        for bad in ["", "6f1c2b7e0a4d4e219c3b5d2e8f7a1b90", "6f1c2b7e-0a4d-4e21-9c3b-5d2e8f7a1b9g", "6f1c2b7e-0a4d-4e21-9c3b-5d2e8f7a1b900"] {
            #expect(LogUUID(bad) == nil, "\(bad) must not parse")
        }
        let random = LogUUID.random()
        #expect(random.description.dropFirst(14).first == "4")
    }

    @Test func bloomFilterHasNoFalseNegativesAndFewFalsePositives() {
        var filter = BloomFilter(expectedKeys: 10_000)
        let inserted = (0..<10_000).map { _ in LogUUID.random() }
        for id in inserted { filter.insert(id) }
        #expect(inserted.allSatisfy { filter.mayContain($0) })
        let falsePositives = (0..<100_000).count { _ in filter.mayContain(.random()) }
        #expect(falsePositives < 1_000, "false-positive rate \(Double(falsePositives) / 1000)% is over 1%")
    }

    @Test func segmentNamesSortByPosition() {
        #expect(SegmentName.fileName(base: 0) == "00000000000000000000.seg")
        #expect(SegmentName.fileName(base: 420) == "00000000000000000420.seg")
        #expect(SegmentName.base(of: "00000000000000000420.seg") == 420)
        #expect(SegmentName.base(of: "420.seg") == nil)
        #expect(SegmentName.base(of: "00000000000000000420.seg.sealing") == nil)
    }
}
