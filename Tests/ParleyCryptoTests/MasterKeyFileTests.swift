import Testing
import Foundation
import ParleyCrypto

@Suite struct MasterKeyFileTests {
    /// A fresh private temp directory, removed by the caller's defer.
    func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-crypto-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func mode(_ path: String) throws -> Int {
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attrs[.posixPermissions] as? Int)
    }

    @Test func createsWith0600ThenReloadsTheSameKey() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/data/keys/master.key"
        let key = try MasterKeyFile.loadOrCreate(path: path)
        #expect(key.count == 32)
        #expect(try mode(path) == 0o600)
        #expect(try mode(dir + "/data/keys") == 0o700)
        #expect(try mode(dir + "/data") == 0o700)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == Hex.encode(key) + "\n")
        #expect(try MasterKeyFile.loadOrCreate(path: path) == key)
        // No temp files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/data/keys") == ["master.key"])
    }

    @Test func worldOrGroupReadableKeyIsRefused() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/master.key"
        _ = try MasterKeyFile.loadOrCreate(path: path)
        for bad in [0o644, 0o640, 0o604, 0o660] {
            #expect(chmod(path, mode_t(bad)) == 0)
            #expect { try MasterKeyFile.loadOrCreate(path: path) } throws: { error in
                let e = error as? CryptoError
                return e?.code == .invalidKey && e?.message.contains("chmod 600") == true
            }
        }
        #expect(chmod(path, 0o400) == 0)
        #expect(try MasterKeyFile.loadOrCreate(path: path).count == 32)
    }

    @Test(arguments: ["", "abc\n", String(repeating: "a", count: 63), String(repeating: "a", count: 65),
                      String(repeating: "g", count: 64), String(repeating: "a", count: 64) + "\n\n",
                      " " + String(repeating: "a", count: 64), String(repeating: "ab", count: 64)])
    func wrongContentIsRefused(_ content: String) throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/master.key"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: CryptoError.self) { try MasterKeyFile.loadOrCreate(path: path) }
        // The bad file is left untouched for the operator to inspect.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == content)
    }

    @Test func acceptsKeyWithoutNewlineAndUppercaseHex() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/master.key"
        let hex = String(repeating: "AB", count: 32)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]))
        #expect(try MasterKeyFile.loadOrCreate(path: path) == [UInt8](repeating: 0xab, count: 32))
    }

    @Test func directoryInPlaceOfKeyIsRefused() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/master.key", withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        #expect(throws: CryptoError.self) { try MasterKeyFile.loadOrCreate(path: dir + "/master.key") }
    }

    @Test func concurrentCreatorsAgreeOnOneKey() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/k/master.key"
        let keys = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 { group.addTask { try MasterKeyFile.loadOrCreate(path: path) } }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(Set(keys.map { Hex.encode($0) }).count == 1)
        #expect(try MasterKeyFile.load(path: path) == keys[0])
    }

    @Test func decodeKeyValidatesLength() throws {
        #expect(try MasterKeyFile.decodeKey(String(repeating: "0f", count: 32)) == [UInt8](repeating: 0x0f, count: 32))
        #expect(throws: CryptoError.self) { try MasterKeyFile.decodeKey("00") }
    }
}
