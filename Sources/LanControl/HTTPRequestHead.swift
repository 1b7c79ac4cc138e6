// HTTPRequestHead: the small, bounded HTTP/1.x request parser of the metrics endpoint. It reads
// only a request line and header lines (no body: GET and HEAD only), refuses anything larger
// than `maxBytes` and anything not shaped like HTTP, and routes /metrics; the answer is always
// followed by closing the connection.

import LanStatus

/// The head of one HTTP request, parsed from the bytes received so far.
public enum HTTPRequestHead {
    /// The most bytes a request head may have (request line and headers).
    public static let maxBytes = 8192

    public enum Outcome: Equatable, Sendable {
        /// The head is not complete yet; read more (up to `maxBytes`).
        case incomplete
        /// A well-formed head: method and target (path and query).
        case request(method: String, target: String)
        /// Not an acceptable request: answer `status` and close.
        case invalid(status: Int, reason: String)
    }

    /// Parses `bytes`, everything received on the connection so far.
    public static func parse(_ bytes: [UInt8]) -> Outcome {
        guard let end = headEnd(bytes) else {
            return bytes.count > maxBytes ? .invalid(status: 431, reason: "request head too large") : .incomplete
        }
        guard end <= maxBytes else { return .invalid(status: 431, reason: "request head too large") }
        let lines = split(Array(bytes[..<end]))
        guard let first = lines.first else { return .invalid(status: 400, reason: "empty request") }
        let parts = first.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, let method = token(parts[0]), let target = visible(parts[1]),
            target.hasPrefix("/")
        else { return .invalid(status: 400, reason: "malformed request line") }
        guard let version = visible(parts[2]), version.hasPrefix("HTTP/1.") else {
            return .invalid(status: 505, reason: "only HTTP/1.x is served")
        }
        for header in lines.dropFirst() {
            guard let colon = header.firstIndex(of: UInt8(ascii: ":")), colon > header.startIndex,
                token(header[..<colon]) != nil, header.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) })
            else { return .invalid(status: 400, reason: "malformed header line") }
        }
        return .request(method: method, target: target)
    }

    /// The index just past the blank line that ends the head ("\r\n\r\n" or "\n\n"), if any.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let limit = min(bytes.count, maxBytes + 4)
        while index < limit {
            if bytes[index] == 10 {
                if index + 1 < bytes.count, bytes[index + 1] == 10 { return index + 2 }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    /// The non-empty lines of the head, without their line ends.
    static func split(_ head: [UInt8]) -> [ArraySlice<UInt8>] {
        head.split(separator: 10).map { line in line.last == 13 ? line.dropLast() : line }.filter { !$0.isEmpty }
    }

    /// An RFC 9110 token (method or header name), else nil.
    static func token(_ bytes: ArraySlice<UInt8>) -> String? {
        let allowed = Set("!#$%&'*+-.^_`|~".utf8)
        guard !bytes.isEmpty, bytes.count <= 64,
            bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || allowed.contains($0) }
            )
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Visible ASCII only (a request target or version), else nil.
    static func visible(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 32 && $0 < 127 }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What the metrics endpoint answers.
public enum MetricsRoute {
    /// The response to `outcome`, with `metrics` producing the exposition text when asked.
    public static func respond(to outcome: HTTPRequestHead.Outcome, metrics: () -> String) -> [UInt8] {
        switch outcome {
        case .incomplete:
            return response(408, "request timeout\n")
        case .invalid(let status, let reason):
            return response(status, reason + "\n")
        case .request(let method, let target):
            let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
            guard path == "/metrics" else { return response(404, "not found; metrics are at /metrics\n") }
            guard method == "GET" || method == "HEAD" else {
                return response(405, "only GET and HEAD\n", extra: "Allow: GET, HEAD\r\n")
            }
            return response(200, metrics(), contentType: MetricsText.contentType, headOnly: method == "HEAD")
        }
    }

    /// An HTTP/1.1 response that closes the connection.
    public static func response(
        _ status: Int, _ body: String, contentType: String = "text/plain; charset=utf-8", extra: String = "",
        headOnly: Bool = false
    ) -> [UInt8] {
        let payload = Array(body.utf8)
        var head = "HTTP/1.1 \(status) \(phrase(status))\r\n"
        head += "Content-Type: \(contentType)\r\nContent-Length: \(payload.count)\r\n\(extra)Connection: close\r\n\r\n"
        return Array(head.utf8) + (headOnly ? [] : payload)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 431: "Request Header Fields Too Large"
        case 505: "HTTP Version Not Supported"
        default: "Error"
        }
    }
}
