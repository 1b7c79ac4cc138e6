// ObserverService: the daemon's observer side: the control socket and the metrics endpoint, served in the
// same event loop as the LAN, never blocking it. Each connection asks one thing and is closed
// once answered:
//
//   accept ─▶ at most 32 open of each kind (the LAN-reachable metrics port cannot take the
//             root-only control socket's slots); at the cap the oldest unanswered connection
//             of that kind makes room ─▶ poller (readable)
//   readable ─▶ read ≤ 4 KiB per wakeup into bounded input
//     control: a newline ─▶ ControlRequest ─▶ status JSON line (or {"error":…}); > 4 KiB ─▶ error
//     metrics: HTTPRequestHead complete ─▶ 200 /metrics, 404, 405, 400, 431, 505
//   answer ─▶ write what the kernel takes; the rest when writable ─▶ close
//   timers ─▶ a connection older than 5 s is closed (a slow client cannot hold one open)

import LanControl
import LanHost
import LanProtocol
import LanStatus
import LanValues

extension Observation {
    /// Poller tokens of the control socket, the metrics listener and their connections.
    static let controlToken: UInt64 = 4
    static let metricsToken: UInt64 = 5
    static let firstStreamToken: UInt64 = 1 << 32

    /// Accepts every waiting connection of the control socket or the metrics listener.
    func acceptObservers(_ kind: ObserverStream.Kind) {
        while true {
            let stream: (any DaemonStream)?
            do {
                switch kind {
                case .control: stream = try control?.acceptStream()?.stream
                case .metrics: stream = try metrics?.acceptStream()?.stream
                }
            } catch {
                return context.counters.drop("observer: accept failed")
            }
            guard let stream else { return }
            let open = streams.values.filter { $0.kind == kind }
            if open.count >= ObserverStream.maxOpen {
                guard let oldest = open.filter({ !$0.answered }).min(by: { $0.opened < $1.opened }) else {
                    context.counters.drop("observer: too many connections")
                    try? stream.close()
                    continue
                }
                context.counters.drop("observer: oldest unanswered connection closed to make room")
                closeObserver(oldest)
            }
            let observer = ObserverStream(kind: kind, stream: stream, token: nextToken, opened: context.now)
            nextToken += 1
            do { try poller.add(stream.pollHandle, interest: .readable, token: observer.token) } catch {
                try? stream.close()
                continue
            }
            streams[observer.token] = observer
        }
    }

    /// Reads the request or writes the answer of the connection registered as `token`.
    func serviceObserver(token: UInt64, events: PollEvents, status: () -> ServerStatus) {
        guard let observer = streams[token] else { return }
        if observer.answered, !observer.lingering { return flushObserver(observer) }
        let count: Int?
        do { count = try observer.stream.read(into: scratch) } catch { return closeObserver(observer) }
        guard let count else { return closeObserver(observer) }
        if observer.lingering { return }
        observer.input += scratch[0..<count]
        switch observer.kind {
        case .control: answerControl(observer, status: status)
        case .metrics: answerMetrics(observer, status: status)
        }
    }

    func answerControl(_ observer: ObserverStream, status: () -> ServerStatus) {
        guard let end = observer.input.firstIndex(of: 10) else {
            if observer.input.count > ControlRequest.maxBytes {
                answer(observer, Array((ControlError("request longer than 4096 bytes").line + "\n").utf8))
            }
            return
        }
        let line: String
        switch ControlRequest.parse(observer.input[..<end]) {
        case .success(.status): line = StatusJSON.line(status())
        case .failure(let error): line = error.line
        }
        answer(observer, Array((line + "\n").utf8))
    }

    func answerMetrics(_ observer: ObserverStream, status: () -> ServerStatus) {
        let outcome = HTTPRequestHead.parse(observer.input)
        if outcome == .incomplete { return }
        answer(
            observer, MetricsRoute.respond(to: outcome) { MetricsText.render(status(), process: settings.process()) })
    }

    func answer(_ observer: ObserverStream, _ bytes: [UInt8]) {
        observer.output = bytes
        observer.answered = true
        observer.input = []
        flushObserver(observer)
    }

    /// Writes the answer; once it is out, shuts the sending side and waits for the client to
    /// close; until then, waits for writability.
    func flushObserver(_ observer: ObserverStream) {
        let done: Bool
        do { done = try observer.flush() } catch { return closeObserver(observer) }
        if done {
            observer.lingering = true
            observer.output = []
            do {
                try observer.stream.shutdownWrite()
                if observer.watchesWritable {
                    try poller.modify(observer.stream.pollHandle, interest: .readable, token: observer.token)
                }
            } catch {
                closeObserver(observer)
            }
            return
        }
        guard !observer.watchesWritable else { return }
        do {
            try poller.modify(observer.stream.pollHandle, interest: .writable, token: observer.token)
            observer.watchesWritable = true
        } catch {
            closeObserver(observer)
        }
    }

    func closeObserver(_ observer: ObserverStream) {
        guard streams.removeValue(forKey: observer.token) != nil else { return }
        try? poller.remove(observer.stream.pollHandle)
        try? observer.stream.close()
    }

    /// Closes connections past their deadline; a metrics client that sent half a request is
    /// told 408 first (best effort).
    func expireObservers() {
        let current = context.now
        for observer in Array(streams.values) where current - observer.opened > ObserverStream.deadline {
            if observer.kind == .metrics, !observer.answered {
                let reply = MetricsRoute.respond(to: .incomplete) { "" }
                _ = try? reply.withUnsafeBytes { try observer.stream.write($0) }
            }
            closeObserver(observer)
        }
    }
}
