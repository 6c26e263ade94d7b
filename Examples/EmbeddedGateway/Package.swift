// swift-tools-version:6.0
import PackageDescription

// An application of its own that embeds dualgate: its XML-RPC method and REST routes are served
// next to dualgate's, behind dualgate's credential core. Depends on the repository by path; a
// real project would name its git URL instead.
let package = Package(
    name: "EmbeddedGateway",
    dependencies: [.package(name: "dualgate", path: "../..")],
    targets: [
        .target(name: "NotesGateway", dependencies: [.product(name: "Dualgate", package: "dualgate")]),
        .executableTarget(name: "notes-gateway", dependencies: ["NotesGateway", .product(name: "Dualgate", package: "dualgate")]),
        .testTarget(name: "NotesGatewayTests", dependencies: ["NotesGateway", .product(name: "Dualgate", package: "dualgate")]),
    ],
    swiftLanguageModes: [.v6]
)
