// Graphviz: turns DOT text into SVG with Graphviz's `dot` program (Debian package graphviz),
// for `plan --format svg`. Without Graphviz, `--format dot` still prints the graph.

import Foundation
import LanValues

enum Graphviz {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "--format svg needs Graphviz's `dot` program (apt-get install graphviz); --format dot prints the graph without it"
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "dot -Tsvg failed (exit \(status)): \(output)" }
    }

    /// Where `dot` is, if installed.
    static var dotPath: String? {
        ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Renders `dot` text as SVG text.
    static func svg(_ dot: String) throws -> String {
        guard let path = dotPath else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-Tsvg"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Feed stdin from another thread so a large graph cannot deadlock on a full pipe.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(dot.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(status: process.terminationStatus, output: String(decoding: problems, as: UTF8.self))
        }
        return String(decoding: svg, as: UTF8.self)
    }
}
