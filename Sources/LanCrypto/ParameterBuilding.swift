// ParameterBuilding: OSSL_PARAM entries for EVP_MAC and EVP_KDF. An OSSL_PARAM keeps raw
// pointers to its key and value, so both must outlive the array: keys and string values are
// StaticStrings (static storage, valid forever); byte values are the caller's, borrowed only
// for the call that reads the array.

import COpenSSL

/// A C pointer to a static string's bytes, valid for the life of the process.
func cString(_ text: StaticString) -> UnsafeMutablePointer<CChar> {
    UnsafeMutablePointer(mutating: UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self))
}

/// A UTF-8 string parameter, e.g. ("digest", "SHA256").
func stringParameter(_ key: StaticString, _ value: StaticString) -> OSSL_PARAM {
    OSSL_PARAM_construct_utf8_string(cString(key), cString(value), value.utf8CodeUnitCount)
}

/// An octet-string parameter over `bytes`, which must stay valid while the array is used.
func octetParameter(_ key: StaticString, _ bytes: UnsafeRawBufferPointer) -> OSSL_PARAM {
    OSSL_PARAM_construct_octet_string(cString(key), UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
}
