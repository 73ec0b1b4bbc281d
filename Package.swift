// swift-tools-version:6.0
// Parley: one binary on libmicrohttpd, SQLite and OpenSSL (see DESIGN.md §1-2).
import PackageDescription

/// Dependency rule: parley → ParleyAPI → ParleyCore → {ParleySQLite, ParleyCrypto, ParleyHTTPClient} → C modules.
/// Only the wrapper modules import a C module.
let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "parley", targets: ["parley"])],
    dependencies: [
        // The only outside package: the CLI parser, from the machine's mirror.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries found through pkg-config; the apt providers name the Debian -dev packages.
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // web/ and Resources/ compiled in with C23 #embed (Sources/CParleyWeb/generate.sh writes assets.c).
        .target(name: "CParleyWeb"),

        .target(name: "ParleyCrypto", dependencies: ["COpenSSL"]),
        .target(name: "ParleySQLite", dependencies: ["CSQLite"]),
        .target(name: "ParleyHTTP", dependencies: ["CMicroHTTPD"]),
        .target(name: "ParleyHTTPClient", dependencies: ["CCurl"]),
        .target(name: "ParleyWeb", dependencies: ["CParleyWeb", "ParleyCrypto"]),
        .target(name: "ParleyCore", dependencies: ["ParleySQLite", "ParleyCrypto", "ParleyHTTPClient"]),
        .target(name: "ParleyAPI", dependencies: ["ParleyCore", "ParleyHTTP", "ParleyHTTPClient", "ParleyWeb", "ParleyCrypto"]),
        .executableTarget(name: "parley", dependencies: [
            "ParleyAPI", "ParleyCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "ParleyTestSupport", dependencies: ["ParleyAPI", "ParleyCore", "ParleyHTTP", "ParleyHTTPClient", "ParleyCrypto"],
                path: "Tests/ParleyTestSupport"),
        .testTarget(name: "ParleyCryptoTests", dependencies: ["ParleyCrypto"]),
        .testTarget(name: "ParleySQLiteTests", dependencies: ["ParleySQLite"]),
        .testTarget(name: "ParleyHTTPTests", dependencies: ["ParleyHTTP", "ParleyTestSupport"]),
        .testTarget(name: "ParleyHTTPClientTests", dependencies: ["ParleyHTTPClient", "ParleyHTTP", "ParleyTestSupport"]),
        .testTarget(name: "ParleyAPITests", dependencies: ["ParleyAPI", "ParleyCore", "ParleyTestSupport"]),
        .testTarget(name: "ParleyBinaryTests", dependencies: ["ParleyTestSupport"]),
    ],
    // C23 for #embed in CParleyWeb (clang 21 from the toolchain).
    cLanguageStandard: .c2x
)
