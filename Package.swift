// swift-tools-version: 6.2
import PackageDescription

/// Parley's own targets build in Swift 6 language mode with every warning an error;
/// the dependencies keep their own settings.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/pointfreeco/swift-tagged", exact: "0.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        .target(
            name: "ParleyCore",
            dependencies: [.product(name: "Tagged", package: "swift-tagged")],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyLinkage",
            dependencies: ["ParleyCore"],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .target(
            name: "LinkageSynthetic",
            dependencies: ["ParleyLinkage", "ParleyCore"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "witness-bench",
            dependencies: ["ParleyLedger"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "linkage-bench",
            dependencies: ["ParleyLinkage", "ParleyCore", "LinkageSynthetic"],
            swiftSettings: strict
        ),
        .target(
            name: "ParleySynthetic",
            dependencies: ["ParleyCore", "ParleyLinkage"],
            swiftSettings: strict
        ),
        // SHA-256 on the x86 SHA extensions, for the journal's hot paths; ParleyLedger alone uses it.
        .target(name: "CParleySHA256"),
        .target(
            name: "ParleyLedger",
            dependencies: ["ParleyCore", "CParleySHA256", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyStore",
            dependencies: [
                "ParleyCore", "ParleyLedger", "ParleyLinkage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The seed's story, built through the use cases with synthetic people, for `parley demo` and the tests.
        .target(
            name: "ParleyDemo",
            dependencies: ["ParleyCore", "ParleyLedger", "ParleyStore", "ParleySynthetic"],
            swiftSettings: strict
        ),
        // The JSON of each resource, one type each, that the command line's --json and the API both answer with.
        .target(
            name: "ParleyJSON",
            dependencies: ["ParleyCore", "ParleyLedger", "ParleyLinkage", "ParleyStore"],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyWeb",
            dependencies: [
                "ParleyCore", "ParleyLedger", "ParleyStore", "ParleyLinkage", "ParleyJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyCore", "ParleyLedger", "ParleyStore", "ParleyLinkage", "ParleySynthetic", "ParleyWeb", "ParleyJSON",
                "ParleyDemo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyCoreTests",
            dependencies: ["ParleyCore", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyLinkageTests",
            dependencies: [
                "ParleyLinkage", "ParleyCore", "LinkageSynthetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyLedgerTests",
            dependencies: ["ParleyLedger", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyStoreTests",
            dependencies: [
                "ParleyStore", "ParleyLedger", "ParleyLinkage", "ParleyCore", "ParleySynthetic", "ParleyDemo",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyJSONTests",
            dependencies: ["ParleyJSON", "ParleyLedger"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyWebTests",
            dependencies: [
                "ParleyWeb", "ParleyStore", "ParleyCore", "ParleyLedger", "ParleySynthetic", "ParleyDemo",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "parleyTests",
            dependencies: [
                "parley", "ParleyCore", "ParleyLinkage", "LinkageSynthetic", "ParleyJSON", "ParleyLedger", "ParleyStore",
                "ParleyWeb", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
    ]
)
