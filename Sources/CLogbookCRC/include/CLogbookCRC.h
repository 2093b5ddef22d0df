#ifndef LOGBOOK_CRC_H
#define LOGBOOK_CRC_H

#include <stddef.h>
#include <stdint.h>

/// Extends a CRC32C (Castagnoli) over `length` bytes. Start with crc = 0.
/// Uses the SSE4.2 `crc32` instruction where the CPU has it, a slicing-by-8
/// table otherwise; both give the same result.
uint32_t logbook_crc32c(uint32_t crc, const void *data, size_t length);

/// The portable implementation, exposed so tests can compare it with the
/// hardware path on the same input.
uint32_t logbook_crc32c_software(uint32_t crc, const void *data, size_t length);

/// 1 when `logbook_crc32c` uses the CPU's instruction, 0 otherwise.
int logbook_crc32c_is_hardware(void);

#endif
