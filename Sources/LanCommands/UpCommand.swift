// `lanstitch up PROFILE.ovpn`: connect this Linux host as a client, from a standard profile,
// until SIGTERM or SIGINT (then EXIT is sent and the routes it added are removed).

import ArgumentParser
import Foundation
import LanDaemon
import LanProfile
import LanValues

struct UpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Connect as a client from an .ovpn profile (Linux; lanstitch and stock OpenVPN 2.6 servers).")

    @Argument(help: "The profile (.ovpn) from `lanstitch client add`, or a stock OpenVPN client profile.")
    var profile: String

    @OptionGroup var logging: LogOptions

    func run() throws {
        let client: ClientDaemon
        do {
            guard let data = FileManager.default.contents(atPath: profile),
                let text = String(data: data, encoding: .utf8)
            else {
                throw DaemonError("\(profile): cannot be read")
            }
            let folder = (profile as NSString).deletingLastPathComponent
            let parsed = try ClientProfileParser.parse(text, file: profile) { name in
                let path = name.hasPrefix("/") ? name : (folder.isEmpty ? name : folder + "/" + name)
                return FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
            }
            client = try ClientDaemon(
                profile: parsed, host: LinuxHosts.client(), log: LogOptions.lines(try logging.logger()))
        } catch {
            throw Output.fail(error)
        }
        try Foreground.run(stop: client.stopHandle) { try client.run() }
    }
}
