// LabLink: `lanstitch lab link INVENTORY A B down|up` — cuts or heals the underlay between two
// nodes of a running lab by applying a LabCut's nft script inside the lab's internet namespace
// (never the root namespace). Idempotent both ways.

/// Whether a lab link is to be cut or healed.
public enum LinkState: String, CaseIterable, Sendable {
    /// Drop the pair's underlay traffic.
    case down
    /// Let it through again.
    case up
}

/// Cuts and heals the underlay between lab nodes.
public enum LabLink {
    /// Applies `state` to the pair `a`–`b` of the running lab; returns the cut it acted on.
    @discardableResult
    public static func run(_ lab: LabContext, _ a: String, _ b: String, _ state: LinkState) throws -> LabCut {
        try LabContext.requireRoot()
        let record = try lab.runningRecord()
        let cut = try LabCut.between(a, b, in: record.layout)
        _ = try HostTool.require("nft", package: "nftables")
        guard try LabContext.existingNamespaces().contains(record.layout.internet) else {
            throw LabError(
                "the lab's internet namespace \(record.layout.internet) is gone (a crashed lab?); `lanstitch lab up \(lab.path)` builds it again"
            )
        }
        let script = state == .down ? cut.downScript : cut.upScript
        try HostTool.check(["ip", "netns", "exec", record.layout.internet, "nft", script])
        return cut
    }

    /// The names of the pairs cut now in the running lab (`a–c`), for `lab status`.
    public static func cuts(_ record: LabRecord) -> [String] {
        let listing =
            (try? HostTool.run([
                "ip", "netns", "exec", record.layout.internet, "nft", "list", "table", "bridge", LabCut.table,
            ]))
            .flatMap { $0.status == 0 ? $0.output : nil } ?? ""
        let byAddress = Dictionary(
            record.layout.nodes.filter { $0.role != .site }.map { ($0.underlay.address, $0.name) },
            uniquingKeysWith: { first, _ in first })
        return LabCut.cutPairs(inListing: listing).map { a, b in
            "\(byAddress[a] ?? a.description)–\(byAddress[b] ?? b.description)"
        }
    }
}
