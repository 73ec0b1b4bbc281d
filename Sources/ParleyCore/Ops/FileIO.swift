#if canImport(Glibc)
import Glibc
#endif

/// Small POSIX file helpers for backup and restore: streaming reads and writes on descriptors, fsync of files
/// and folders, and a sorted walk of a folder tree (FoundationEssentials has no streaming file API).
enum FileIO {
    static let chunkSize = 1 << 20

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func openRead(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw OpsError.io("cannot open \(path)", errno: errno) }
        return fd
    }

    /// Creates a new file (never an existing one) with mode 0600.
    static func createNew(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpsError.io("cannot create \(path)", errno: errno) }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw OpsError.io("cannot write \(path)", errno: errno)
            }
            offset += n
        }
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    static func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw OpsError.io("cannot read \(path)", errno: errno) }
        }
    }

    static func fsync(_ fd: Int32, path: String) throws {
        guard Glibc.fsync(fd) == 0 else { throw OpsError.io("cannot fsync \(path)", errno: errno) }
    }

    /// fsyncs a folder so names created or renamed in it survive a crash.
    static func fsyncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OpsError.io("cannot open \(path)", errno: errno) }
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// rename(2) then fsync of the destination folder.
    static func rename(_ from: String, _ to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw OpsError.io("cannot rename \(from) to \(to)", errno: errno) }
        try fsyncDirectory(parent(of: to))
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    enum Kind { case file, directory, other }

    /// lstat: symlinks count as `.other`, so a walk never leaves the tree.
    static func kind(_ path: String) -> Kind? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool { kind(path) != nil }

    static func size(_ path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw OpsError.io("cannot stat \(path)", errno: errno) }
        return Int64(st.st_size)
    }

    static func modificationTime(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_mtim.tv_sec) : 0
    }

    /// Names in a folder (no "." or ".."), sorted.
    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw OpsError.io("cannot list \(path)", errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Regular files below `root`, as paths relative to it, sorted; symlinks and special files are skipped.
    static func walkFiles(_ root: String) throws -> [String] {
        guard kind(root) == .directory else { return [] }
        var out: [String] = []
        func visit(_ rel: String) throws {
            let full = rel.isEmpty ? root : "\(root)/\(rel)"
            for name in try list(full) {
                let child = rel.isEmpty ? name : "\(rel)/\(name)"
                switch kind("\(root)/\(child)") {
                case .file: out.append(child)
                case .directory: try visit(child)
                default: break
                }
            }
        }
        try visit("")
        return out
    }

    /// rm -rf (best effort; used on staging folders).
    static func removeTree(_ path: String) {
        switch kind(path) {
        case .directory:
            for name in (try? list(path)) ?? [] { removeTree("\(path)/\(name)") }
            rmdir(path)
        case .file, .other: unlink(path)
        case nil: break
        }
    }

    /// mkdtemp under `parent` with mode 0700.
    static func makeTempDirectory(in parent: String, prefix: String) throws -> String {
        var template = Array("\(parent)/\(prefix)XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> String? in
            guard let p = mkdtemp(buf.baseAddress!) else { return nil }
            return String(cString: p)
        }
        guard let made else { throw OpsError.io("cannot create a folder in \(parent)", errno: errno) }
        return made
    }

    /// mkdir -p (0700) for the parent folders of `path`.
    static func makeParents(of path: String) throws {
        do { try DataDirectory.makeDirectory(parent(of: path)) } catch {
            throw OpsError(.io, "\(error)")
        }
    }

    /// When running as root, gives everything below `root` to the owner of `root` itself, so files restored by
    /// `sudo parley restore` stay readable by the unprivileged service user.
    static func matchOwner(of root: String) throws {
        guard geteuid() == 0 else { return }
        var st = stat()
        guard stat(root, &st) == 0, st.st_uid != 0 else { return }
        func visit(_ path: String) throws {
            guard lchown(path, st.st_uid, st.st_gid) == 0 else { throw OpsError.io("cannot chown \(path)", errno: errno) }
            if kind(path) == .directory { for name in try list(path) { try visit("\(path)/\(name)") } }
        }
        try visit(root)
    }
}
