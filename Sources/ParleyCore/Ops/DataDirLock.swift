import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `<data>/parley.lock`. `parley serve` holds it for its whole life; restore takes it
/// too, so a restore never runs under a live server and a server cannot start in the middle of a restore.
/// The lock dies with the process (even on kill -9), so there is no stale-lock cleanup.
public final class DataDirLock: Sendable {
    /// The lock file.
    public let path: String
    private let fd: Mutex<Int32>

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = Mutex(fd)
    }

    deinit { release() }

    /// The lock file of a data folder.
    public static func lockPath(root: String) -> String {
        (root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root) + "/parley.lock"
    }

    /// Takes the lock without waiting; throws `.locked` (naming the holder's pid) when another process has it.
    public static func acquire(root: String) throws -> DataDirLock {
        try DataDirectory.makeDirectory(root)
        let path = lockPath(root: root)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpsError.io("cannot open \(path)", errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = readPID(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw OpsError(.locked, "a Parley server\(holder.map { " (pid \($0))" } ?? "") is using \(root); stop it first (systemctl stop parley)")
            }
            throw OpsError.io("cannot lock \(path)", errno: code)
        }
        // The pid is only for the message above; the flock is what counts.
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return DataDirLock(path: path, fd: fd)
    }

    /// True when some process holds the lock of `root` now.
    public static func isHeld(root: String) -> Bool {
        do {
            try acquire(root: root).release()
            return false
        } catch let e as OpsError {
            return e.kind == .locked
        } catch {
            return false
        }
    }

    /// Releases the lock (also done on deinit and process exit).
    public func release() {
        fd.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)  // closing the last descriptor drops the flock
            fd = -1
        }
    }

    private static func readPID(_ fd: Int32) -> Int? {
        var buf = [UInt8](repeating: 0, count: 32)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int(String(decoding: buf[..<n], as: UTF8.self).filter(\.isNumber))
    }
}
