//! How rows are sorted: the column and direction (as the fragment writes them) and names in natural order.

use std::cmp::Ordering;
use std::iter::Peekable;
use std::str::Chars;

use serde::{Deserialize, Serialize};

/// The column rows are sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    #[default]
    Name,
    Size,
    Date,
}

/// A column and a direction. Folders always come before files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub by: SortBy,
    pub descending: bool,
}

impl Sort {
    /// As the fragment writes it: `name`, `size-desc`, ….
    pub fn token(self) -> String {
        let by = match self.by {
            SortBy::Name => "name",
            SortBy::Size => "size",
            SortBy::Date => "date",
        };
        if self.descending {
            format!("{by}-desc")
        } else {
            by.to_owned()
        }
    }

    /// Reads a token written by [`Sort::token`].
    pub fn from_token(token: &str) -> Option<Sort> {
        let (by, descending) = match token.strip_suffix("-desc") {
            Some(by) => (by, true),
            None => (token, false),
        };
        let by = match by {
            "name" => SortBy::Name,
            "size" => SortBy::Size,
            "date" => SortBy::Date,
            _ => return None,
        };
        Some(Sort { by, descending })
    }

    /// The sort a click on `by`'s header gives: the other direction of the same column, or a
    /// new column ascending (names A→Z; sizes and dates largest and newest first read better
    /// descending, but one rule for every column is easier to predict).
    pub fn toggled(self, by: SortBy) -> Sort {
        Sort {
            by,
            descending: self.by == by && !self.descending,
        }
    }
}

/// Natural order of two names (each already in NFC): runs of ASCII digits compare as numbers
/// (`file2` before `file10`), everything else case-insensitively by code point. Names that
/// differ only in case or in leading zeros compare equal: the caller breaks ties (by key).
pub fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let order = number(&mut a).cmp_digits(&number(&mut b));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(x), Some(y)) => {
                let order = fold(x).cmp(&fold(y));
                if order != Ordering::Equal {
                    return order;
                }
                a.next();
                b.next();
            }
        }
    }
}

/// One character without its case (its first lowercase character: enough to order by).
fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// A run of digits, leading zeros dropped, held as text: no run is too long to compare.
struct Digits {
    significant: String,
}

impl Digits {
    fn cmp_digits(&self, other: &Digits) -> Ordering {
        self.significant
            .len()
            .cmp(&other.significant.len())
            .then_with(|| self.significant.cmp(&other.significant))
    }
}

fn number(chars: &mut Peekable<Chars>) -> Digits {
    let mut significant = String::new();
    while let Some(c) = chars.next_if(char::is_ascii_digit) {
        if !(significant.is_empty() && c == '0') {
            significant.push(c);
        }
    }
    Digits { significant }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| natural(a, b).then_with(|| a.cmp(b)));
        v
    }

    #[test]
    fn digit_runs_compare_as_numbers() {
        assert_eq!(
            sorted(&["file10.txt", "file2.txt", "file1.txt", "file02.txt"]),
            ["file1.txt", "file02.txt", "file2.txt", "file10.txt"]
        );
        assert_eq!(
            sorted(&["v1.10", "v1.9", "v1.9.1", "v1"]),
            ["v1", "v1.9", "v1.9.1", "v1.10"]
        );
        // Longer than any integer type.
        assert_eq!(
            natural("a123456789012345678901234567890", "a99"),
            Ordering::Greater
        );
    }

    #[test]
    fn case_does_not_order_names() {
        assert_eq!(
            sorted(&["b.txt", "A.txt", "a.txt", "B.txt"]),
            ["A.txt", "a.txt", "B.txt", "b.txt"]
        );
        assert_eq!(natural("Ärger", "ärger"), Ordering::Equal);
        assert_eq!(natural("보고서", "보고서1"), Ordering::Less);
    }

    #[test]
    fn sort_tokens_round_trip() {
        for by in [SortBy::Name, SortBy::Size, SortBy::Date] {
            for descending in [false, true] {
                let sort = Sort { by, descending };
                assert_eq!(Sort::from_token(&sort.token()), Some(sort));
            }
        }
        assert_eq!(Sort::from_token("colour"), None);
        let name = Sort::default();
        assert_eq!(name.toggled(SortBy::Name).token(), "name-desc");
        assert_eq!(name.toggled(SortBy::Size).token(), "size");
    }

    proptest! {
        /// A total order once ties are broken by the text itself: sorting never panics and
        /// gives the same result whatever the starting order.
        #[test]
        fn natural_order_is_consistent(mut names in prop::collection::vec("[a-cA-C0-9 .é]{0,6}", 0..40)) {
            let once = sorted(&names.iter().map(String::as_str).collect::<Vec<_>>());
            names.reverse();
            let again = sorted(&names.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(&once, &again);
            for pair in once.windows(2) {
                prop_assert_ne!(natural(&pair[0], &pair[1]), Ordering::Greater);
            }
        }
    }
}
