// RemoteScripts: the POSIX shell text deploy runs on a host over SSH (pure: values in, text
// out). Layout under the install folder D:
//   D/releases/NAME/   the binary `lanstitch` and the bundle, never changed once complete
//   D/current          symlink to releases/NAME, switched atomically (ln -s to a temp name, mv -T)
//   D/lanstitch.pid, D/lanstitch.log   the daemon under the supervisor (hosts without systemd)
// Every loop is bounded; a pid is signalled only when its command line names our pidfile.

public enum RemoteScripts {
    public static let unitFile = "lanstitch.service"
    public static let sysctlFile = "99-lanstitch.conf"
    static let unitPath = "/etc/systemd/system/lanstitch.service"
    static let sysctlPath = "/etc/sysctl.d/99-lanstitch.conf"

    /// `text` in single quotes for sh.
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Shell functions every script shares: `ours` prints the daemon's pid if it runs.
    static func prelude(_ dir: String) -> String {
        """
        set -u
        D=\(quote(dir)); P="$D/lanstitch.pid"; L="$D/lanstitch.log"
        alive() { [ -r "/proc/$1/stat" ] && ! sed 's/.*) //' "/proc/$1/stat" | grep -q '^[ZX]'; }
        ours() {
          pid=$(cat "$P" 2>/dev/null || true)
          case "$pid" in ''|*[!0-9]*) return 1;; esac
          alive "$pid" && tr '\\0' '\\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$P" && echo "$pid"
        }

        """
    }

    /// Prints RemoteState's lines.
    public static func probe(_ dir: String) -> String {
        prelude(dir) + """
            if [ -d /run/systemd/system ]; then echo "systemd yes"; sd=1; else echo "systemd no"; sd=0; fi
            cur=$(readlink "$D/current" 2>/dev/null || true)
            echo "current $cur"
            for r in "$D"/releases/*; do [ -d "$r" ] && echo "release ${r##*/}"; done
            if [ -n "$cur" ] && [ -d "$D/$cur" ]; then
              for f in "$D/$cur"/*; do [ -f "$f" ] && echo "file $(sha256sum <"$f" | cut -d' ' -f1) ${f##*/}"; done
            fi
            if [ $sd = 1 ]; then
              echo "unit $( [ -f \(unitPath) ] && sha256sum <\(unitPath) | cut -d' ' -f1 || echo missing)"
              echo "sysctl $( [ -f \(sysctlPath) ] && sha256sum <\(sysctlPath) | cut -d' ' -f1 || echo missing)"
              if systemctl is-active --quiet lanstitch; then echo "running 0"; else echo "running no"; fi
            else
              echo "running $(ours || echo no)"
            fi
            echo end

            """
    }

    /// Prints each named file of the current release as `=== NAME BYTES` and its bytes.
    public static func read(_ dir: String, names: [String]) -> String {
        prelude(dir)
            + names.map { name in
                "f=\"$D/current/\"\(quote(name)); [ -f \"$f\" ] && { echo \"=== \(name) $(wc -c <\"$f\")\"; cat \"$f\"; }\n"
            }.joined()
    }

    /// Makes releases/NAME from the files in `reuse` (hard links into the current release) and
    /// the tar stream on stdin, under a temporary name renamed at the end.
    public static func receive(_ dir: String, release: String, reuse: [String]) -> String {
        let links = reuse.map { "ln \"$D/current/\"\(quote($0)) \"$T/\"\(quote($0))\n" }.joined()
        return prelude(dir) + """
            set -e
            T="$D/releases/.\(release).partial"
            rm -rf "$T"; mkdir -p "$T"; chmod 755 "$D" "$D/releases"
            \(links)tar -x -f - -C "$T" --no-same-owner
            mv -T "$T" "$D/releases/\(release)"
            echo received

            """
    }

    /// Points `current` at releases/NAME atomically; prints `previous NAME` (empty if none).
    public static func activate(_ dir: String, release: String) -> String {
        prelude(dir) + """
            set -e
            prev=$(readlink "$D/current" 2>/dev/null || true)
            ln -sfn "releases/\(release)" "$D/.current.tmp"
            mv -T "$D/.current.tmp" "$D/current"
            echo "previous ${prev##*/}"

            """
    }

    /// Stops the daemon (SIGTERM to our pid, up to 10 s, then SIGKILL) and starts the current
    /// release; prints `mark N` (the log size, or the time under systemd) for the health check.
    public static func restart(_ dir: String, systemd: Bool, installUnit: Bool, installSysctl: Bool) -> String {
        if systemd {
            var lines = ["set -e"]
            if installUnit {
                lines += ["install -m 644 \"$D/current/\(unitFile)\" \(unitPath)", "systemctl daemon-reload"]
            }
            if installSysctl {
                lines += ["install -m 644 \"$D/current/\(sysctlFile)\" \(sysctlPath)", "sysctl -q -p \(sysctlPath)"]
            }
            lines += [
                "systemctl enable --quiet lanstitch 2>/dev/null || true", "echo \"mark $(date +%s)\"",
                "systemctl restart lanstitch",
            ]
            return prelude(dir) + lines.joined(separator: "\n") + "\n"
        }
        return prelude(dir) + """
            if pid=$(ours); then
              kill -TERM "$pid"
              i=0; while alive "$pid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
              alive "$pid" && kill -KILL "$pid"
            fi
            echo "mark $(stat -c %s "$L" 2>/dev/null || echo 0)"
            "$D/current/lanstitch" server --config "$D/current/server.yaml" --daemon --pidfile "$P" --log-file "$L" --control "$D/lanstitch.sock" >/dev/null

            """
    }

    /// The control socket `lanstitch status` asks: the supervisor's beside the pidfile, or the
    /// daemon's default under systemd.
    public static func controlSocket(_ dir: String, server: String, systemd: Bool) -> String {
        systemd ? "/run/lanstitch/\(server).sock" : "\(dir)/lanstitch.sock"
    }

    /// Waits up to `seconds` until the daemon answers `lanstitch status` on its control socket
    /// (it serves the socket only from its run loop, once its tunnel, kernel routes and ports are
    /// set up); prints `healthy PID`, or `unhealthy REASON` and the log's last lines from `mark`.
    public static func health(_ dir: String, systemd: Bool, mark: Int, seconds: Int, socket: String) -> String {
        let log =
            systemd
            ? "journalctl -u lanstitch --since @\(mark) -o cat 2>/dev/null"
            : "tail -c +\(mark + 1) \"$L\" 2>/dev/null"
        let running = systemd ? "systemctl is-active --quiet lanstitch && echo 0" : "ours"
        return prelude(dir) + """
            S=\(quote(socket)); why="no answer on $S within \(seconds) s"
            ask() { "$D/current/lanstitch" status --json --socket "$S" --timeout 1 2>&1; }
            end=$(($(date +%s) + \(seconds))); i=0
            while [ "$(date +%s)" -lt "$end" ] && [ $i -lt \(seconds * 10) ]; do
              if ! pid=$(\(running)); then echo "unhealthy the daemon exited"; \(log) | tail -n 3; exit 0; fi
              if answer=$(ask); then echo "healthy $pid"; exit 0; fi
              why="lanstitch status --socket $S: $(echo "$answer" | tail -n 1)"
              sleep 0.1; i=$((i+1))
            done
            echo "unhealthy $why"; \(log) | tail -n 3

            """
    }

    /// Deletes release folders (never the one `current` points at).
    public static func remove(_ dir: String, releases: [String]) -> String {
        prelude(dir) + """
            cur=$(readlink "$D/current" 2>/dev/null || true)
            for r in \(releases.map(quote).joined(separator: " ")); do
              [ "releases/$r" = "$cur" ] || rm -rf "$D/releases/$r"
            done

            """
    }
}
