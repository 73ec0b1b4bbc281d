// libFuzzer target for ParleyCore's MetaPayloadParser (compiled with Sources/ParleyCore/Meta/*.swift by
// bench/faults/fuzz.sh). Any input must either parse or throw MetaPayloadError: no trap, no hang, no leak.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMetaJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    if let r = try? MetaPayloadParser.parse(body, fallbackTime: 1_700_000_000_000) {
        precondition(r.skipped >= 0)
        for e in r.events { _ = "\(e)" }  // touch every field the parser produced
    }
    return 0
}
