//! The two CRCs downloads are checked with — CRC-32 (ZIP entries, `x-amz-checksum-crc32`) and CRC-32C (`x-amz-checksum-crc32c`) — with lookup tables built when first used instead of shipped in the page.

use std::sync::OnceLock;

use crc::{Algorithm, Crc, Table, CRC_32_ISCSI, CRC_32_ISO_HDLC};

/// A running CRC. Slice-by-16 tables (16 KB each): several times faster than one table, and
/// built in well under a millisecond, so the page does not carry them.
pub type Digest = crc::Digest<'static, u32, Table<16>>;

type Tables = Crc<u32, Table<16>>;

static CRC32: OnceLock<Tables> = OnceLock::new();
static CRC32C: OnceLock<Tables> = OnceLock::new();

/// A new CRC-32 (ISO-HDLC, as ZIP and S3 compute it).
pub fn crc32() -> Digest {
    tables(&CRC32, &CRC_32_ISO_HDLC).digest()
}

/// A new CRC-32C (Castagnoli, as S3 computes it).
pub fn crc32c() -> Digest {
    tables(&CRC32C, &CRC_32_ISCSI).digest()
}

fn tables(cell: &'static OnceLock<Tables>, algorithm: &'static Algorithm<u32>) -> &'static Tables {
    cell.get_or_init(|| Crc::<u32, Table<16>>::new(algorithm))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(mut digest: Digest, bytes: &[u8]) -> u32 {
        digest.update(bytes);
        digest.finalize()
    }

    #[test]
    fn check_values_of_both_crcs() {
        // The catalogue's check value: the CRC of "123456789".
        assert_eq!(of(crc32(), b"123456789"), 0xCBF4_3926);
        assert_eq!(of(crc32c(), b"123456789"), 0xE306_9283);
    }

    #[test]
    fn pieces_give_the_crc_of_the_whole() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let mut digest = crc32();
        for piece in bytes.chunks(777) {
            digest.update(piece);
        }
        assert_eq!(digest.finalize(), of(crc32(), &bytes));
    }
}
