// libFuzzer target: the JSON scanner and the JSONL envelope extractor must return or throw
// for every input, never crash, hang or read out of bounds. Built and run by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let verdict = try? JSONScanner.validate(bytes)
    if let envelope = try? EnvelopeScanner.scan(bytes), let payload = envelope.payload {
        // A payload the envelope scanner accepted is valid JSON on its own.
        let inner = UnsafeRawBufferPointer(rebasing: bytes[payload])
        if (try? JSONScanner.validate(inner)) == nil { fatalError("payload accepted in a line but not alone") }
        if verdict == nil { fatalError("line accepted by the envelope scanner but not by the validator") }
    }
    return 0
}
