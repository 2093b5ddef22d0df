import CLogbookCRC

/// CRC32C (Castagnoli) as used by every frame, block, section and file checksum of the log.
enum CRC32C {
    static func checksum(_ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return logbook_crc32c(crc, base, bytes.count)
    }

    static func checksum(_ bytes: [UInt8], extending crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, extending: crc) }
    }

    static var usesHardware: Bool { logbook_crc32c_is_hardware() != 0 }
}
