// SHA256Digest: SHA-256 over OpenSSL's EVP digest API, for content hashes (deploy compares a
// host's files with the ones it would upload). Streams, so a large binary is never read whole.

import COpenSSL
import Foundation

/// A SHA-256 computation. Owns an `EVP_MD_CTX`, freed in `deinit`; not for concurrent use.
public final class SHA256Digest {
    let context: OpaquePointer

    public init() throws {
        context = try require(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        try check(EVP_DigestInit_ex(context, EVP_sha256(), nil), "EVP_DigestInit_ex(SHA256)")
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to the message.
    public func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        try check(EVP_DigestUpdate(context, base, bytes.count), "EVP_DigestUpdate")
    }

    /// The digest as 64 lowercase hex digits (what `sha256sum` prints). Ends the computation.
    public func hex() throws -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        try check(EVP_DigestFinal_ex(context, &digest, &length), "EVP_DigestFinal_ex")
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of `data`, in hex.
    public static func hex(of data: some DataProtocol) throws -> String {
        let digest = try SHA256Digest()
        try Data(data).withUnsafeBytes { try digest.update($0) }
        return try digest.hex()
    }

    /// The SHA-256 of the file at `path`, in hex, read in 1 MiB pieces.
    public static func hex(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OpenSSLError("cannot read \(path) to hash it")
        }
        defer { try? handle.close() }
        let digest = try SHA256Digest()
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            try piece.withUnsafeBytes { try digest.update($0) }
        }
        return try digest.hex()
    }
}
