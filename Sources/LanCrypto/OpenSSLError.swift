// OpenSSLError: a failed OpenSSL call, with the function name and OpenSSL's own error queue
// text, so a failure says which call failed and why. Every OpenSSL return code is checked.

import COpenSSL

/// An OpenSSL call that failed.
public struct OpenSSLError: Error, CustomStringConvertible, Sendable {
    /// The OpenSSL function that failed.
    public var function: String
    /// OpenSSL's error queue, oldest first, as text.
    public var reasons: [String]

    /// Captures and clears the thread's OpenSSL error queue.
    public init(_ function: String) {
        self.function = function
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.reasons = reasons
    }

    public var description: String {
        reasons.isEmpty ? "\(function) failed" : "\(function) failed: \(reasons.joined(separator: "; "))"
    }
}

/// Throws `OpenSSLError(function)` unless `result` is 1 (OpenSSL's success value).
@inline(__always)
func check(_ result: Int32, _ function: String) throws {
    guard result == 1 else { throw OpenSSLError(function) }
}

/// Returns a non-nil pointer or throws `OpenSSLError(function)`.
@inline(__always)
func require<T>(_ pointer: T?, _ function: String) throws -> T {
    guard let pointer else { throw OpenSSLError(function) }
    return pointer
}
