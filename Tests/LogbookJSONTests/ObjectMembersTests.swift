import LogbookJSON
import LogbookWorkload
import Testing

@Suite struct ObjectMembersTests {
    @Test func theEnvelopeListsThePayloadMembersAsAScanOfThePayloadAlone() throws {
        for line in WorkloadGenerator.lines(sessions: 10, seed: 4) {
            let bytes = Array(line.utf8)
            let envelope = try EnvelopeScanner.scan(bytes)
            let range = try #require(envelope.payload)
            let alone = try JSONObjectMembers.scan(Array(bytes[range]))
            #expect(envelope.payloadMembers == alone)
            #expect(!alone.isEmpty)
        }
    }

    @Test func membersCarryKeysKindsAndValueRanges() throws {
        let text = Array(#" {"a" : 1, "b\u0063":[true], "d":{"e":null}, "f":"g"} "#.utf8)
        let members = try JSONObjectMembers.scan(text)
        #expect(members.map(\.key) == ["a", "bc", "d", "f"])
        #expect(members.map(\.kind) == [.number, .array, .object, .string])
        let object = Array(text.drop { $0 == 0x20 })
        #expect(members.map { String(decoding: object[$0.value], as: UTF8.self) } == ["1", "[true]", #"{"e":null}"#, #""g""#])
        #expect(throws: JSONSyntaxError.self) { _ = try JSONObjectMembers.scan(Array("[1]".utf8)) }
        #expect(throws: JSONSyntaxError.self) { _ = try JSONObjectMembers.scan(Array(#"{"a":1,}"#.utf8)) }
        #expect(try JSONObjectMembers.scan(Array("{}".utf8)).isEmpty)
    }
}
