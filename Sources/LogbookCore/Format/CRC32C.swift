import CLogbookCRC

/// CRC32C (Castagnoli) as used by every frame, block, section and file checksum of the log.
/// Public so that tools checking segment files (and the checksum benchmark) use the same code.
public enum CRC32C {
    public static func checksum(_ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return logbook_crc32c(crc, base, bytes.count)
    }

    public static func checksum(_ bytes: [UInt8], extending crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, extending: crc) }
    }

    /// The portable slicing-by-8 code that `checksum` falls back to without SSE4.2; the same
    /// result, for comparing the two.
    public static func portableChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        return logbook_crc32c_software(0, base, bytes.count)
    }

    public static var usesHardware: Bool { logbook_crc32c_is_hardware() != 0 }
}
