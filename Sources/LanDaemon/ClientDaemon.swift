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

    /// The longest pause between attempts while no server answers (Redial's backoff).
    static let retryCeiling: Duration = .seconds(30)

    /// Connects and stays connected until stopped; throws on AUTH_FAILED or HALT. Attempts
    /// follow Redial, the schedule server links use: the remotes in order, a lost connection
    /// moves on to the next (the fallback server), failures back off up to 30 s.
    public func run() throws {
        var redial = Redial(remotes: profile.remotes.count, ceiling: Self.retryCeiling, sameRemoteAfterLoss: false)
        var generator = SystemRandomNumberGenerator()
        while !stopFlag.isSet {
            guard redial.isDue(at: host.clock.now) else {
                usleep(50_000)
                continue
            }
            redial.handle(.start, now: host.clock.now, using: &generator)
            let remote = profile.remotes[redial.remote]
            let (outcome, configured) = attempt(remote)
            if configured { redial.handle(.configured, now: host.clock.now, using: &generator) }
            switch outcome {
            case .stopped: return
            case .fatal(let reason): throw DaemonError(reason)
            case .unreachable(let reason):
                log("\(remote.host):\(remote.port)/\(remote.transport.rawValue): \(reason); trying the next server")
            case .lost(let reason):
                log("connection to \(remote.host):\(remote.port) lost: \(reason); reconnecting")
            }
            redial.handle(.failed(refused: false), now: host.clock.now, using: &generator)
            if redial.failures > 0, redial.failures % profile.remotes.count == 0, case .idle(let due) = redial.state {
                let pause = due - host.clock.now
                log(
                    "no server answered; retrying in \(String(format: "%.1f", Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)) s"
                )
            }
        }
    }
}
