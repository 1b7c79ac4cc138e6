// LanLog's handler: text lines with sorted, quoted metadata; JSON lines that parse with every
// field; levels below the handler's are not written.

import Foundation
import Logging
import Synchronization
import Testing

@testable import LanLog

/// Collects written lines.
final class Lines: Sendable {
    let lines = Mutex<[String]>([])
    func write(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

@Suite struct LineLogHandlerTests {
    let time = Date(timeIntervalSince1970: 1_763_790_452.25)

    @Test func textLinesCarryTimeLevelMessageAndSortedMetadata() {
        let line = LineLogHandler.line(
            time: time, level: .info, message: "alice connected from 198.51.100.101:55783 as 10.249.0.2",
            metadata: ["session": "3", "peer": "alice", "reason": "the client said EXIT"], format: .text)
        #expect(
            line
                == "2025-11-22T05:47:32.250Z info alice connected from 198.51.100.101:55783 as 10.249.0.2 "
                + "peer=alice reason=\"the client said EXIT\" session=3\n")
    }

    @Test func jsonLinesParseAndKeepEveryField() throws {
        let line = LineLogHandler.line(
            time: time, level: .warning, message: "refused \"rogue\"\nnext", metadata: ["peer": "rogue", "key": "2"],
            format: .json)
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(
            object == [
                "time": "2025-11-22T05:47:32.250Z", "level": "warning", "message": "refused \"rogue\"\nnext",
                "peer": "rogue", "key": "2",
            ])
    }

    @Test func aLoggerWritesAtAndAboveItsLevelOnlyWithItsOwnAndTheEventsMetadata() {
        let lines = Lines()
        var logger = Logger(label: "test") { _ in
            LineLogHandler(level: .info, format: .text, clock: { Date(timeIntervalSince1970: 0) }, write: lines.write)
        }
        logger[metadataKey: "server"] = "hangzhou"
        logger.debug("hidden")
        logger.info("link to hongkong up", metadata: ["peer": "hongkong"])
        logger.warning("lost")
        #expect(
            lines.all == [
                "1970-01-01T00:00:00.000Z info link to hongkong up peer=hongkong server=hangzhou\n",
                "1970-01-01T00:00:00.000Z warning lost server=hangzhou\n",
            ])
    }

    @Test func badOptionsSayWhatIsAllowed() {
        #expect(throws: LogSetupError.self) { try LogSetup.logger(label: "x", level: "loud", format: "text") }
        #expect(throws: LogSetupError.self) { try LogSetup.logger(label: "x", level: "info", format: "xml") }
        #expect((try? LogSetup.logger(label: "x", level: "DEBUG", format: "json"))?.logLevel == .debug)
    }
}
