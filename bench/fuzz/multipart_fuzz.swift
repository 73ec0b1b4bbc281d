// libFuzzer target for ParleyHTTP's MultipartParser (compiled with the ParleyHTTP sources by bench/faults/fuzz.sh).
// Input layout: byte 0 picks the chunk size (how the body is split across `next` calls), the rest is the body.
// Checks beyond "no crash": every file a successful parse reports lies inside the temp dir, and a failed parse
// leaves the temp dir empty (the parser removes what it wrote).
import Glibc

nonisolated(unsafe) var fuzzDir: String = {
    var template = Array("/tmp/parley-fuzz-mp-XXXXXX".utf8CString)
    guard let p = mkdtemp(&template) else { fatalError("mkdtemp") }
    return String(cString: p)
}()

func listDir(_ path: String) -> [String] {
    guard let d = opendir(path) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
        let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let chunk = Int(data[0] % 64) + 1
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var limits = MultipartParser.Limits()
    limits.maxFieldBytes = 4096
    limits.maxParts = 16
    var offset = 0
    do {
        let parts = try MultipartParser.parse(boundary: "XyZzy", directory: fuzzDir, limits: limits) {
            guard offset < body.count else { return nil }
            let end = min(body.count, offset + chunk)
            defer { offset = end }
            return Array(body[offset..<end])
        }
        for p in parts {
            if let f = p.filePath {
                precondition(f.hasPrefix(fuzzDir + "/") && !f.dropFirst(fuzzDir.count + 1).contains("/"), "file outside the temp dir: \(f)")
                unlink(f)
            }
            precondition(p.filePath != nil || p.value.count <= limits.maxFieldBytes, "field over its limit")
        }
    } catch {
        precondition(listDir(fuzzDir).isEmpty, "a failed parse left files behind")
    }
    for name in listDir(fuzzDir) { unlink(fuzzDir + "/" + name) }
    return 0
}
