//! Previews of text files in the page: the first 256 KB of the object, asked for with a range and read whole, shown as text (HTML, SVG and XML included: never rendered).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    Command, Engine, Fetch, Keys, Owner, Purpose, Report, RequestId, Retries, Signing, DEADLINE,
    ERROR_CAP,
};
use crate::core::actions::GetObject;
use crate::core::bucket::Bucket;
use crate::core::download::LISTING_LIFETIME;
use crate::core::problem::Failure;

/// The most of a file a preview shows.
pub const PREVIEW_CAP: u64 = 256 << 10;

/// A preview, named by the view that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PreviewId(pub u64);

/// What a preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewText {
    pub text: String,
    /// The file is longer than what is shown.
    pub cut: bool,
}

/// Names whose files are shown as text (their last extension, lower case).
const TEXT: [&str; 24] = [
    "txt", "text", "log", "csv", "tsv", "json", "jsonl", "ndjson", "md", "markdown", "xml", "html",
    "htm", "svg", "yaml", "yml", "ini", "conf", "cfg", "toml", "sql", "js", "css", "py",
];

/// Whether `key` names a file the page previews as text.
pub fn previews_as_text(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| TEXT.contains(&ext.to_ascii_lowercase().as_str()))
}

/// A preview being fetched.
#[derive(Debug)]
pub(super) struct Preview {
    pub bucket: Bucket,
    key: String,
    size: u64,
    pub retries: Retries,
}

impl Engine {
    /// Asks for the first [`PREVIEW_CAP`] bytes of `key` (a file of `size` bytes).
    pub(super) fn preview(&mut self, id: PreviewId, bucket: Bucket, key: String, size: u64) {
        let retries = Retries::default();
        let preview = Preview {
            bucket,
            key,
            size,
            retries,
        };
        self.previews.insert(id, preview);
        self.ask(Owner::Preview(id), Purpose::Main);
    }

    pub(super) fn preview_fetch(
        &self,
        id: RequestId,
        preview: PreviewId,
        keys: Keys,
        now: OffsetDateTime,
    ) -> Option<Fetch> {
        let p = self.previews.get(&preview)?;
        Some(Fetch {
            id,
            signing: Some(Signing::new(keys, &p.bucket, now, LISTING_LIFETIME)),
            request: GetObject::new(&p.bucket, &p.key).request(),
            range: (p.size > 0).then(|| format!("bytes=0-{}", PREVIEW_CAP - 1)),
            open: false,
            keep_url: false,
            cap: PREVIEW_CAP,
            error_cap: ERROR_CAP,
            deadline: DEADLINE,
        })
    }

    /// The preview's bytes came (as text), or it failed: the view is told, and it is over.
    pub(super) fn end_preview(&mut self, id: PreviewId, result: Result<String, Failure>) {
        let Some(preview) = self.previews.remove(&id) else {
            return;
        };
        self.abort_where(|owner| owner == Owner::Preview(id));
        let result = result.map(|text| PreviewText {
            text,
            cut: preview.size > PREVIEW_CAP,
        });
        self.out
            .push(Command::Report(Report::Preview { id, result }));
    }

    /// The keys are gone: previews on their way stop, untold (the view forgets them with the
    /// keys; their end is no failure to show).
    pub(super) fn drop_previews(&mut self) {
        self.previews.clear();
        self.abort_where(|owner| matches!(owner, Owner::Preview(_)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_like_names_are_previewed_as_text() {
        for key in [
            "a.txt",
            "logs/app.LOG",
            "data.csv",
            "x/page.html",
            "icon.svg",
            "feed.xml",
        ] {
            assert!(previews_as_text(key), "{key}");
        }
        for key in [
            "photo.jpg",
            "report.pdf",
            "archive.tar.gz",
            "README",
            "dir.txt/file",
        ] {
            assert!(!previews_as_text(key), "{key}");
        }
    }
}
