#include "CLogbookCRC.h"

#include <string.h>

#define POLY 0x82F63B78u /* Castagnoli, reflected */

static uint32_t table[8][256];
static int table_ready = 0;

static void build_table(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
        table[0][n] = c;
    }
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = table[0][n];
        for (int k = 1; k < 8; k++) {
            c = table[0][c & 0xff] ^ (c >> 8);
            table[k][n] = c;
        }
    }
    __atomic_store_n(&table_ready, 1, __ATOMIC_RELEASE);
}

uint32_t logbook_crc32c_software(uint32_t crc, const void *data, size_t length) {
    if (!__atomic_load_n(&table_ready, __ATOMIC_ACQUIRE)) build_table();
    const unsigned char *p = data;
    crc = ~crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        word ^= crc;
        crc = table[7][word & 0xff] ^ table[6][(word >> 8) & 0xff] ^
              table[5][(word >> 16) & 0xff] ^ table[4][(word >> 24) & 0xff] ^
              table[3][(word >> 32) & 0xff] ^ table[2][(word >> 40) & 0xff] ^
              table[1][(word >> 48) & 0xff] ^ table[0][word >> 56];
        p += 8;
        length -= 8;
    }
    while (length--) crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

#if defined(__x86_64__)
#include <nmmintrin.h>
#include <pthread.h>

/* The crc32 instruction takes three cycles and can start one per cycle, so one chain of
   it runs at a third of the speed the processor can give. Long inputs are checksummed as
   three interleaved streams, whose checksums are then joined: the first shifted past the
   second's bytes and added (XOR), then past the third's. Shifting a checksum past n zero
   bytes is a linear map over GF(2), applied here with four 256-entry tables per length
   (the method of Mark Adler's crc32c.c). */
#define LONG 8192
#define SHORT 256

static uint32_t shift_long[4][256];
static uint32_t shift_short[4][256];
static pthread_once_t shifts_once = PTHREAD_ONCE_INIT;

static uint32_t gf2_times(const uint32_t *matrix, uint32_t vector) {
    uint32_t sum = 0;
    for (; vector; vector >>= 1, matrix++) {
        if (vector & 1) sum ^= *matrix;
    }
    return sum;
}

static void gf2_square(uint32_t *square, const uint32_t *matrix) {
    for (int n = 0; n < 32; n++) square[n] = gf2_times(matrix, matrix[n]);
}

/* The operator that appends `bytes` zero bytes (a power of two) to a checksum. */
static void zeros_operator(uint32_t *even, size_t bytes) {
    uint32_t odd[32];
    odd[0] = POLY; /* one zero bit */
    for (int n = 1; n < 32; n++) odd[n] = 1u << (n - 1);
    gf2_square(even, odd); /* two zero bits */
    gf2_square(odd, even); /* four */
    /* Each square doubles: the first gives one zero byte, in `even`. */
    for (;;) {
        gf2_square(even, odd);
        bytes >>= 1;
        if (bytes == 0) return;
        gf2_square(odd, even);
        bytes >>= 1;
        if (bytes == 0) break;
    }
    memcpy(even, odd, sizeof odd);
}

static void build_shift(uint32_t shift[4][256], size_t bytes) {
    uint32_t op[32];
    zeros_operator(op, bytes);
    for (uint32_t n = 0; n < 256; n++) {
        shift[0][n] = gf2_times(op, n);
        shift[1][n] = gf2_times(op, n << 8);
        shift[2][n] = gf2_times(op, n << 16);
        shift[3][n] = gf2_times(op, n << 24);
    }
}

static void build_shifts(void) {
    build_shift(shift_long, LONG);
    build_shift(shift_short, SHORT);
}

static inline uint32_t shifted(uint32_t shift[4][256], uint32_t crc) {
    return shift[0][crc & 0xff] ^ shift[1][(crc >> 8) & 0xff] ^ shift[2][(crc >> 16) & 0xff] ^ shift[3][crc >> 24];
}

/* Three streams of `stride` bytes each, `rounds` times: returns the running checksum. */
__attribute__((target("sse4.2")))
static uint64_t interleaved(uint64_t c0, const unsigned char **data, size_t *length, size_t stride, uint32_t shift[4][256]) {
    const unsigned char *p = *data;
    while (*length >= 3 * stride) {
        uint64_t c1 = 0, c2 = 0;
        const unsigned char *end = p + stride;
        do {
            uint64_t w0, w1, w2;
            memcpy(&w0, p, 8);
            memcpy(&w1, p + stride, 8);
            memcpy(&w2, p + 2 * stride, 8);
            c0 = _mm_crc32_u64(c0, w0);
            c1 = _mm_crc32_u64(c1, w1);
            c2 = _mm_crc32_u64(c2, w2);
            p += 8;
        } while (p < end);
        c0 = shifted(shift, (uint32_t)c0) ^ (uint32_t)c1;
        c0 = shifted(shift, (uint32_t)c0) ^ (uint32_t)c2;
        p += 2 * stride;
        *length -= 3 * stride;
    }
    *data = p;
    return c0;
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_hardware(uint32_t crc, const void *data, size_t length) {
    const unsigned char *p = data;
    uint64_t c = (uint32_t)~crc;
    if (length >= 3 * SHORT) {
        pthread_once(&shifts_once, build_shifts);
        c = interleaved(c, &p, &length, LONG, shift_long);
        c = interleaved(c, &p, &length, SHORT, shift_short);
    }
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
        p += 8;
        length -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (length--) c32 = _mm_crc32_u8(c32, *p++);
    return ~c32;
}

static int hardware_available(void) {
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("sse4.2") ? 1 : 0;
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}

int logbook_crc32c_is_hardware(void) { return hardware_available(); }

uint32_t logbook_crc32c(uint32_t crc, const void *data, size_t length) {
    if (hardware_available()) return crc32c_hardware(crc, data, length);
    return logbook_crc32c_software(crc, data, length);
}
#else
int logbook_crc32c_is_hardware(void) { return 0; }

uint32_t logbook_crc32c(uint32_t crc, const void *data, size_t length) {
    return logbook_crc32c_software(crc, data, length);
}
#endif
