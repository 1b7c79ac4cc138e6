// MemoryBIO: an OpenSSL memory BIO owned by one Swift object, for PEM text in and out.

import COpenSSL

/// An owned OpenSSL memory BIO.
final class MemoryBIO {
    let bio: OpaquePointer

    /// An empty BIO to write into.
    init() throws {
        bio = try require(BIO_new(BIO_s_mem()), "BIO_new")
    }

    /// A BIO holding a copy of `text`.
    init(text: String) throws {
        bio = try require(BIO_new(BIO_s_mem()), "BIO_new")
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count else {
            BIO_free(bio)
            throw OpenSSLError("BIO_write")
        }
    }

    deinit { BIO_free(bio) }

    /// Everything written so far, as text.
    func text() -> String {
        var data: UnsafeMutablePointer<CChar>?
        let length = lanstitch_bio_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}
