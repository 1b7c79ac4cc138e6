// ChangePlan: what deploy must do on one host, decided from content hashes alone (pure): which
// files are added, changed or removed against the current release, which can be reused from
// it, whether the systemd unit or sysctl file must be installed, and whether the daemon must
// (re)start. An empty plan on a running daemon means nothing is uploaded and nothing restarts.

/// The changes that bring one host to a release.
public struct ChangePlan: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case added, changed, removed
    }

    /// One file that differs between the host's current release and the new one.
    public struct Change: Sendable, Equatable {
        public var name: String
        public var kind: Kind
    }

    public var changes: [Change]
    /// Files of the new release the host already has (linked from the current release).
    public var reuse: [String]
    /// systemd hosts: the installed unit or sysctl file differs from the release's.
    public var installUnit: Bool
    public var installSysctl: Bool
    /// The daemon does not run now.
    public var notRunning: Bool

    /// Names to upload: added and changed files.
    public var upload: [String] { changes.filter { $0.kind != .removed }.map(\.name) }

    /// A new release folder is needed.
    public var needsRelease: Bool { !changes.isEmpty }

    /// The service must be (re)started: new files, a new unit, or a daemon that is not running.
    public var restart: Bool { needsRelease || installUnit || notRunning }

    /// Nothing to do at all.
    public var isEmpty: Bool { !restart && !installSysctl }

    public static func make(_ content: ReleaseContent, against remote: RemoteState) -> ChangePlan {
        var changes: [Change] = []
        var reuse: [String] = []
        for file in content.files {
            switch remote.files[file.name] {
            case nil: changes.append(Change(name: file.name, kind: .added))
            case file.sha256?: reuse.append(file.name)
            default: changes.append(Change(name: file.name, kind: .changed))
            }
        }
        let names = Set(content.files.map(\.name))
        for name in remote.files.keys.sorted() where !names.contains(name) {
            changes.append(Change(name: name, kind: .removed))
        }
        let unitHash = content.file(named: RemoteScripts.unitFile)?.sha256
        let sysctlHash = content.file(named: RemoteScripts.sysctlFile)?.sha256
        return ChangePlan(
            changes: changes.sorted { $0.name < $1.name }, reuse: reuse,
            installUnit: remote.systemd && remote.unit != unitHash,
            installSysctl: remote.systemd && remote.sysctl != sysctlHash,
            notRunning: remote.running == nil)
    }
}
