// Route reconciling as desired state: over random transitions, the fake kernel table always
// ends exactly at the desired routes, foreign routes are never touched, adds come before
// removals, and a second reconcile changes nothing (STYLE habit 6).

import LanRoutes
import LanTestKit
import LanValues
import Testing

@Suite struct ReconcilerTests {
    let foreign = ["10.99.0.0/16 dev lanstitch0 proto static", "default via 192.0.2.1 dev eth0"]

    func randomRoutes(_ generator: inout SeededGenerator) -> Set<KernelRouteEntry> {
        var routes: Set<KernelRouteEntry> = []
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            let prefix = IPv4Prefix(
                IPv4Address(0x0A00_0000 | UInt32.random(in: 0...0xFF, using: &generator) << 16), length: 16)
            routes.insert(
                KernelRouteEntry(
                    prefix: prefix, device: ["lanstitch0", "lanstitch1"].randomElement(using: &generator)!))
        }
        return routes
    }

    @Test func randomTransitionsEndAtTheDesiredRoutes() throws {
        for seed in TestSeeds.list(count: 200) {
            var generator = SeededGenerator(seed: seed)
            let kernel = RecordingRouteInstaller(foreign: foreign)
            for _ in 0..<8 {
                let desired = randomRoutes(&generator)
                let before = kernel.log.count
                let changes = try kernel.reconcile(to: desired)
                #expect(kernel.owned == desired, "seed \(seed)")
                #expect(kernel.foreign == foreign, "seed \(seed)")
                #expect(Array(kernel.log[before...]) == changes, "seed \(seed)")
                let firstRemove = changes.firstIndex { if case .remove = $0 { return true } else { return false } }
                let lastAdd = changes.lastIndex { if case .add = $0 { return true } else { return false } }
                if let firstRemove, let lastAdd { #expect(lastAdd < firstRemove, "seed \(seed): adds must come first") }
                #expect(try kernel.reconcile(to: desired).isEmpty, "seed \(seed): second reconcile must be a no-op")
            }
            try kernel.removeAll()
            #expect(kernel.rendered == foreign.sorted().joined(separator: "\n"), "seed \(seed)")
        }
    }

    @Test func aPrefixMovingBetweenDevicesIsAddedBeforeTheOldOneGoes() throws {
        let prefix = try IPv4Prefix.parse("10.251.0.0/16").get()
        let old = KernelRouteEntry(prefix: prefix, device: "lanstitch0")
        let new = KernelRouteEntry(prefix: prefix, device: "lanstitch1")
        #expect(RouteReconciler.changes(desired: [new], current: [old]) == [.add(new), .remove(old)])
    }

    @Test func renderedAsIPRouteText() throws {
        let kernel = RecordingRouteInstaller(foreign: ["10.99.0.0/16 dev eth0 proto static"])
        try kernel.reconcile(to: [
            KernelRouteEntry(prefix: try IPv4Prefix.parse("10.251.0.0/16").get(), device: "lanstitch0")
        ])
        #expect(
            kernel.rendered == "10.251.0.0/16 dev lanstitch0 proto 217 scope link\n10.99.0.0/16 dev eth0 proto static")
    }
}
