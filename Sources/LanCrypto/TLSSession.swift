// TLSSession: TLS for one key state of the control channel, sans I/O (reference/
// openvpn-protocol.md §5, §13). Ciphertext goes in and out through two memory BIOs; the
// caller carries it in control packets. One `write` is one SSL_write, hence one TLS record,
// and one `readRecord` is one SSL_read, hence at most one record — OpenVPN's message framing.
//
//   network bytes → consumeFromNetwork → [rbio] → SSL → [wbio] → dataForNetwork → network
//                                                   ↕
//                           doHandshake / write(plaintext) / readRecord()

import COpenSSL

/// How a handshake stands after `doHandshake`.
public enum TLSHandshakeStatus: Equatable, Sendable {
    /// Waiting for more bytes from the peer; send `dataForNetwork()` first.
    case inProgress
    /// Done: records can be written and read, keying material exported.
    case complete
    /// Refused or broken, with the reason (our verification's or OpenSSL's). Still send
    /// `dataForNetwork()` once: it may hold the alert that tells the peer.
    case failed(String)
}

/// A TLS failure after the handshake (a fatal alert, a corrupt record, the peer closing).
public struct TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "TLS: \(reason)" }
}

/// One TLS connection over memory buffers.
///
/// Owns the `SSL` and, through it, both memory BIOs; all freed in `deinit`. Not safe for
/// concurrent use: drive a session from one thread (the session machine's).
public final class TLSSession {
    /// The largest plaintext of one TLS record.
    public static let maximumRecordLength = 16_384

    let context: TLSContext
    let ssl: OpaquePointer
    let networkIn: OpaquePointer  // rbio: what the peer sent, owned by `ssl`
    let networkOut: OpaquePointer  // wbio: what to send the peer, owned by `ssl`
    let verification: TLSVerification  // outlives `ssl`, which points at it

    /// A session in `context`'s role: TLS server (accept) or client (connect).
    public init(context: TLSContext) throws {
        self.context = context
        guard verificationSlot >= 0 else { throw OpenSSLError("CRYPTO_get_ex_new_index") }
        let ssl = try require(SSL_new(context.context), "SSL_new")
        guard let networkIn = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw OpenSSLError("BIO_new")
        }
        guard let networkOut = BIO_new(BIO_s_mem()) else {
            BIO_free(networkIn)
            SSL_free(ssl)
            throw OpenSSLError("BIO_new")
        }
        SSL_set_bio(ssl, networkIn, networkOut)
        self.ssl = ssl
        self.networkIn = networkIn
        self.networkOut = networkOut
        let configuration = context.configuration
        verification = TLSVerification(
            peerRole: configuration.role.peer, requiredName: configuration.requiredPeerName)
        try check(
            SSL_set_ex_data(ssl, verificationSlot, Unmanaged.passUnretained(verification).toOpaque()),
            "SSL_set_ex_data")
        if configuration.role == .server {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
        }
    }

    deinit { SSL_free(ssl) }

    /// Hands TLS bytes received from the peer, in order, to the engine.
    public func consumeFromNetwork(_ bytes: some Collection<UInt8>) throws {
        let bytes = Array(bytes)
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { BIO_write(networkIn, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count else { throw OpenSSLError("BIO_write") }
    }

    /// Takes every TLS byte waiting to be sent to the peer (empty when there is none).
    public func dataForNetwork() -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(networkOut))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(networkOut, $0.baseAddress, Int32(pending)) }
        return read > 0 ? Array(bytes.prefix(Int(read))) : []
    }

    /// Advances the handshake with whatever has been consumed so far.
    public func doHandshake() -> TLSHandshakeStatus {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        let code = SSL_get_error(ssl, result)
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE { return .inProgress }
        return .failed(reason("SSL_do_handshake", code))
    }

    /// True once the handshake has completed.
    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Sends `plaintext` (1…16,384 bytes) as one TLS record; take it with `dataForNetwork()`.
    public func write(_ plaintext: some Collection<UInt8>) throws {
        let bytes = Array(plaintext)
        guard !bytes.isEmpty, bytes.count <= Self.maximumRecordLength else {
            throw TLSError(reason: "one record holds 1…16,384 bytes, not \(bytes.count)")
        }
        ERR_clear_error()
        let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count else {
            throw TLSError(reason: reason("SSL_write", SSL_get_error(ssl, written)))
        }
    }

    /// The plaintext of the next record, or nil when none is complete yet. Throws `TLSError`
    /// when the peer sent a fatal alert or closed the connection.
    public func readRecord() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: Self.maximumRecordLength)
        ERR_clear_error()
        let read = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
        if read > 0 { return Array(buffer.prefix(Int(read))) }
        let code = SSL_get_error(ssl, read)
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE { return nil }
        if code == SSL_ERROR_ZERO_RETURN { throw TLSError(reason: "the peer closed the TLS session") }
        throw TLSError(reason: reason("SSL_read", code))
    }

    /// The peer's certificate, once the handshake has received it.
    public var peerCertificate: Certificate? {
        guard let x509 = SSL_get0_peer_certificate(ssl), X509_up_ref(x509) == 1 else { return nil }
        return Certificate(owning: x509)
    }

    /// The peer certificate's common name, or nil before the handshake received it.
    public var peerCommonName: String? { peerCertificate?.commonName }

    /// The negotiated protocol, e.g. "TLSv1.3".
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// RFC 5705 keying material for `label`, with no context; OpenVPN's data keys use
    /// "EXPORTER-OpenVPN-datakeys" and 256 bytes (reference/openvpn-protocol.md §7.2).
    public func exportKeyingMaterial(label: String, length: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        let labelBytes = Array(label.utf8)
        let result = labelBytes.withUnsafeBufferPointer { labelBuffer in
            labelBuffer.withMemoryRebound(to: CChar.self) { label in
                SSL_export_keying_material(ssl, &output, length, label.baseAddress, label.count, nil, 0, 0)
            }
        }
        try check(result, "SSL_export_keying_material")
        return output
    }

    /// Our verification's reason when it refused the peer, else OpenSSL's error queue.
    func reason(_ function: String, _ code: Int32) -> String {
        if let failure = verification.failure { return failure }
        let error = OpenSSLError(function)
        if !error.reasons.isEmpty { return error.description }
        let verify = SSL_get_verify_result(ssl)
        if verify != X509_V_OK { return String(cString: X509_verify_cert_error_string(verify)) }
        return "\(function) failed (SSL error \(code))"
    }
}
