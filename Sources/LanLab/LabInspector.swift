// LabInspector: reads the live state of a lab namespace — its IPv4 addresses per device, from
// `ip -j -4 addr show` run inside it.

import Foundation
import LanValues

/// An IPv4 address on a device of a namespace.
public struct DeviceAddress: Codable, Equatable, Sendable {
    public var device: String
    public var address: IPv4Address
    public var prefixLength: Int

    public init(device: String, address: IPv4Address, prefixLength: Int) {
        self.device = device
        self.address = address
        self.prefixLength = prefixLength
    }
}

/// Looks into lab namespaces.
public enum LabInspector {
    /// The IPv4 addresses in `namespace`, loopback left out.
    public static func addresses(in namespace: String) throws -> [DeviceAddress] {
        try parseAddresses(HostTool.check(["ip", "-n", namespace, "-j", "-4", "addr", "show"]))
    }

    /// Parses `ip -j -4 addr show` output (pure).
    public static func parseAddresses(_ json: String) -> [DeviceAddress] {
        struct Link: Decodable {
            struct Info: Decodable {
                var local: String?
                var prefixlen: Int?
            }
            var ifname: String?
            var addressInfo: [Info]?

            enum CodingKeys: String, CodingKey {
                case ifname
                case addressInfo = "addr_info"
            }
        }
        guard let links = try? JSONDecoder().decode([Link].self, from: Data(json.utf8)) else { return [] }
        return links.flatMap { link -> [DeviceAddress] in
            guard let name = link.ifname, name != "lo" else { return [] }
            return (link.addressInfo ?? []).compactMap { info in
                guard let text = info.local, let address = IPv4Address(text) else { return nil }
                return DeviceAddress(device: name, address: address, prefixLength: info.prefixlen ?? 32)
            }
        }
    }
}
