// swift-tools-version:6.0
// lanstitch: one YAML inventory of VPN servers becomes one private LAN.
// Targets follow the layers of DESIGN.md: values → inventory → plan → commands → executable.
import PackageDescription

let package = Package(
    name: "lanstitch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lanstitch", targets: ["lanstitch"]),
        .library(name: "LanPlan", targets: ["LanPlan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Values: addresses, prefixes, source positions, diagnostics. No OS, no dependencies.
        .target(name: "LanValues"),
        // Inventory: YAML with source positions → typed inventory + every problem found.
        .target(name: "LanInventory", dependencies: ["LanValues", .product(name: "Yams", package: "Yams")]),
        // Plan: state folder, address plan, links, shortest paths, per-server route plans, renderers.
        .target(name: "LanPlan", dependencies: ["LanValues", "LanInventory"]),
        // State: the state folder beside the inventory — atomic writes, a lock, the address book.
        .target(name: "LanState", dependencies: ["LanValues", "LanInventory", "LanPlan"]),
        // Commands: the swift-argument-parser commands; each parses, calls one library function, prints.
        .target(
            name: "LanCommands",
            dependencies: [
                "LanValues", "LanInventory", "LanPlan", "LanState",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "lanstitch", dependencies: ["LanCommands"]),
        // Benchmark: plans a generated 1,000-server inventory and prints time and peak memory.
        .executableTarget(name: "lanstitch-bench-plan", dependencies: ["LanPlan", "LanTestKit"]),
        // Test kit: fakes and generators shared by tests and benchmarks.
        .target(name: "LanTestKit", dependencies: ["LanValues", "LanInventory", "LanPlan"]),
        .testTarget(name: "LanValuesTests", dependencies: ["LanValues"]),
        .testTarget(name: "LanInventoryTests", dependencies: ["LanInventory", "LanTestKit"]),
        .testTarget(
            name: "LanPlanTests",
            dependencies: ["LanPlan", "LanTestKit"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "LanStateTests", dependencies: ["LanState"]),
        .testTarget(name: "LanCommandsTests", dependencies: ["LanCommands", "LanTestKit"]),
    ]
)
