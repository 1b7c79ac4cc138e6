// ReleaseUpload: step 2 of ServerDeployment — the changed files are staged in a private local
// folder (config text written with its mode, the binary as a symlink that tar follows), then
// streamed as `tar -c | ssh … tar -x` into a partial release folder that the host renames
// when complete. Unchanged files are hard-linked on the host from the current release.

import Foundation
import LanState

extension ServerDeployment {
    /// Uploads what `plan` says into releases/`release`; returns the bytes sent.
    func upload(_ plan: ChangePlan, release: String, phase: (ServerPhase) -> Void) throws -> Int {
        let stage = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: "/tmp"),
            create: true
        ).path
        defer { try? FileManager.default.removeItem(atPath: stage) }
        var total = 0
        for name in plan.upload {
            guard let file = content.file(named: name) else { continue }
            let path = "\(stage)/\(name)"
            switch file.source {
            case .text(let text): try AtomicFile.write(Data(text.utf8), to: path, mode: mode_t(file.mode))
            case .file(let source):
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: source)
            }
            total += file.size
        }
        phase(.uploading(done: 0, total: total))
        let tar = ["tar", "-c", "-h", "-f", "-", "-C", stage, "--owner=0", "--group=0"] + plan.upload
        let receive = SSHCommand.arguments(
            target, ssh, remote: RemoteScripts.receive(target.installDir, release: release, reuse: plan.reuse))
        var lastShown = -1
        let result = try ProcessRunner.pipe(tar, into: receive) { passed in
            let percent = total == 0 ? 100 : min(100, passed * 100 / total)
            if percent / 5 != lastShown {
                lastShown = percent / 5
                phase(.uploading(done: min(passed, total), total: total))
            }
        }
        if result.status == 255 { throw Stop(reason: SSHCommand.explain(result.errors, target: target, options: ssh)) }
        guard result.status == 0, result.output.contains("received") else {
            let detail = result.errors.split(separator: "\n").last.map(String.init) ?? "exit \(result.status)"
            throw Stop(reason: "upload to \(target.ssh):\(target.installDir)/releases failed: \(detail)")
        }
        phase(.uploading(done: total, total: total))
        return total
    }
}
