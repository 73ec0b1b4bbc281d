/// Runs `body` over the bytes of any `Collection<UInt8>`, copying only when the collection
/// has no contiguous storage (arrays, slices, native strings' UTF-8 views and buffers never copy).
@inline(__always)
func withBytes<D: Collection<UInt8>, R>(_ data: D, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    if let r = try data.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
        return r
    }
    return try Array(data).withUnsafeBytes(body)
}

/// A non-null base address even for empty buffers: some OpenSSL entry points reject NULL with length 0.
@inline(__always)
func nonNullBase(_ buffer: UnsafeRawBufferPointer) -> UnsafeRawPointer {
    buffer.baseAddress ?? UnsafeRawPointer(emptyByte)
}

/// SAFETY: a process-lifetime, never-written byte used only as a valid pointer for zero-length input.
nonisolated(unsafe) private let emptyByte: UnsafeMutablePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()
