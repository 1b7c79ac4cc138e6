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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", exact: "1.6.1"),
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
        // Bundle: server.yaml's schema (written by LanPKI's bundle) and its typed decoding (pure).
        .target(name: "LanBundle", dependencies: ["LanValues", "LanPlan"]),
        // OpenSSL 3 headers and the few macro shims Swift cannot import.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // Crypto: thin owning wrappers over OpenSSL — keys, X.509 certificates, CRLs, static keys.
        .target(name: "LanCrypto", dependencies: ["COpenSSL"]),
        // Templates: templates/*.mustache, embedded into the library at build time, and their renderer.
        .executableTarget(name: "embed-templates"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["embed-templates"]),
        .target(
            name: "LanTemplates", dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            plugins: ["EmbedTemplates"]),
        // PKI: the LAN's CA, certificates, CRL and tls-crypt key in the state folder; profiles, bundles.
        .target(
            name: "LanPKI",
            dependencies: [
                "LanValues", "LanInventory", "LanPlan", "LanState", "LanCrypto", "LanTemplates", "LanBundle",
                .product(name: "Yams", package: "Yams"),
            ]),
        // Wire: OpenVPN packet codecs, tls-crypt framing, key-method 2, options and push text (pure).
        .target(name: "LanWire", dependencies: ["LanValues", "LanCrypto"]),
        // Protocol: the sans-I/O session machine — reliability layer, key states, timers.
        .target(name: "LanProtocol", dependencies: ["LanValues", "LanWire", "LanCrypto"]),
        // Linux: TUN devices and sockets; the C shim holds what Swift cannot import.
        .target(name: "CLinuxShim"),
        // The seams between the daemon and the OS: packet batches, TUN and datagram links, readiness,
        // streams, the clock and the host network settings, as protocols with contracts (no system calls).
        .target(name: "LanHost", dependencies: ["LanValues", "LanRoutes"]),
        .target(name: "LanLinux", dependencies: ["CLinuxShim", "LanValues", "LanHost"]),
        // Forwarding: longest-prefix-match table, IPv4 header edits, ICMP errors (pure, per packet).
        .target(name: "LanForwarding", dependencies: ["LanValues"]),
        // Routes: kernel routes as desired state — reconcile (add before delete) and the installer seam.
        .target(name: "LanRoutes", dependencies: ["LanValues"]),
        // Netlink: libnl-route-3 behind the RouteInstaller seam.
        .systemLibrary(
            name: "CNetlink", pkgConfig: "libnl-route-3.0", providers: [.apt(["libnl-3-dev", "libnl-route-3-dev"])]),
        .target(name: "LanNetlink", dependencies: ["CNetlink", "LanRoutes", "LanValues"]),
        // Profile: reading standard OpenVPN client profiles (.ovpn) for `lanstitch up`.
        .target(name: "LanProfile", dependencies: ["LanValues"]),
        // Status: the live view (schema lanstitch.status/v1), its text, JSON, DOT and Prometheus
        // renderings (pure).
        .target(name: "LanStatus"),
        // Control: the control socket's protocol (one JSON line each way), the bounded request
        // parsers of the control socket and /metrics (values only).
        .target(name: "LanControl", dependencies: ["LanStatus"]),
        // The asking side of the control socket (`lanstitch status`, `lab status`), over LanLinux's Unix socket.
        .target(name: "LanControlClient", dependencies: ["LanControl", "LanStatus", "LanLinux"]),
        // Log: swift-log's handler for lanstitch — text or JSON lines on standard error.
        .target(name: "LanLog", dependencies: [.product(name: "Logging", package: "swift-log")]),
        // Data plane: the per-packet stages (classify, open, demultiplex, admit, route, seal,
        // emit) over one DataPeer for members, links and `lanstitch up`, written against LanHost.
        .target(
            name: "LanDataPlane",
            dependencies: ["LanValues", "LanHost", "LanProtocol", "LanWire", "LanCrypto", "LanForwarding"]),
        // Daemon: `lanstitch server` — configuration, session manager, event loop, route reconcile.
        .target(
            name: "LanDaemon",
            dependencies: [
                "LanValues", "LanBundle", "LanPlan", "LanCrypto", "LanForwarding", "LanRoutes", "LanHost",
                "LanDataPlane",
                "LanWire",
                "LanProtocol", "LanProfile", "LanStatus", "LanControl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Lab: the whole LAN in network namespaces on this machine (`lanstitch lab`).
        .target(
            name: "LanLab",
            dependencies: [
                "LanValues", "LanInventory", "LanPlan", "LanState", "LanPKI", "LanControl", "LanControlClient",
                "LanStatus",
            ]),
        // Deploy: `lanstitch deploy` — releases over SSH (system OpenSSH), change plans from hashes, health.
        .target(name: "LanDeploy", dependencies: ["LanInventory", "LanValues", "LanState", "LanPKI", "LanCrypto"]),
        // Commands: the swift-argument-parser commands; each parses, calls one library function, prints.
        .target(
            name: "LanCommands",
            dependencies: [
                "LanValues", "LanInventory", "LanPlan", "LanState", "LanPKI", "LanDaemon", "LanProfile", "LanLab",
                "LanStatus", "LanLog", "LanLinux", "LanHost", "LanNetlink", "LanProtocol", "LanDeploy", "LanControl",
                "LanControlClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "lanstitch", dependencies: ["LanCommands"]),
        // Benchmark: plans a generated 1,000-server inventory and prints time and peak memory.
        .executableTarget(
            name: "lanstitch-bench-plan", dependencies: ["LanPlan", "LanInventory", "LanValues", "LanTestKit"]),
        // Benchmark: counts heap allocations on the steady-state forwarding path (malloc interposer).
        .executableTarget(
            name: "lanstitch-bench-alloc",
            dependencies: [
                "LanPlan", "LanInventory", "LanForwarding", "LanProtocol", "LanHost", "LanCrypto", "LanDataPlane",
                "LanWire",
                "LanValues", .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]),
        // Fuzzing: libFuzzer harnesses over the control path and the parsers (docs/fuzzing.md), one
        // executable that fuzzes under -sanitize=fuzzer and replays inputs without it, and the weak
        // C reference to libFuzzer's driver that lets the same executable link both ways.
        .target(
            name: "LanFuzz",
            dependencies: [
                "LanValues", "LanWire", "LanProtocol", "LanCrypto", "LanForwarding", "LanPlan", "LanControl",
                "LanProfile", "LanInventory",
            ]),
        .target(name: "CLibFuzzer"),
        .executableTarget(name: "lanstitch-fuzz", dependencies: ["LanFuzz", "CLibFuzzer"]),
        // Test kit: fakes and generators shared by tests and benchmarks.
        .target(
            name: "LanTestKit",
            dependencies: [
                "LanValues", "LanInventory", "LanPlan", "LanWire", "LanRoutes", "LanState", "LanPKI", "LanForwarding",
                "LanHost", "LanLinux",
            ]),
        .testTarget(name: "LanValuesTests", dependencies: ["LanValues"]),
        .testTarget(name: "LanInventoryTests", dependencies: ["LanInventory", "LanTestKit"]),
        .testTarget(
            name: "LanPlanTests",
            dependencies: ["LanPlan", "LanTestKit"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "LanStateTests", dependencies: ["LanState"]),
        .testTarget(name: "LanCryptoTests", dependencies: ["LanCrypto", "COpenSSL", "LanTestKit"]),
        .testTarget(
            name: "LanPKITests",
            dependencies: ["LanPKI", "LanPlan", "LanState", "LanTemplates", "LanTestKit", "LanValues", "LanWire"],
            exclude: ["Golden"]),
        .testTarget(name: "LanWireTests", dependencies: ["LanWire", "LanCrypto", "LanTestKit"]),
        .testTarget(name: "LanProtocolTests", dependencies: ["LanProtocol", "LanWire", "LanCrypto", "LanTestKit"]),
        .testTarget(name: "LanLinuxTests", dependencies: ["LanLinux", "LanHost", "CLinuxShim", "LanTestKit"]),
        .testTarget(name: "LanForwardingTests", dependencies: ["LanForwarding", "LanTestKit"]),
        .testTarget(name: "LanRoutesTests", dependencies: ["LanRoutes", "LanPlan", "LanTestKit"]),
        .testTarget(name: "LanNetlinkTests", dependencies: ["LanNetlink", "LanRoutes", "LanLinux", "LanHost"]),
        .testTarget(name: "LanProfileTests", dependencies: ["LanProfile", "LanPKI", "LanState", "LanTestKit"]),
        .testTarget(name: "LanDataPlaneTests", dependencies: ["LanDataPlane", "LanValues", "LanForwarding"]),
        .testTarget(
            name: "LanDaemonTests",
            dependencies: [
                "LanDaemon", "LanDataPlane", "LanPKI", "LanState", "LanForwarding", "LanTestKit", "LanLinux", "LanHost",
                "LanRoutes",
                "LanProtocol", "LanCrypto",
                "LanValues",
            ]),
        .testTarget(name: "LanLabTests", dependencies: ["LanLab", "LanInventory", "LanPlan", "LanValues"]),
        .testTarget(name: "LanDeployTests", dependencies: ["LanDeploy", "LanInventory", "LanPKI"]),
        .testTarget(name: "LanCommandsTests", dependencies: ["LanCommands", "LanLinux", "LanHost", "LanTestKit"]),
        .testTarget(name: "LanStatusTests", dependencies: ["LanStatus"]),
        .testTarget(
            name: "LanControlTests", dependencies: ["LanControl", "LanControlClient", "LanStatus", "LanLinux"]),
        .testTarget(name: "LanFuzzTests", dependencies: ["LanFuzz"]),
        // Architecture: DESIGN.md's layer rules over the package graph and every file's imports.
        .testTarget(name: "ArchitectureTests"),
        .testTarget(
            name: "LanLogTests", dependencies: ["LanLog", .product(name: "Logging", package: "swift-log")]),
    ]
)
