import Testing
@testable import LogbookOTLP

/// The id rules of the HTTP contract, checked against values from Python's uuid module.
@Suite struct DerivedIDTests {
    @Test func theNamespaceIsUUID5OfTheLogbookURL() {
        #expect(DerivedID.format(DerivedID.namespace) == "37892e5b-94ac-5ecf-b8fc-491b6f647291")
    }

    @Test func eventIdsAreUUID5OfSpanIdAndRole() {
        #expect(DerivedID.event(spanID: "612e7696a6cecc1b", role: "llm.interaction") == "a4ef65a8-f2ff-53d9-bde5-46b901ae2785")
    }

    @Test func aTraceIdIsTheUUIDOfItsBytes() {
        let bytes = Hex.decode(Array("216363698b529b4a97b750923ceb3ffd".utf8))!
        #expect(DerivedID.trace(bytes) == "21636369-8b52-9b4a-97b7-50923ceb3ffd")
    }

    @Test(arguments: [
        ("support-chat-42", "8579c328-3e96-5831-86db-ea53ae66810b"),
        ("0B5C6F1E-3A7D-4C2E-9F10-6D8E2A4B7C91", "0b5c6f1e-3a7d-4c2e-9f10-6d8e2a4b7c91"),
        ("216363698b529b4a97b750923ceb3ffd", "21636369-8b52-9b4a-97b7-50923ceb3ffd"),
    ])
    func externalKeysAreUUIDsKeptOrHashed(text: String, expected: String) {
        #expect(DerivedID.external(text) == expected)
    }

    @Test func sha1MatchesTheStandardVectors() {
        #expect(Hex.encode(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(SHA1.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Hex.encode(SHA1.hash(long)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }
}
