// OpenVPN3ProfileCheck: reads a client profile (or a client template) the way OpenVPN 3 core
// splits it into options, and names every line it would refuse (OpenVPN3Options); and checks
// that a route is a canonical network address, since OpenVPN 3 refuses a pushed route with
// host bits set ("route is not canonical", tun/client/tunprop.hpp) and the route is lost.

import Foundation
import LanValues

enum OpenVPN3ProfileCheck {
    /// One option of a profile and what OpenVPN 3 does with it.
    struct Finding: Equatable {
        var line: Int
        var option: String
        var verdict: OpenVPN3Verdict
    }

    /// Every option of `text`: `name args` lines and `<name>…</name>` inline blocks; comments,
    /// blank lines and mustache tags (`{{#remotes}}`, `{{% …}}`) are not options.
    static func findings(_ text: String) -> [Finding] {
        var found: [Finding] = []
        var block: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let open = block {
                if line.hasSuffix("</\(open)>") { block = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || line.hasPrefix("{{") { continue }
            if line.hasPrefix("<"), !line.hasPrefix("</"), let end = line.firstIndex(of: ">") {
                let name = String(line[line.index(after: line.startIndex)..<end])
                found.append(Finding(line: index + 1, option: name, verdict: OpenVPN3Options.verdict([name])))
                if !line.hasSuffix("</\(name)>") { block = name }
                continue
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            found.append(Finding(line: index + 1, option: words[0], verdict: OpenVPN3Options.verdict(words)))
        }
        return found
    }

    /// What OpenVPN 3 would refuse in `text`, one "line N: option: reason" each; a profile
    /// without `client` is refused too (it supports client mode only).
    static func problems(_ text: String) -> [String] {
        let found = findings(text)
        var problems = found.compactMap { finding -> String? in
            guard case .fatal(let reason) = finding.verdict else { return nil }
            return "line \(finding.line): \(finding.option): \(reason)"
        }
        if !found.contains(where: { $0.option == "client" }) { problems.append("no 'client' line: client mode only") }
        return problems
    }

    /// The options OpenVPN 3 ignores in `text` (it logs a note for each and connects).
    static func ignored(_ text: String) -> [String] {
        findings(text).filter { $0.verdict == .ignored }.map(\.option)
    }

    /// nil when `network netmask` is a canonical network (host bits zero, contiguous mask),
    /// otherwise what is wrong with it.
    static func routeProblem(network: String, netmask: String) -> String? {
        guard let address = IPv4Address(network), let mask = IPv4Address(netmask) else {
            return "route \(network) \(netmask): not two IPv4 addresses"
        }
        let length = mask.value.nonzeroBitCount
        guard mask.value == IPv4Prefix.mask(length) else {
            return "route \(network) \(netmask): netmask not contiguous"
        }
        guard address.value & mask.value == address.value else {
            return
                "route \(network) \(netmask): host bits set (the network is \(IPv4Address(address.value & mask.value)))"
        }
        return nil
    }

    /// nil when CIDR text `a.b.c.d/len` is a canonical network, otherwise what is wrong with it.
    static func prefixProblem(_ text: String) -> String? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let length = Int(parts[1]), (0...32).contains(length) else {
            return "\(text): not a.b.c.d/len"
        }
        return routeProblem(network: String(parts[0]), netmask: IPv4Address(IPv4Prefix.mask(length)).description)
    }

    /// Every `route NETWORK NETMASK …` among `options` (push lines or config lines, with or
    /// without `push "…"` around them) that is not canonical.
    static func routeProblems(_ options: [String]) -> [String] {
        options.compactMap { option in
            var line = option.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("push \"") && line.hasSuffix("\"") { line = String(line.dropFirst(6).dropLast()) }
            let words = line.split(separator: " ").map(String.init)
            guard words.first == "route", words.count >= 2 else { return nil }
            return routeProblem(network: words[1], netmask: words.count >= 3 ? words[2] : "255.255.255.255")
        }
    }
}
