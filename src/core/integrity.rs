//! Integrity: which check an object's answer allows (`x-amz-checksum-*`, else a plain MD5 ETag) and running it as bytes stream.

use super::crc32;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::Md5;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The response headers integrity reads (all exposed by the portal's CORS rule).
#[derive(Debug, Clone, Copy, Default)]
pub struct ChecksumHeaders<'a> {
    pub etag: Option<&'a str>,
    pub crc32: Option<&'a str>,
    pub crc32c: Option<&'a str>,
    pub sha256: Option<&'a str>,
    /// `x-amz-server-side-encryption`.
    pub server_side_encryption: Option<&'a str>,
}

/// The same headers, owned: what an object's answer said, carried from the runner to the engine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checksums {
    pub etag: Option<String>,
    pub crc32: Option<String>,
    pub crc32c: Option<String>,
    pub sha256: Option<String>,
    pub server_side_encryption: Option<String>,
}

impl<'a> From<&'a Checksums> for ChecksumHeaders<'a> {
    fn from(h: &'a Checksums) -> Self {
        ChecksumHeaders {
            etag: h.etag.as_deref(),
            crc32: h.crc32.as_deref(),
            crc32c: h.crc32c.as_deref(),
            sha256: h.sha256.as_deref(),
            server_side_encryption: h.server_side_encryption.as_deref(),
        }
    }
}

/// The check a file's bytes must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Sha256([u8; 32]),
    Crc32c(u32),
    Crc32(u32),
    Md5([u8; 16]),
}

/// Why a file cannot be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unverifiable {
    /// No checksum, and the ETag is not an MD5 (multipart upload).
    MultipartEtag,
    /// Encrypted with KMS: the ETag is not the MD5 of the bytes.
    KmsEtag,
    /// Nothing to check against.
    NoChecksum,
}

/// Picks the strongest check the headers allow: SHA-256, CRC-32C, CRC-32 (full-object values only;
/// composite `…-N` values describe parts), else the ETag when it is a plain MD5.
pub fn choose(headers: &ChecksumHeaders<'_>) -> Result<Check, Unverifiable> {
    let full = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.contains('-'))
            .and_then(|v| STANDARD.decode(v).ok())
    };
    if let Some(Ok(sum)) = full(headers.sha256).map(<[u8; 32]>::try_from) {
        return Ok(Check::Sha256(sum));
    }
    if let Some(Ok(sum)) = full(headers.crc32c).map(<[u8; 4]>::try_from) {
        return Ok(Check::Crc32c(u32::from_be_bytes(sum)));
    }
    if let Some(Ok(sum)) = full(headers.crc32).map(<[u8; 4]>::try_from) {
        return Ok(Check::Crc32(u32::from_be_bytes(sum)));
    }
    let Some(etag) = headers
        .etag
        .map(|e| e.trim().trim_start_matches("W/").trim_matches('"'))
    else {
        return Err(Unverifiable::NoChecksum);
    };
    if etag.contains('-') {
        return Err(Unverifiable::MultipartEtag);
    }
    if headers
        .server_side_encryption
        .is_some_and(|s| s.starts_with("aws:kms"))
    {
        return Err(Unverifiable::KmsEtag);
    }
    match hex16(etag) {
        Some(md5) => Ok(Check::Md5(md5)),
        None => Err(Unverifiable::NoChecksum),
    }
}

fn hex16(s: &str) -> Option<[u8; 16]> {
    if s.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

enum State {
    Sha256(Sha256),
    Crc32c(crc32::Digest),
    Crc32(crc32::Digest),
    Md5(Md5),
}

/// Runs a check over the bytes as they stream by.
pub struct Verifier {
    check: Check,
    state: State,
}

impl Verifier {
    pub fn new(check: Check) -> Self {
        let state = match check {
            Check::Sha256(_) => State::Sha256(Sha256::new()),
            Check::Crc32c(_) => State::Crc32c(crc32::crc32c()),
            Check::Crc32(_) => State::Crc32(crc32::crc32()),
            Check::Md5(_) => State::Md5(Md5::new()),
        };
        Verifier { check, state }
    }

    pub fn update(&mut self, chunk: &[u8]) {
        match &mut self.state {
            State::Sha256(h) => h.update(chunk),
            State::Crc32c(h) => h.update(chunk),
            State::Crc32(h) => h.update(chunk),
            State::Md5(h) => h.update(chunk),
        }
    }

    /// Whether the bytes were the ones S3 vouched for.
    pub fn matches(self) -> bool {
        match (self.state, self.check) {
            (State::Sha256(h), Check::Sha256(want)) => h.finalize().as_slice() == want,
            (State::Crc32c(h), Check::Crc32c(want)) => h.finalize() == want,
            (State::Crc32(h), Check::Crc32(want)) => h.finalize() == want,
            (State::Md5(h), Check::Md5(want)) => h.finalize().as_slice() == want,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &[u8] = b"The quick brown fox jumps over the lazy dog";

    fn verify(check: Check, data: &[u8]) -> bool {
        let mut v = Verifier::new(check);
        for chunk in data.chunks(5) {
            v.update(chunk);
        }
        v.matches()
    }

    #[test]
    fn known_digests_of_the_quick_brown_fox() {
        let sha = "16j7swfXgJRpypq8sAguT41WUeRtPNt2LQLQvzfJ5ZI=";
        let md5 = "\"9e107d9d372bb6826bd81d3542a419d6\"";
        let crc32 = "QU+jOQ==".to_owned();
        let crc32c = "ImIEBA==".to_owned();
        for headers in [
            ChecksumHeaders {
                sha256: Some(sha),
                ..Default::default()
            },
            ChecksumHeaders {
                crc32c: Some(&crc32c),
                ..Default::default()
            },
            ChecksumHeaders {
                crc32: Some(&crc32),
                ..Default::default()
            },
            ChecksumHeaders {
                etag: Some(md5),
                ..Default::default()
            },
        ] {
            let check = choose(&headers).unwrap();
            assert!(verify(check, DATA), "{check:?}");
            assert!(
                !verify(check, b"the quick brown fox jumps over the lazy dog"),
                "{check:?} catches a change"
            );
        }
    }

    #[test]
    fn the_strongest_full_object_checksum_wins() {
        let headers = ChecksumHeaders {
            sha256: Some("abc-2"),
            crc32: Some("QU+jOQ=="),
            etag: Some("\"9e107d9d372bb6826bd81d3542a419d6\""),
            ..Default::default()
        };
        assert_eq!(choose(&headers), Ok(Check::Crc32(0x414F_A339)));
    }

    #[test]
    fn etags_that_are_not_an_md5_are_not_trusted() {
        let multipart = ChecksumHeaders {
            etag: Some("\"d41d8cd98f00b204e9800998ecf8427e-3\""),
            ..Default::default()
        };
        assert_eq!(choose(&multipart), Err(Unverifiable::MultipartEtag));
        let kms = ChecksumHeaders {
            etag: Some("\"9e107d9d372bb6826bd81d3542a419d6\""),
            server_side_encryption: Some("aws:kms"),
            ..Default::default()
        };
        assert_eq!(choose(&kms), Err(Unverifiable::KmsEtag));
        let aes = ChecksumHeaders {
            server_side_encryption: Some("AES256"),
            ..kms
        };
        assert!(matches!(choose(&aes), Ok(Check::Md5(_))));
        assert_eq!(
            choose(&ChecksumHeaders::default()),
            Err(Unverifiable::NoChecksum)
        );
        assert_eq!(
            choose(&ChecksumHeaders {
                etag: Some("\"zzzz\""),
                ..Default::default()
            }),
            Err(Unverifiable::NoChecksum)
        );
    }
}
