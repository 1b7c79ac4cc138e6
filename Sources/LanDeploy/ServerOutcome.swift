// ServerOutcome: the live state of one server during a deploy, and how it ended — what the
// board shows on the server's line and in the summary table.

/// Where one server's deploy is now.
public enum ServerPhase: Sendable, Equatable {
    case waiting
    case connecting
    case uploading(done: Int, total: Int)
    case restarting
    case checking
    case rollingBack
    case finished(ServerOutcome)
}

/// How one server's deploy ended.
public enum ServerOutcome: Sendable, Equatable {
    /// Nothing differed: nothing uploaded, nothing restarted.
    case unchanged
    /// The new release (or a start of the same one) runs and is healthy.
    case healthy
    /// The new release failed its health check; the previous one runs again.
    case rolledBack(String)
    case failed(String)
    /// --dry-run: the host has exactly what deploy would install.
    case inSync
    /// --dry-run: deploy would change something.
    case wouldChange

    /// The word for the summary table.
    public var word: String {
        switch self {
        case .unchanged: return "unchanged"
        case .healthy: return "healthy"
        case .rolledBack: return "rolled back"
        case .failed: return "failed"
        case .inSync: return "in sync"
        case .wouldChange: return "would change"
        }
    }

    /// True for outcomes that make deploy exit non-zero.
    public var isFailure: Bool {
        switch self {
        case .rolledBack, .failed: return true
        default: return false
        }
    }

    /// The reason given with a failure.
    public var reason: String? {
        switch self {
        case .rolledBack(let reason), .failed(let reason): return reason
        default: return nil
        }
    }
}

/// What happened on one server.
public struct ServerReport: Sendable, Equatable {
    public var target: DeployTarget
    public var outcome: ServerOutcome
    /// The release that is current at the end (nil when unknown).
    public var release: String?
    public var uploadedBytes = 0
    public var uploadedFiles: [String] = []
    public var restarted = false
    public var seconds = 0.0
    /// --dry-run: the changes, in words and diffs.
    public var details: [String] = []

    public init(target: DeployTarget, outcome: ServerOutcome, release: String? = nil) {
        self.target = target
        self.outcome = outcome
        self.release = release
    }
}
