// SHA-256 (FIPS 180-4) on the x86 SHA extensions, for the journal's hot paths.
//
// Verifying a journal of a million entries takes four hashes an entry, of a few hundred
// bytes each. swift-crypto hashes them at the processor's speed but allocates, zeroes and
// frees a context around every one, which costs as much again as the hashing of a short
// message. These functions keep the state on the stack. They do nothing else: no keys, no
// secrets, only public data is hashed, and ParleyLedger uses them only where
// parley_sha256_is_available() says the processor has the instructions; elsewhere it
// hashes with swift-crypto, which the tests hold these functions equal to.

#ifndef C_PARLEY_SHA256_H
#define C_PARLEY_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions, SSSE3 and SSE4.1, which parley_sha256 needs.
bool parley_sha256_is_available(void);

/// Writes to `digest` the SHA-256 digest of `head_count` bytes at `head` followed by `body_count` bytes
/// at `body`: a prefix such as a Merkle tree's 0x00 or 0x01 needs no copy of the bytes it precedes.
/// Either pointer may be NULL when its count is 0. Call only when parley_sha256_is_available().
void parley_sha256(const void *head, size_t head_count, const void *body, size_t body_count, uint8_t digest[32]);

#endif
