import Glibc

/// The on-disk master key: 32 bytes as 64 hex characters plus an optional newline, mode 0600.
public enum MasterKeyFile {
    /// Reads the key at `path`, or creates one (and any missing parent directories, mode 0700) if absent.
    /// Creation is atomic and never replaces a key another process wrote in the meantime.
    /// - Throws: `CryptoError` (`.io`, `.invalidFormat`, `.invalidKey`) for an unreadable file, a file that
    ///   group or others can access, a non-regular file, or content that is not exactly 64 hex characters.
    public static func loadOrCreate(path: String) throws -> [UInt8] {
        if let key = try load(path: path) { return key }
        return try create(path: path)
    }

    /// Reads an existing key file; nil if it does not exist.
    /// - Throws: as `loadOrCreate`.
    public static func load(path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw CryptoError.io("cannot open master key file \(path)", errno: errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw CryptoError.io("cannot stat \(path)", errno: errno) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw CryptoError.invalidFormat("master key \(path) is not a regular file") }
        let perms = st.st_mode & 0o777
        guard perms & 0o077 == 0 else {
            throw CryptoError.invalidKey("master key file \(path) is accessible by group or others (mode 0\(String(perms, radix: 8))); run: chmod 600 \(path)")
        }
        var buffer = [UInt8](repeating: 0, count: 130)
        var filled = 0
        while filled < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CryptoError.io("cannot read \(path)", errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        var content = Array(buffer[..<filled])
        if content.last == UInt8(ascii: "\n") { content.removeLast() }
        do {
            return try decodeKey(String(decoding: content, as: UTF8.self))
        } catch let error as CryptoError {
            throw CryptoError(error.code, "master key file \(path): \(error.message)")
        }
    }

    /// Parses a key given as 64 hex characters (e.g. from an environment variable).
    /// - Throws: `CryptoError.invalidKey` for any other length or a non-hex character.
    public static func decodeKey(_ hex: String) throws -> [UInt8] {
        guard hex.utf8.count == 2 * AESGCM.keyByteCount else {
            throw CryptoError.invalidKey("expected 64 hex characters (32 bytes), got \(hex.utf8.count) characters")
        }
        guard let key = Hex.decode(hex) else { throw CryptoError.invalidKey("key contains non-hex characters") }
        return key
    }

    /// Writes a fresh key: temp file (O_EXCL, 0600) → fsync → link into place → fsync directory.
    private static func create(path: String) throws -> [UInt8] {
        let dir = parentDirectory(of: path)
        try makeDirectories(dir)
        let key = SecureRandom.bytes(AESGCM.keyByteCount)
        let temp = "\(path).tmp-\(Hex.encode(SecureRandom.bytes(6)))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw CryptoError.io("cannot create \(temp)", errno: errno) }
        var tempExists = true
        defer { if tempExists { unlink(temp) } }
        do {
            defer { close(fd) }
            // The umask can only remove bits, but be explicit: the key must never be group/world readable.
            guard fchmod(fd, 0o600) == 0 else { throw CryptoError.io("cannot chmod \(temp)", errno: errno) }
            try writeAll(fd, Array((Hex.encode(key) + "\n").utf8), path: temp)
            guard fsync(fd) == 0 else { throw CryptoError.io("cannot fsync \(temp)", errno: errno) }
        }
        // link() fails with EEXIST instead of overwriting, so a key another process created first wins
        // and nothing ever encrypted under it is orphaned. Fall back to rename() where hard links are unsupported.
        if link(temp, path) != 0 {
            let code = errno
            if code == EEXIST {
                guard let existing = try load(path: path) else { throw CryptoError.io("master key \(path) vanished", errno: ENOENT) }
                return existing
            }
            guard code == EPERM || code == EOPNOTSUPP || code == ENOSYS else {
                throw CryptoError.io("cannot install master key at \(path)", errno: code)
            }
            guard rename(temp, path) == 0 else { throw CryptoError.io("cannot rename \(temp) to \(path)", errno: errno) }
            tempExists = false
        }
        try syncDirectory(dir)
        return key
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CryptoError.io("cannot write \(path)", errno: errno)
            }
            offset += n
        }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// `mkdir -p` with mode 0700 for directories it creates; existing ones are left as they are.
    private static func makeDirectories(_ dir: String) throws {
        var st = stat()
        if stat(dir, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw CryptoError.io("\(dir) is not a directory", errno: ENOTDIR) }
            return
        }
        let parent = parentDirectory(of: dir)
        if parent != dir { try makeDirectories(parent) }
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw CryptoError.io("cannot create directory \(dir)", errno: errno) }
    }

    /// Makes the new directory entry durable, not just the file's content.
    private static func syncDirectory(_ dir: String) throws {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CryptoError.io("cannot open directory \(dir)", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw CryptoError.io("cannot fsync directory \(dir)", errno: errno) }
    }
}
