internal import COpenSSL

extension SHA256 {
    /// Incremental SHA-256 for data that arrives in chunks (uploads). Not thread-safe: one owner at a time.
    public final class Hasher {
        /// The owned `EVP_MD_CTX`; freed in deinit.
        private let ctx: OpaquePointer

        /// A fresh hasher.
        public init() {
            guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
            self.ctx = ctx
            reset()
        }

        deinit { EVP_MD_CTX_free(ctx) }

        /// Feeds more bytes.
        public func update<D: Collection<UInt8>>(_ data: D) {
            withBytes(data) { update($0) }
        }

        /// Feeds raw memory without copying.
        public func update(_ data: UnsafeRawBufferPointer) {
            guard data.count > 0 else { return }
            guard EVP_DigestUpdate(ctx, data.baseAddress, data.count) == 1 else {
                fatalError("EVP_DigestUpdate failed: \(OpenSSLErrorQueue.drain())")
            }
        }

        /// The digest of everything fed so far; the hasher then starts over empty, ready for reuse.
        public func finalize() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: SHA256.byteCount)
            var len: UInt32 = 0
            let rc = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(ctx, $0.baseAddress, &len) }
            guard rc == 1 else { fatalError("EVP_DigestFinal_ex failed: \(OpenSSLErrorQueue.drain())") }
            reset()
            return out
        }

        private func reset() {
            guard EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
                fatalError("EVP_DigestInit_ex failed: \(OpenSSLErrorQueue.drain())")
            }
        }
    }
}
