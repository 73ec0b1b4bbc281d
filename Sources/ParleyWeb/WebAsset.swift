// One file of the web bundle (or of Resources/), ready to be served.

/// One servable file: its path below `web/` (or `resources/…`), content type, bytes and strong ETag.
///
/// SAFETY: `bytes` points either into the `#embed` table compiled into the binary (static data) or into a buffer
/// owned by `storage` that is also held by a process-lifetime owner (`WebAssets.embedded` for rewritten pages,
/// the development store for files read from disk), so it stays valid for the whole process and a server may
/// hand it to libmicrohttpd without copying (`MHD_RESPMEM_PERSISTENT`). The memory is never written after
/// creation, so sharing the pointer across threads is safe; that is why the type is `@unchecked Sendable`
/// (`UnsafeRawBufferPointer` itself is not `Sendable`).
public struct WebAsset: @unchecked Sendable {
    /// Path below `web/`, without a leading slash (`css/app.css`), or `resources/<name>` for Resources/.
    public let path: String
    /// The `Content-Type` header value for this file.
    public let contentType: String
    /// The file's bytes; read-only, see the SAFETY note on the type.
    public let bytes: UnsafeRawBufferPointer
    /// A strong ETag, quotes included (`"3f2a…"`), derived from the bytes.
    public let etag: String
    /// Owner of `bytes` when they are not static data; nil for the compiled-in table.
    let storage: OwnedBytes?

    init(path: String, bytes: UnsafeRawBufferPointer, storage: OwnedBytes?) {
        self.path = path
        self.contentType = WebAssets.contentType(forPath: path)
        self.bytes = bytes
        self.etag = "\"" + String(AssetDigest.hex(bytes).prefix(20)) + "\""
        self.storage = storage
    }

    /// Builds an asset that owns a copy of `content` (used for rewritten pages and for development mode).
    init(path: String, content: [UInt8]) {
        let owned = OwnedBytes(content)
        self.init(path: path, bytes: owned.buffer, storage: owned)
    }

    /// A copy of the bytes as an array.
    public var byteArray: [UInt8] { Array(bytes) }
}

/// A heap buffer that is written once at creation and freed with its owner.
///
/// SAFETY: the memory is initialised in `init`, never mutated afterwards and released only in `deinit`, when no
/// `WebAsset` refers to it any more, so concurrent reads are safe.
final class OwnedBytes: @unchecked Sendable {
    let buffer: UnsafeRawBufferPointer
    private let memory: UnsafeMutableRawBufferPointer

    init(_ content: [UInt8]) {
        // Allocate at least one byte so an empty file still has a valid base address.
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(content.count, 1), alignment: 1)
        self.memory = memory
        content.withUnsafeBytes { source in
            if let base = source.baseAddress, let target = memory.baseAddress {
                target.copyMemory(from: base, byteCount: source.count)
            }
        }
        buffer = UnsafeRawBufferPointer(rebasing: memory[0..<content.count])
    }

    deinit {
        memory.deallocate()
    }
}
