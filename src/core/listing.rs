//! Where a folder is: its breadcrumb, its parent, and prefixes as S3 wants them.

use super::safe_path::visible;

/// One step of the breadcrumb: its label and the prefix it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    pub label: String,
    pub prefix: String,
}

/// The breadcrumb of `prefix` in `bucket`: the bucket first, then each folder.
pub fn breadcrumb(bucket: &str, prefix: &str) -> Vec<Crumb> {
    let mut crumbs = vec![Crumb {
        label: visible(bucket).into_owned(),
        prefix: String::new(),
    }];
    let mut so_far = String::new();
    for segment in prefix
        .strip_suffix('/')
        .unwrap_or(prefix)
        .split('/')
        .filter(|_| !prefix.is_empty())
    {
        so_far.push_str(segment);
        so_far.push('/');
        crumbs.push(Crumb {
            label: visible(segment).into_owned(),
            prefix: so_far.clone(),
        });
    }
    crumbs
}

/// A typed prefix as S3 wants it: no leading `/`, a trailing `/` unless empty.
pub fn normalize_prefix(typed: &str) -> String {
    let mut prefix = typed.trim().trim_start_matches('/').to_owned();
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    prefix
}

/// Whether `prefix` lies above the folder the keys were given for (`start`), where access is often denied.
pub fn is_above(prefix: &str, start: &str) -> bool {
    start.len() > prefix.len() && start.starts_with(prefix)
}

/// The prefix one level up, or `None` at the bucket root.
pub fn parent(prefix: &str) -> Option<String> {
    if prefix.is_empty() {
        return None;
    }
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    Some(
        trimmed
            .rfind('/')
            .map_or(String::new(), |i| trimmed[..=i].to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumbs() {
        assert_eq!(
            breadcrumb("b", ""),
            vec![Crumb {
                label: "b".into(),
                prefix: "".into()
            }]
        );
        let crumbs = breadcrumb("b", "a/보고서/");
        assert_eq!(
            crumbs.iter().map(|c| c.prefix.as_str()).collect::<Vec<_>>(),
            ["", "a/", "a/보고서/"]
        );
        assert_eq!(crumbs[2].label, "보고서");
    }

    #[test]
    fn typed_prefixes_are_normalized() {
        assert_eq!(normalize_prefix(""), "");
        assert_eq!(normalize_prefix(" /team/in "), "team/in/");
        assert_eq!(normalize_prefix("docs/"), "docs/");
        assert_eq!(normalize_prefix("보고서"), "보고서/");
    }

    #[test]
    fn parents_and_scope() {
        assert_eq!(parent(""), None);
        assert_eq!(parent("a/").as_deref(), Some(""));
        assert_eq!(parent("a/b/").as_deref(), Some("a/"));
        assert!(is_above("", "team/"));
        assert!(is_above("team/", "team/in/"));
        assert!(!is_above("team/", "team/"));
        assert!(!is_above("other/", "team/"));
    }
}
