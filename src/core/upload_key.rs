//! The object key an uploaded file gets: its path below the destination folder, each part in NFC and checked, or why that file cannot be uploaded under its name.

use super::nfc::Normalize;
use super::safe_path::{is_invisible_format, visible};

/// S3's longest key, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 1024;

/// Why one file cannot be uploaded under its name (the rest of its job goes on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// A part of its path is empty (`a//b`), `.` or `..`: S3 would keep it, but no folder
    /// shows it, and `..` reads as going up.
    BadPart { path: String },
    /// A control character, or a mark that reorders or hides text, is in its name (the path
    /// is given with them written out, `[U+202E]`, so it can be shown).
    HiddenCharacter { path: String },
    /// The key would be longer than S3 allows.
    TooLong { path: String, bytes: usize },
}

/// The key for the file at `path` (its parts separated by `/`, as a picked or dropped folder
/// gives them) below `folder` (the destination: empty, or a prefix ending in `/`). Each part is
/// brought to NFC by `normalize`, so a name from a Mac (NFD) becomes the key the same name typed
/// on Windows does.
pub fn upload_key(folder: &str, path: &str, normalize: Normalize) -> Result<String, NameProblem> {
    let mut key = folder.to_owned();
    for (i, part) in path.split('/').enumerate() {
        if part.is_empty() || part == "." || part == ".." {
            return Err(NameProblem::BadPart {
                path: visible(path).into_owned(),
            });
        }
        if part
            .chars()
            .any(|c| c.is_control() || is_invisible_format(c))
        {
            return Err(NameProblem::HiddenCharacter {
                path: visible(path).into_owned(),
            });
        }
        if i > 0 {
            key.push('/');
        }
        key.push_str(&normalize(part).unwrap_or_else(|| part.to_owned()));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(NameProblem::TooLong {
            path: path.to_owned(),
            bytes: key.len(),
        });
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nfc::{as_is, by_tables};
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn a_files_path_below_the_folder_is_its_key() {
        assert_eq!(
            upload_key("inbox/", "a.txt", as_is),
            Ok("inbox/a.txt".into())
        );
        assert_eq!(
            upload_key("", "reports/2024/q1.pdf", as_is),
            Ok("reports/2024/q1.pdf".into())
        );
        assert_eq!(
            upload_key("in/", "a b+c&d.txt", as_is),
            Ok("in/a b+c&d.txt".into())
        );
    }

    #[test]
    fn a_name_from_a_mac_becomes_the_key_the_same_name_typed_on_windows_does() {
        let typed = "보고서/분기 보고서.txt";
        let from_mac: String = typed.nfd().collect();
        assert_ne!(typed, from_mac);
        assert_eq!(
            upload_key("in/", &from_mac, by_tables),
            Ok(format!("in/{typed}"))
        );
    }

    #[test]
    fn empty_dot_and_dot_dot_parts_are_refused() {
        for path in [
            "a//b.txt",
            "./a.txt",
            "a/../b.txt",
            "",
            "a/",
            "/a.txt",
            "..",
        ] {
            assert!(
                matches!(
                    upload_key("in/", path, as_is),
                    Err(NameProblem::BadPart { .. })
                ),
                "{path:?}"
            );
        }
        // Dots inside a name are only dots.
        assert_eq!(upload_key("", "..a/b..txt", as_is), Ok("..a/b..txt".into()));
    }

    #[test]
    fn hidden_characters_are_refused_and_named_visibly() {
        assert_eq!(
            upload_key("", "invoice\u{202E}fdp.exe", as_is),
            Err(NameProblem::HiddenCharacter {
                path: "invoice[U+202E]fdp.exe".into()
            })
        );
        assert!(upload_key("", "a\tb.txt", as_is).is_err());
        assert!(upload_key("", "zero\u{200B}width.txt", as_is).is_err());
    }

    #[test]
    fn a_key_over_1024_bytes_is_refused_before_any_request() {
        let name = "가".repeat(300);
        // 3 bytes a syllable: 900 bytes, plus the folder.
        assert!(upload_key("in/", &name, as_is).is_ok());
        let folder = format!("{}/", "f".repeat(130));
        assert_eq!(
            upload_key(&folder, &name, as_is),
            Err(NameProblem::TooLong {
                path: name.clone(),
                bytes: 1031
            })
        );
    }

    proptest::proptest! {
        /// Whatever the path: a key comes only from good parts, keeps them in order below the
        /// folder, and is never over S3's limit.
        #[test]
        fn a_key_holds_only_good_parts_below_the_folder(
            parts in proptest::collection::vec("(\\.{0,2}|[a-z\\.\\u{202E}\\t가]{0,6})", 1..5),
            folder in "([a-z]{1,4}/){0,2}",
        ) {
            let path = parts.join("/");
            let hidden = |p: &str| p.contains(['\u{202E}', '\t']);
            let bad = |p: &str| p.is_empty() || p == "." || p == ".." || hidden(p);
            match upload_key(&folder, &path, as_is) {
                Ok(key) => {
                    let below = key.strip_prefix(folder.as_str()).unwrap();
                    proptest::prop_assert_eq!(below, path.as_str());
                    proptest::prop_assert!(!below.split('/').any(bad));
                    proptest::prop_assert!(key.len() <= MAX_KEY_BYTES);
                }
                Err(_) => proptest::prop_assert!(parts.iter().any(|p| bad(p))),
            }
        }
    }
}
