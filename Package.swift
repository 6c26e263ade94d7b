// swift-tools-version:6.0
import PackageDescription

// Zero package dependencies by design: Foundation, the toolchain and Debian's libsqlite3 and zlib only.
let package = Package(
    name: "dualgate",
    products: [
        .executable(name: "dualgate", targets: ["dualgate"]),
        // dualgate inside another program (README "Embedding"; Examples/EmbeddedGateway): `import
        // Gateway` for `DualgateServer`, `XMLRPC` and `RESTRoutes` for own methods and routes,
        // `CredentialCore` for the store.
        .library(name: "Dualgate", targets: ["Gateway", "XMLRPC", "RESTRoutes", "CredentialCore", "WireFormat"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Wire-format helpers every module shares (ASCII case, base64, civil dates): no dependencies.
        .target(name: "WireFormat"),
        .target(name: "CredentialCore", dependencies: ["CSQLite", "WireFormat"]),
        .target(name: "XMLRPC", dependencies: ["CredentialCore", "WireFormat"]),
        .target(name: "RESTRoutes", dependencies: ["CredentialCore", "WireFormat"]),
        .target(name: "Gateway", dependencies: ["CredentialCore", "XMLRPC", "RESTRoutes", "WireFormat", "CZlib"]),
        // The release build of the server links the Swift runtime and Foundation in (what
        // `--static-swift-stdlib` does), so `swift run -c release dualgate serve` runs the binary
        // bench/run.sh measures: ~7 MB less idle RSS than with them as shared libraries (NOTES.md).
        // Only this executable target carries the flag: embedders depend on the `Dualgate` library,
        // whose targets have no unsafe flags. Debug builds (and so the tests) stay shared.
        .executableTarget(name: "dualgate", dependencies: ["Gateway"],
                          swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
                          linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),
        // Fuzzing (fuzz/README.md): harnesses as plain functions, checked over the seed corpus by
        // FuzzTargetsTests; `fuzz/run.sh` builds dualgate-fuzz with libFuzzer and address sanitizer.
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        .target(name: "FuzzTargets", dependencies: ["Gateway", "XMLRPC", "RESTRoutes", "CredentialCore"]),
        .executableTarget(name: "dualgate-fuzz", dependencies: ["FuzzTargets", "CLibFuzzer"]),
        .testTarget(name: "WireFormatTests", dependencies: ["WireFormat"]),
        // WordPress export documents as WP-CLI writes them, for the store's and the CLI's import tests.
        .target(name: "ExportFixtures", dependencies: ["CredentialCore"], path: "Tests/ExportFixtures"),
        // A throwaway PostgreSQL cluster (initdb in a temp dir, started and stopped by PID) for the
        // tests that run the store on PostgreSQL (issue 15).
        .target(name: "PostgresFixture", path: "Tests/PostgresFixture"),
        .testTarget(name: "CredentialCoreTests", dependencies: ["CredentialCore", "WireFormat", "ExportFixtures", "PostgresFixture"]),
        .testTarget(name: "XMLRPCTests", dependencies: ["XMLRPC", "CredentialCore", "PostgresFixture"]),
        .testTarget(name: "RESTRoutesTests", dependencies: ["RESTRoutes", "CredentialCore", "PostgresFixture"]),
        // GatewayTests drive the real `dualgate` binary, so it must be built before they run.
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "CredentialCore", "dualgate", "ExportFixtures", "PostgresFixture"],
                    exclude: ["Upstream/fixture-upstream.py"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "Gateway", "XMLRPC", "RESTRoutes", "CredentialCore"]),
    ],
    swiftLanguageModes: [.v6]
)
