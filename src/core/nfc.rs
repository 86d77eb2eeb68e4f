//! Unicode normalisation (NFC) as the platform supplies it: the browser's own `String.prototype.normalize` in the runner, so no Unicode tables ship; shared by the filter and the download paths.

/// A name in NFC, when it differs from the name (`None`: it is already NFC).
pub type Normalize = fn(&str) -> Option<String>;

/// Leaves every name as it is (names in ASCII are always NFC).
pub fn as_is(_: &str) -> Option<String> {
    None
}

/// NFC by the unicode-normalization crate, standing in for the browser's in host tests.
#[cfg(test)]
pub fn by_tables(s: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let n: String = s.nfc().collect();
    (n != s).then_some(n)
}
