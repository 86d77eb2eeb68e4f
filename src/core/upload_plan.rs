//! How a file goes up: one PUT while it is small, else a multipart upload whose parts grow with the file so that no upload needs more parts than S3 takes.

use super::transfer_plan::{part_size_within, parts, Part};

/// Files up to this size go in one PUT. Its checksum header must be known before the body is
/// sent, so the runner reads such a file twice (once to hash it, once to send it); above this
/// size, parts keep each read small, run side by side, and a cut costs one part, not the file.
pub const SINGLE_PUT_MAX: u64 = 16 << 20;

/// S3's smallest part (all but the last), most parts per upload, and largest object.
pub const S3_MIN_PART: u64 = 5 << 20;
pub const S3_MAX_PARTS: u64 = 10_000;
pub const S3_MAX_OBJECT: u64 = 5 << 40;

/// How one file goes up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upload {
    /// One PUT of the whole file.
    Single,
    /// A multipart upload in these parts (S3 numbers them from 1: part `index + 1`).
    Multipart { part_size: u64, parts: Vec<Part> },
}

/// A file larger than S3 stores as one object (5 TiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub size: u64,
}

/// How a file of `size` bytes goes up: parts of 8 MiB, or larger (whole MiB) when 8 MiB would
/// take more than S3's 10,000 parts.
pub fn plan_upload(size: u64) -> Result<Upload, TooLarge> {
    if size > S3_MAX_OBJECT {
        return Err(TooLarge { size });
    }
    if size <= SINGLE_PUT_MAX {
        return Ok(Upload::Single);
    }
    let part_size = part_size_within(size, S3_MAX_PARTS);
    Ok(Upload::Multipart {
        part_size,
        parts: parts(size, part_size),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_files_go_in_one_put_and_larger_ones_in_8_mib_parts() {
        assert_eq!(plan_upload(0), Ok(Upload::Single));
        assert_eq!(plan_upload(SINGLE_PUT_MAX), Ok(Upload::Single));
        let Ok(Upload::Multipart { part_size, parts }) = plan_upload(SINGLE_PUT_MAX + 1) else {
            panic!("multipart");
        };
        assert_eq!(part_size, 8 << 20);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[2].len(), 1);
    }

    #[test]
    fn parts_grow_so_that_the_largest_object_fits_in_10_000() {
        let Ok(Upload::Multipart { part_size, parts }) = plan_upload(S3_MAX_OBJECT) else {
            panic!("multipart");
        };
        assert_eq!(
            part_size,
            525 << 20,
            "5 TiB / 10,000 rounded up to a whole MiB"
        );
        assert!(parts.len() as u64 <= S3_MAX_PARTS);
        assert_eq!(
            plan_upload(S3_MAX_OBJECT + 1),
            Err(TooLarge {
                size: S3_MAX_OBJECT + 1
            })
        );
    }

    proptest! {
        /// Any size S3 stores: the parts cover the file exactly, in order, none but the last
        /// under S3's smallest part, and no more of them than S3 takes.
        #[test]
        fn parts_cover_the_file_within_s3s_limits(size in SINGLE_PUT_MAX + 1..=S3_MAX_OBJECT) {
            let Ok(Upload::Multipart { parts, .. }) = plan_upload(size) else {
                return Err(TestCaseError::fail("multipart"));
            };
            prop_assert!(parts.len() as u64 <= S3_MAX_PARTS);
            let mut next = 0;
            for (i, part) in parts.iter().enumerate() {
                prop_assert_eq!((part.index, part.start), (i, next));
                if i + 1 < parts.len() {
                    prop_assert!(part.len() >= S3_MIN_PART);
                }
                next = part.end + 1;
            }
            prop_assert_eq!(next, size);
        }
    }
}
