/*
 * COpenSSL: the OpenSSL 3 headers lanstitch uses, and one static inline function per macro or
 * variadic call that Swift cannot import. Nothing else lives here: logic stays in Swift.
 */
#ifndef LANSTITCH_COPENSSL_SHIM_H
#define LANSTITCH_COPENSSL_SHIM_H

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* EVP_EC_gen is a macro over the variadic EVP_PKEY_Q_keygen. */
static inline EVP_PKEY *lanstitch_generate_p256(void) { return EVP_EC_gen("P-256"); }

/* BIO_get_mem_data is a macro over BIO_ctrl. */
static inline long lanstitch_bio_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

/* X509V3_set_ctx_nodb is a macro. */
static inline void lanstitch_x509v3_ctx_nodb(X509V3_CTX *ctx) { X509V3_set_ctx_nodb(ctx); }

/* SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl; returns 1 on success. */
static inline int lanstitch_ssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

/* SSL_CTX_set_max_proto_version is a macro over SSL_CTX_ctrl; returns 1 on success. */
static inline int lanstitch_ssl_ctx_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

/* SSL_CTX_set_session_cache_mode is a macro over SSL_CTX_ctrl; returns the previous mode. */
static inline long lanstitch_ssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

/* The SSL_OP_* bits are macros with casts Swift cannot import: OpenVPN 2.x's control-channel
 * options (no tickets, no compression, no renegotiation, server cipher preference). */
static inline uint64_t lanstitch_ssl_op_openvpn(void) {
    return SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE;
}

#endif
