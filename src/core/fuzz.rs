//! What the fuzz targets check (`fuzz/`, run by `scripts/fuzz.sh`), and the replay of their committed corpora as plain tests: every parser of outside text never panics, and the names and the ZIP keep their promises.
//!
//! Built only for tests and with the `fuzzing` feature (the fuzz crate's): nothing here ships.

use time::macros::datetime;
use time::OffsetDateTime;

use crate::core::actions::ListObjectsV2;
use crate::core::safe_path::{PathPlanner, MAX_NAME_BYTES, MAX_PATH_UNITS};
use crate::core::zip::ZipStream;
use crate::core::{credentials, fragment, problem, s3_error, site_config};

const NOW: OffsetDateTime = datetime!(2026-11-30 12:00 UTC);

/// A fuzz target's check: it takes any bytes, and panics on a bug.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name.
pub const TARGETS: [(&str, Check); 7] = [
    ("credentials", credentials),
    ("listing", listing),
    ("s3_error", s3_error),
    ("fragment", fragment),
    ("site_config", site_config),
    ("safe_path", safe_path),
    ("zip", zip),
];

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Pasted keys: parsed or refused; the keys' `Debug` does not depend on the secret or the
/// session token at all.
pub fn credentials(data: &[u8]) {
    if let Ok(parsed) = credentials::parse(&text(data), NOW) {
        let creds = parsed.credentials;
        assert!(!creds.access_key_id.is_empty());
        let other = credentials::Credentials {
            secret_access_key: "another secret".into(),
            session_token: creds.session_token.as_ref().map(|_| "another token".into()),
            ..creds.clone()
        };
        assert_eq!(format!("{creds:?}"), format!("{other:?}"));
    }
}

/// A listing page: read or refused, its end read ahead without a panic either.
pub fn listing(data: &[u8]) {
    let body = text(data);
    let _ = ListObjectsV2::page_end(&body);
    let _ = ListObjectsV2::parse_response(&body);
}

/// An error body, with any status: always a failure to tell.
pub fn s3_error(data: &[u8]) {
    let (status, body) = match data.split_first() {
        Some((&first, rest)) => (300 + u16::from(first), text(rest)),
        None => (500, text(data)),
    };
    let _ = s3_error::parse(&body);
    let _ = problem::classify(status, &body, &problem::ResponseHints::default());
}

/// The address's fragment: a place read from it is written back to the same place.
pub fn fragment(data: &[u8]) {
    if let Some(place) = fragment::parse(&text(data)) {
        let again = fragment::format(&place);
        assert_eq!(fragment::parse(&again), Some(place), "{again}");
    }
}

/// The admin's `config.json`.
pub fn site_config(data: &[u8]) {
    let _ = site_config::parse(&text(data));
}

/// Keys, one a line (the first 8: the planner's work grows with the keys, and the property test
/// takes longer lists): every path stays inside the folder, is short enough, and is its own.
pub fn safe_path(data: &[u8]) {
    let mut planner = PathPlanner::new();
    let mut seen = std::collections::BTreeSet::new();
    for key in text(data).split('\n').take(8) {
        let path = planner.place(key, "");
        assert!(!path.is_empty());
        for segment in &path {
            assert!(!segment.is_empty() && segment != "." && segment != "..");
            assert!(!segment.contains(['/', '\\', '\0']), "{segment:?}");
            assert!(segment.len() <= MAX_NAME_BYTES);
            assert!(!segment.ends_with(['.', ' ']));
        }
        let units: usize = path.iter().map(|s| s.encode_utf16().count() + 1).sum();
        assert!(units <= MAX_PATH_UNITS + 9, "{units} units");
        assert!(seen.insert(path.join("/").to_lowercase()), "{path:?} twice");
    }
}

/// Entries split at 0xFF bytes (the first 32; the name is the part before the first 0xFE): the
/// archive reads back, entry by entry, as written.
pub fn zip(data: &[u8]) {
    use std::io::Read;
    let entries: Vec<(Vec<u8>, &[u8])> = data
        .split(|&b| b == 0xFF)
        .take(32)
        .map(|part| match part.iter().position(|&b| b == 0xFE) {
            Some(at) => (part[..at].to_vec(), &part[at + 1..]),
            None => (part.to_vec(), &[][..]),
        })
        .collect();
    let mut zip = ZipStream::new();
    let mut out = Vec::new();
    let mut names = Vec::new();
    for (i, (name, body)) in entries.iter().enumerate() {
        // Names as the planner makes them: text, never empty.
        let name = format!("{i}-{}", text(name));
        out.extend(
            zip.start_entry(&name, Some(NOW), body.len() as u64)
                .unwrap(),
        );
        // The writer counts and checksums the bytes; the caller sends them on.
        zip.write(body).unwrap();
        out.extend_from_slice(body);
        out.extend(zip.finish_entry().unwrap());
        names.push(name);
    }
    out.extend(zip.finish().unwrap());
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(out)).expect("the ZIP opens");
    assert_eq!(archive.len(), entries.len());
    for (i, (_, body)) in entries.iter().enumerate() {
        let mut file = archive.by_index(i).expect("the entry is there");
        assert_eq!(file.name_raw(), names[i].as_bytes());
        let mut back = Vec::new();
        file.read_to_end(&mut back).expect("the entry reads");
        assert_eq!(&back, body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every input the fuzzer kept (`fuzz/corpus/<target>/`), replayed.
    #[test]
    fn the_fuzz_corpora_replay_without_a_failure() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
        for (name, check) in TARGETS {
            let dir = root.join(name);
            let files: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|f| f.unwrap().path())
                .collect();
            assert!(!files.is_empty(), "{name}: an empty corpus");
            for file in files {
                let data = std::fs::read(&file).unwrap();
                check(&data);
            }
        }
    }
}
