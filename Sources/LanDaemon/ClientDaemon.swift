// ClientDaemon: `lanstitch up PROFILE.ovpn` — a Linux client for lanstitch and stock OpenVPN
// 2.6 servers, over UDP or TCP. It tries the profile's remotes in order, runs one connection attempt at a time
// (ClientDaemon+Attempt.swift), and reconnects after a lost connection; AUTH_FAILED, HALT and
// a stop request end it.

import Foundation
import LanCrypto
import LanHost
import LanProfile
import LanValues
import LanWire

/// The client daemon. `run()` owns it; `stopHandle` may be called from any thread.
public final class ClientDaemon {
    let profile: ClientProfile
    let log: @Sendable (String) -> Void
    let tls: TLSContext
    let tlsCrypt: StaticKey
    let stopFlag = StopFlag()
    /// The operating system (LanCommands' LinuxHosts.client(), or fakes in tests).
    let host: ClientHost
    /// The TUN device the client creates.
    public static let device = "lanstitch-up0"

    /// Checks what the profile needs (tls-crypt) and builds the TLS context.
    public init(profile: ClientProfile, host: ClientHost, log: @escaping @Sendable (String) -> Void) throws {
        self.host = host
        guard let keyText = profile.tlsCrypt else {
            throw DaemonError(
                "the profile has no tls-crypt key; lanstitch up needs one (lanstitch client add writes it)")
        }
        self.profile = profile
        self.log = log
        tlsCrypt = try StaticKey(text: keyText)
        tls = try TLSContext(
            TLSConfiguration(
                role: .client, authority: try Certificate(pem: profile.ca),
                certificate: try Certificate(pem: profile.certificate),
                privateKey: try PrivateKey(pem: profile.key),
                requiredPeerName: profile.verifyName.map { $0.prefix ? .prefix($0.name) : .exact($0.name) }))
    }

    /// A function that stops the client, for signal handlers on other threads.
    public var stopHandle: @Sendable () -> Void {
        let flag = stopFlag
        return { flag.set() }
    }

    /// How an attempt ended.
    enum Outcome {
        case stopped
        case unreachable(String)
        case lost(String)
        case fatal(String)
    }

    /// Connects and stays connected until stopped; throws on AUTH_FAILED or HALT.
    public func run() throws {
        var failures = 0
        while !stopFlag.isSet {
            for remote in profile.remotes {
                guard !stopFlag.isSet else { return }
                switch attempt(remote) {
                case .stopped: return
                case .fatal(let reason): throw DaemonError(reason)
                case .unreachable(let reason):
                    log("\(remote.host):\(remote.port)/\(remote.transport.rawValue): \(reason); trying the next server")
                case .lost(let reason):
                    log("connection to \(remote.host):\(remote.port) lost: \(reason); reconnecting")
                    failures = 0
                }
            }
            failures += 1
            let pause = min(30, 1 << min(failures, 5))
            log("no server answered; retrying in \(pause) s")
            for _ in 0..<(pause * 10) where !stopFlag.isSet { usleep(100_000) }
        }
    }
}
