// LayerRules: the layer rules of DESIGN.md (Architecture) and issue 15, in one table. Rules
// with `holdsToday: false` are the redesign's goals that the code does not meet yet; when one
// starts to hold, its test fails and asks for the flag to be flipped, so it stays held.

enum LayerRules {
    /// Targets that decide and never touch the OS: planning, codecs, protocol, rendering.
    static let pure = [
        "LanValues", "LanPlan", "LanWire", "LanProtocol", "LanForwarding", "LanRoutes", "LanProfile", "LanStatus",
        "LanTemplates", "LanBundle", "LanHost", "LanDataPlane",
    ]
    /// Targets that reach the kernel: the Linux implementations and their C modules.
    static let osTargets: Set<String> = ["LanLinux", "LanNetlink", "CLinuxShim", "CNetlink"]
    /// Text that means a file calls the OS itself: libc, processes, files, the environment, the
    /// wall clock. (`import Foundation` alone is fine: JSON, Data and String are values.)
    static let osCalls = [
        "import Glibc", "import Darwin", "Process(", "ProcessInfo", "FileManager", "FileHandle", "contentsOfFile",
        "write(toFile", "atomically:", "getenv(", "Date()",
    ]
    /// Each C module and the one target that wraps it. CYaml is Yams' libyaml, which only the
    /// inventory's pre-compose scan (LanInventory's YAMLGuard) reads events from directly.
    static let wrappers = [
        "COpenSSL": "LanCrypto", "CLinuxShim": "LanLinux", "CNetlink": "LanNetlink", "CYaml": "LanInventory",
        "CLibFuzzer": "lanstitch-fuzz",
    ]

    static let all: [LayerRule] = enforced + notYet

    static let enforced: [LayerRule] = [
        LayerRule(
            name: "pure targets (and LanControl) call no OS API",
            why: "Planning, codecs, protocol and rendering are functions of values (STYLE 1, 7): once one opens a "
                + "file, spawns a process or reads the wall clock, it can only be tested on the machine it runs on; "
                + "LanControl's one socket goes through LanLinux.",
            violations: { $0.lines(in: pure + ["LanControl"], containing: osCalls) }),
        LayerRule(
            name: "pure targets depend on no OS target", why: purity, needsGraph: true,
            violations: { project in pure.flatMap { project.dependencies(of: $0, among: osTargets) } }),
        LayerRule(
            name: "C modules are imported only by their wrapper and its tests",
            why: "C is wrapped once and thinly (STYLE 10): one owning class per handle, errors checked once; "
                + "a second importer would re-wrap it without those guarantees.",
            violations: { project in
                wrappers.sorted { $0.key < $1.key }.flatMap { c, wrapper in
                    project.tree.targets.subtracting([wrapper, wrapper + "Tests"]).sorted().flatMap {
                        project.imports(of: $0, among: [c])
                    }
                }
            }),
        LayerRule(
            name: "C modules are dependencies only of their wrapper and its tests", why: wrapOnce, needsGraph: true,
            violations: { project in
                wrappers.sorted { $0.key < $1.key }.flatMap { c, wrapper in
                    (project.graph.map { Array($0.targets.values) } ?? []).filter {
                        $0.dependencies.contains(c) && ![wrapper, wrapper + "Tests"].contains($0.name)
                    }.map { "\($0.name) depends on \(c)" }.sorted()
                }
            }),
        LayerRule(
            name: "LanLab does not import LanDaemon",
            why: "The lab starts daemons as processes and asks them over the control socket (LanControl); "
                + "linking the daemon into it would let lab code reach into the daemon's state.",
            violations: { $0.imports(of: "LanLab", among: ["LanDaemon"]) }),
        LayerRule(
            name: "LanLab does not depend on LanDaemon", why: labApart, needsGraph: true,
            violations: { $0.dependencies(of: "LanLab", among: ["LanDaemon"]) }),
        LayerRule(
            name: "LanDaemon does not import LanCommands, LanLab or LanDeploy",
            why: "The daemon is wiring below the command line (DESIGN layers): the CLI builds the daemon, never "
                + "the other way round, or one change at the top rebuilds and re-tests everything.",
            violations: { $0.imports(of: "LanDaemon", among: ["LanCommands", "LanLab", "LanDeploy"]) }),
        LayerRule(
            name: "LanDaemon does not depend on LanCommands, LanLab or LanDeploy", why: daemonBelow, needsGraph: true,
            violations: { $0.dependencies(of: "LanDaemon", among: ["LanCommands", "LanLab", "LanDeploy"]) }),
        LayerRule(
            name: "LanDaemon never imports Glibc",
            why: "System calls live in LanLinux only (DESIGN: linux is the only place that touches the OS); "
                + "the daemon reaches them through LanLinux's wrappers, which check every result.",
            violations: { $0.imports(of: "LanDaemon", among: ["Glibc"]) }),
        LayerRule(
            name: "every first-party import of a Sources target is a declared dependency",
            why: "Package.swift is the record of the layers: an import that works only through another target's "
                + "dependency hides an edge, and breaks when that target drops it.",
            needsGraph: true,
            violations: { project in
                guard let graph = project.graph else { return [] }
                let ours = Set(graph.targets.keys)
                return graph.names([.regular, .executable]).flatMap { name in
                    let declared = Set(graph.targets[name]?.dependencies ?? [])
                    return project.tree.imports(of: name).intersection(ours).subtracting(declared).subtracting([name])
                        .sorted()
                        .map { "\(name) imports \($0) without declaring it" }
                }
            }),
        LayerRule(
            name: "every folder under Sources/ and Tests/ is a target of Package.swift, and back",
            why: "The rules find a target's files by its folder (SwiftPM's default layout); a target elsewhere "
                + "would escape every rule here.",
            needsGraph: true,
            violations: { project in
                guard let graph = project.graph else { return [] }
                let declared = Set(graph.names([.regular, .executable, .test, .system]))
                let folders = project.tree.targets
                return folders.subtracting(declared).sorted().map { "folder \($0) is not a target" }
                    + declared.subtracting(folders).subtracting(wrappers.keys).sorted().map {
                        "target \($0) has no Swift files in Sources/\($0) or Tests/\($0)"
                    }
            }),
        LayerRule(
            name: "every Swift file starts with a comment saying what it is for",
            why: "STYLE: every file says what it is for, so a reader knows what belongs in it before reading it.",
            violations: { project in
                project.tree.files.filter { file in
                    let first = file.text.prefix { $0 != "\n" }
                    return !first.hasPrefix("// ") || first.split(separator: " ").count < 4
                }.map { "\($0.path): the first line is not a comment of at least three words" }
            }),
        LayerRule(
            name: "LanDaemon does not import LanPKI",
            why: "The daemon reads a typed ServerPlan decoded once (LanBundle, issue 15 item 1), not the PKI's "
                + "files and strings.",
            violations: { $0.imports(of: "LanDaemon", among: ["LanPKI"]) }),
        LayerRule(
            name: "LanDaemon does not import LanNetlink or run programs",
            why: "The command line builds the real host (LanCommands' LinuxHosts.swift: netlink routes, "
                + "sysctls, nft) and hands it in, so the daemon runs in process over fakes.",
            violations: {
                $0.imports(of: "LanDaemon", among: ["LanNetlink"])
                    + $0.lines(in: ["LanDaemon"], containing: ["Process(", "/proc/sys"])
            }),
        LayerRule(
            name: "LanDaemon re-parses no plan strings",
            why: "A bad plan entry fails once, with the file and the entry, when the bundle is decoded; "
                + "`compactMap { try? … parse }` drops it silently.",
            violations: { $0.lines(in: ["LanDaemon"], containing: ["compactMap { try? IPv4Prefix.parse"]) }),
        LayerRule(
            name: "lanstitch-fuzz does not depend on LanTemplates",
            why: "The fuzz build compiles every target it needs with -sanitize=fuzzer; the EmbedTemplates "
                + "plugin's tool, built that way, cannot link (it has no LLVMFuzzerTestOneInput), so the "
                + "fuzzer must not need LanTemplates, nor LanPKI or LanTestKit above it (docs/fuzzing.md).",
            needsGraph: true,
            violations: { $0.dependencies(of: "lanstitch-fuzz", among: ["LanTemplates", "LanPKI", "LanTestKit"]) }),
        LayerRule(
            name: "LanDaemon never imports LanLinux",
            why: "Everything the OS provides is injected (issue 15 item 3): the CLI builds a ServerHost from "
                + "LanLinux and hands it in, so the daemon can run in process over fakes.",
            violations: { $0.imports(of: "LanDaemon", among: ["LanLinux"]) }),
        LayerRule(
            name: "LanDaemon does not depend on LanLinux", why: injected, needsGraph: true,
            violations: { $0.dependencies(of: "LanDaemon", among: ["LanLinux"]) }),
        LayerRule(
            name: "no file extends ServerDaemon",
            why: "The daemon is owned components with written seams (issue 15 item 2), not one class whose "
                + "extensions call each other in a circle.",
            violations: { $0.lines(in: $0.tree.sourceTargets, containing: ["extension ServerDaemon"]) }),
        LayerRule(
            name: "LanDataPlane imports only LanValues, LanHost, LanProtocol, LanWire, LanCrypto, LanForwarding",
            why: "The per-packet path is written only against the seams (issue 15 item 1), so the zero-allocation "
                + "proof and the in-process tests run the same code as the daemon.",
            violations: { project in
                let allowed: Set<String> = [
                    "LanValues", "LanHost", "LanProtocol", "LanWire", "LanCrypto", "LanForwarding",
                ]
                guard !project.tree.files(of: "LanDataPlane").isEmpty else { return ["there is no LanDataPlane yet"] }
                return project.tree.files(of: "LanDataPlane").flatMap { file in
                    file.imports.subtracting(allowed).sorted().map { "\(file.path): imports \($0)" }
                }
            }),
        LayerRule(
            name: "LanDataPlane depends on no OS target and not on the daemon", why: dataPlaneSeams, needsGraph: true,
            violations: { $0.dependencies(of: "LanDataPlane", among: osTargets.union(["LanDaemon", "LanBundle"])) }),
    ]

    static let notYet: [LayerRule] = [
        LayerRule(
            name: "LanInventory calls no OS API",
            why: "DESIGN: inventory and planner do not touch the OS; reading the file belongs to the caller, "
                + "so validation is a function of the text.",
            holdsToday: false, violations: { $0.lines(in: ["LanInventory"], containing: osCalls) }),
        LayerRule(
            name: "LanCrypto touches no files",
            why: "DESIGN: crypto is OpenSSL only, in memory; a digest of a file reads the file at the edge.",
            holdsToday: false,
            violations: { $0.lines(in: ["LanCrypto"], containing: ["FileHandle", "FileManager", "contentsOfFile"]) }),
    ]

    // Sentences shared by a rule's import half and its graph half.
    static let purity =
        "A dependency on LanLinux, LanNetlink or a C shim brings system calls in through the back door; "
        + "OpenSSL through LanCrypto is allowed (in memory only)."
    static let wrapOnce = "C is wrapped once and thinly (STYLE 10); only the wrapper may link its C module."
    static let labApart = "The lab asks daemons over the control socket (LanControl); it never links the daemon."
    static let dataPlaneSeams =
        "The per-packet path runs over LanHost's seams only, so the alloc proof and the in-process tests run it."
    static let injected = "The daemon is written against LanHost's seams; only the command line links LanLinux."
    static let daemonBelow = "The command line builds the daemon, never the other way round (DESIGN layers)."
}
