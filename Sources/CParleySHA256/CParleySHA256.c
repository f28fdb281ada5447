// SHA-256 (FIPS 180-4) on the x86 SHA extensions; see the header for why it exists.

#include "CParleySHA256.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

// The round constants K (FIPS 180-4 §4.2.2).
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

bool parley_sha256_is_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_SSSE3) || !(ecx & bit_SSE4_1)) return false;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    return (ebx & bit_SHA) != 0;
}

// Four rounds on the message words `words` (W[4g] to W[4g+3], g = `group`): two sha256rnds2, each two rounds.
#define FOUR_ROUNDS(words, group)                                                                          \
    do {                                                                                                   \
        __m128i sum = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&round_constants[4 * (group)])); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, sum);                                                     \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(sum, 0x0E));                           \
    } while (0)

// The next four message words, in place of the oldest: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16],
// given the groups W[t-16..], W[t-12..], W[t-8..] and W[t-4..].
#define NEXT_WORDS(oldest, older, old, last) \
    oldest = _mm_sha256msg2_epu32(           \
        _mm_add_epi32(_mm_sha256msg1_epu32(oldest, older), _mm_alignr_epi8(last, old, 4)), last)

// Runs the compression function over `count` blocks of 64 bytes at `blocks`.
__attribute__((target("sha,sse4.1,ssse3"))) static void compress(uint32_t state[8], const uint8_t *blocks, size_t count) {
    // The instructions keep the working variables as ABEF and CDGH.
    const __m128i big_endian = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
    __m128i cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
    __m128i abef = _mm_alignr_epi8(dcba, cdgh, 8);
    cdgh = _mm_blend_epi16(cdgh, dcba, 0xF0);
    for (; count > 0; count--, blocks += 64) {
        const __m128i abef_before = abef, cdgh_before = cdgh;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 0)), big_endian);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16)), big_endian);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 32)), big_endian);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 48)), big_endian);
        FOUR_ROUNDS(w0, 0);
        FOUR_ROUNDS(w1, 1);
        FOUR_ROUNDS(w2, 2);
        FOUR_ROUNDS(w3, 3);
        for (int group = 4; group < 16; group += 4) {
            NEXT_WORDS(w0, w1, w2, w3);
            FOUR_ROUNDS(w0, group);
            NEXT_WORDS(w1, w2, w3, w0);
            FOUR_ROUNDS(w1, group + 1);
            NEXT_WORDS(w2, w3, w0, w1);
            FOUR_ROUNDS(w2, group + 2);
            NEXT_WORDS(w3, w0, w1, w2);
            FOUR_ROUNDS(w3, group + 3);
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

void parley_sha256(const void *head, size_t head_count, const void *body, size_t body_count, uint8_t digest[32]) {
    // The initial hash value H(0) (FIPS 180-4 §5.3.3).
    uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const size_t total = head_count + body_count;
    // The message, a 0x80 byte, zeros, and the message's length in bits as 8 bytes (FIPS 180-4 §5.1.1).
    const size_t block_count = (total + 8) / 64 + 1;
    size_t index = 0;
    while (index < block_count) {
        const size_t start = 64 * index;
        if (start >= head_count && start + 64 <= total) {
            // Blocks that lie wholly in the body are hashed where they lie.
            const size_t whole = (total - start) / 64;
            compress(state, (const uint8_t *)body + (start - head_count), whole);
            index += whole;
            continue;
        }
        // A block that holds part of the head or the padding is put together first.
        uint8_t block[64] = {0};
        if (start < head_count) {
            const size_t count = head_count - start < 64 ? head_count - start : 64;
            memcpy(block, (const uint8_t *)head + start, count);
        }
        const size_t body_start = start > head_count ? start : head_count;
        if (body_start < total && body_start < start + 64) {
            const size_t end = total < start + 64 ? total : start + 64;
            memcpy(block + (body_start - start), (const uint8_t *)body + (body_start - head_count), end - body_start);
        }
        if (total >= start && total < start + 64) block[total - start] = 0x80;
        if (index == block_count - 1) {
            const uint64_t bits = (uint64_t)total * 8;
            for (int byte = 0; byte < 8; byte++) block[56 + byte] = (uint8_t)(bits >> (56 - 8 * byte));
        }
        compress(state, block, 1);
        index += 1;
    }
    for (int word = 0; word < 8; word++) {
        digest[4 * word + 0] = (uint8_t)(state[word] >> 24);
        digest[4 * word + 1] = (uint8_t)(state[word] >> 16);
        digest[4 * word + 2] = (uint8_t)(state[word] >> 8);
        digest[4 * word + 3] = (uint8_t)state[word];
    }
}

#else

bool parley_sha256_is_available(void) { return false; }

void parley_sha256(const void *head, size_t head_count, const void *body, size_t body_count, uint8_t digest[32]) {
    (void)head, (void)head_count, (void)body, (void)body_count;
    memset(digest, 0, 32);
    __builtin_trap();
}

#endif
