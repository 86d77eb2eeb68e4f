//! Previews in the page: what each kind of file shows as (text, image, PDF, audio, video), the bytes the engine fetches for it under a cap, and one preview at a time.
//!
//! Text is the first 256 KB, asked for with a range and read whole; it is shown as a text node,
//! so HTML, SVG and XML are never rendered. Images and PDF are fetched whole (capped) and handed
//! to the page as a `blob:` URL of a type the engine names from the file's extension, never the
//! server's `Content-Type`. Audio and video stream in the media element from a presigned URL as
//! short-lived as the engine's other in-page URLs.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{Command, Engine, Fetch, Keys, Owner, Purpose, Report, RequestId, Retries, Signing};
use crate::core::actions::GetObject;
use crate::core::bucket::Bucket;
use crate::core::download::IN_PAGE_LIFETIME;
use crate::core::problem::{Failure, Problem};
use crate::core::signing::Request;

/// The most of a text file a preview shows.
pub const PREVIEW_CAP: u64 = 256 << 10;
/// The largest image the page fetches to preview.
pub const IMAGE_CAP: u64 = 25 << 20;
/// The largest PDF the page fetches to preview.
pub const PDF_CAP: u64 = 50 << 20;

/// A preview, named by the view that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PreviewId(pub u64);

/// What a file previews as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PreviewKind {
    Text,
    Image,
    Pdf,
    Audio,
    Video,
}

/// Extensions (lower case) and the kind and type their files preview as. SVG is text: an image
/// that can carry script is never rendered.
const KINDS: [(&str, PreviewKind, &str); 46] = [
    ("txt", PreviewKind::Text, ""),
    ("text", PreviewKind::Text, ""),
    ("log", PreviewKind::Text, ""),
    ("csv", PreviewKind::Text, ""),
    ("tsv", PreviewKind::Text, ""),
    ("json", PreviewKind::Text, ""),
    ("jsonl", PreviewKind::Text, ""),
    ("ndjson", PreviewKind::Text, ""),
    ("md", PreviewKind::Text, ""),
    ("markdown", PreviewKind::Text, ""),
    ("xml", PreviewKind::Text, ""),
    ("html", PreviewKind::Text, ""),
    ("htm", PreviewKind::Text, ""),
    ("svg", PreviewKind::Text, ""),
    ("yaml", PreviewKind::Text, ""),
    ("yml", PreviewKind::Text, ""),
    ("ini", PreviewKind::Text, ""),
    ("conf", PreviewKind::Text, ""),
    ("cfg", PreviewKind::Text, ""),
    ("toml", PreviewKind::Text, ""),
    ("sql", PreviewKind::Text, ""),
    ("js", PreviewKind::Text, ""),
    ("css", PreviewKind::Text, ""),
    ("py", PreviewKind::Text, ""),
    ("png", PreviewKind::Image, "image/png"),
    ("jpg", PreviewKind::Image, "image/jpeg"),
    ("jpeg", PreviewKind::Image, "image/jpeg"),
    ("gif", PreviewKind::Image, "image/gif"),
    ("webp", PreviewKind::Image, "image/webp"),
    ("avif", PreviewKind::Image, "image/avif"),
    ("bmp", PreviewKind::Image, "image/bmp"),
    ("ico", PreviewKind::Image, "image/x-icon"),
    ("pdf", PreviewKind::Pdf, "application/pdf"),
    ("mp3", PreviewKind::Audio, ""),
    ("m4a", PreviewKind::Audio, ""),
    ("aac", PreviewKind::Audio, ""),
    ("ogg", PreviewKind::Audio, ""),
    ("oga", PreviewKind::Audio, ""),
    ("opus", PreviewKind::Audio, ""),
    ("wav", PreviewKind::Audio, ""),
    ("flac", PreviewKind::Audio, ""),
    ("mp4", PreviewKind::Video, ""),
    ("m4v", PreviewKind::Video, ""),
    ("webm", PreviewKind::Video, ""),
    ("ogv", PreviewKind::Video, ""),
    ("mov", PreviewKind::Video, ""),
];

/// The kind and type `key`'s file previews as, by its last extension.
fn kind_of(key: &str) -> Option<(PreviewKind, &'static str)> {
    let name = key.rsplit('/').next().unwrap_or(key);
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    KINDS
        .iter()
        .find(|(e, _, _)| *e == ext)
        .map(|(_, kind, mime)| (*kind, *mime))
}

impl PreviewKind {
    /// What `key`'s file previews as, if the page previews it at all.
    pub fn of(key: &str) -> Option<PreviewKind> {
        kind_of(key).map(|(kind, _)| kind)
    }

    /// The most bytes fetched for a preview of this kind (`None`: streamed by the media element).
    pub fn cap(self) -> Option<u64> {
        match self {
            PreviewKind::Text => Some(PREVIEW_CAP),
            PreviewKind::Image => Some(IMAGE_CAP),
            PreviewKind::Pdf => Some(PDF_CAP),
            PreviewKind::Audio | PreviewKind::Video => None,
        }
    }

    /// Whether a file of `size` bytes is too large for a preview of this kind (text shows its
    /// beginning, so it never is).
    pub fn too_large(self, size: u64) -> bool {
        self != PreviewKind::Text && self.cap().is_some_and(|cap| size > cap)
    }
}

/// What a preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PreviewBody {
    Text {
        text: String,
        /// The file is longer than what is shown.
        cut: bool,
    },
    /// An image, PDF, audio or video at this URL: a `blob:` URL of the fetched bytes, or (audio
    /// and video) a presigned one.
    Url { kind: PreviewKind, url: String },
}

/// Where the URL of a preview comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The body the runner kept for this request (typed by the fetch's `keep`), as a `blob:` URL.
    Kept(RequestId),
    /// `request` presigned.
    Signed { signing: Signing, request: Request },
}

/// A preview being fetched.
#[derive(Debug)]
pub(super) struct Preview {
    pub bucket: Bucket,
    key: String,
    size: u64,
    kind: PreviewKind,
    /// The type the runner keeps the bytes as (images and PDF).
    mime: &'static str,
    pub retries: Retries,
}

impl Preview {
    /// Its bytes (a text file's first [`PREVIEW_CAP`]), signed with `keys`.
    fn fetch(&self, id: RequestId, keys: Keys, now: OffsetDateTime) -> Fetch {
        let text = self.kind == PreviewKind::Text;
        let signing = Signing::new(keys, &self.bucket, now, IN_PAGE_LIFETIME);
        let request = GetObject::new(&self.bucket, &self.key).request();
        let cap = self.kind.cap().unwrap_or(PREVIEW_CAP);
        Fetch::read(id, Some(signing), request, cap)
            .range((text && self.size > 0).then(|| format!("bytes=0-{}", PREVIEW_CAP - 1)))
            .keep((!text).then_some(self.mime))
    }

    /// What its answer (the text; for images and PDF an empty body: the runner kept the bytes)
    /// or its failure shows; `None`: the bytes the runner kept.
    fn shows(&self, result: Result<String, Failure>) -> Option<Result<PreviewBody, Failure>> {
        match result {
            Err(f) if f.problem == Problem::TooLarge => {
                let cap = self.kind.cap().unwrap_or_default();
                Some(Err(Failure {
                    problem: Problem::TooLargeToPreview { cap },
                    ..f
                }))
            }
            Err(f) => Some(Err(f)),
            Ok(text) if self.kind == PreviewKind::Text => Some(Ok(PreviewBody::Text {
                text,
                cut: self.size > PREVIEW_CAP,
            })),
            Ok(_) => None,
        }
    }
}

impl Engine {
    /// Starts the preview of `key` (a file of `size` bytes), ending the one before: text and
    /// images and PDF are fetched, audio and video signed for the media element.
    pub(super) fn preview(
        &mut self,
        id: PreviewId,
        bucket: Bucket,
        key: String,
        size: u64,
        now: OffsetDateTime,
    ) {
        self.close_previews();
        let Some((kind, mime)) = kind_of(&key) else {
            let failure = Failure::local(format!("no preview for {key}"));
            return self.tell_preview(id, Err(failure));
        };
        if kind.too_large(size) {
            let cap = kind.cap().unwrap_or_default();
            return self.tell_preview(id, Err(Problem::TooLargeToPreview { cap }.into()));
        }
        if kind.cap().is_none() {
            let Ok(keys) = self.usable_keys(now) else {
                return self.tell_preview(id, Err(Problem::KeysExpired.into()));
            };
            let request = GetObject::new(&bucket, &key).request();
            if request.too_long() {
                return self.tell_preview(id, Err(Problem::KeyTooLong.into()));
            }
            self.shown_previews.insert(id);
            let source = Source::Signed {
                signing: Signing::new(keys, &bucket, now, IN_PAGE_LIFETIME),
                request,
            };
            self.out.push(Command::ShowPreview {
                preview: id,
                kind,
                source,
            });
            return;
        }
        let retries = Retries::default();
        let preview = Preview {
            bucket,
            key,
            size,
            kind,
            mime,
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
        Some(self.previews.get(&preview)?.fetch(id, keys, now))
    }

    /// The preview's answer came (its text; for images and PDF the runner kept the body), or it
    /// failed: the view is told, and the fetch is over.
    pub(super) fn end_preview(
        &mut self,
        id: PreviewId,
        request: Option<RequestId>,
        result: Result<String, Failure>,
    ) {
        let Some(preview) = self.previews.remove(&id) else {
            return;
        };
        self.abort_where(|owner| owner == Owner::Preview(id));
        match preview.shows(result) {
            Some(result) => self.tell_preview(id, result),
            None => {
                let Some(request) = request else {
                    return;
                };
                self.shown_previews.insert(id);
                self.out.push(Command::ShowPreview {
                    preview: id,
                    kind: preview.kind,
                    source: Source::Kept(request),
                });
            }
        }
    }

    fn tell_preview(&mut self, id: PreviewId, result: Result<PreviewBody, Failure>) {
        self.out
            .push(Command::Report(Report::Preview { id, result }));
    }

    /// The view closed a preview: a fetch on its way stops, a URL handed out is revoked.
    pub(super) fn close_preview(&mut self, id: PreviewId) {
        if self.previews.remove(&id).is_some() {
            self.abort_where(|owner| owner == Owner::Preview(id));
        }
        if self.shown_previews.remove(&id) {
            self.out.push(Command::ReleasePreview(id));
        }
    }

    /// Ends every preview, untold: on a new preview (one at a time) and when the keys are gone
    /// (the view forgets them with the keys; their end is no failure to show).
    pub(super) fn close_previews(&mut self) {
        let ids: Vec<PreviewId> = self
            .previews
            .keys()
            .chain(&self.shown_previews)
            .copied()
            .collect();
        for id in ids {
            self.close_preview(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_a_file_previews_as() {
        for key in [
            "a.txt",
            "logs/app.LOG",
            "data.csv",
            "x/page.html",
            "icon.svg",
            "feed.xml",
        ] {
            assert_eq!(PreviewKind::of(key), Some(PreviewKind::Text), "{key}");
        }
        assert_eq!(PreviewKind::of("p/Photo.JPG"), Some(PreviewKind::Image));
        assert_eq!(PreviewKind::of("report.pdf"), Some(PreviewKind::Pdf));
        assert_eq!(PreviewKind::of("talk.mp3"), Some(PreviewKind::Audio));
        assert_eq!(PreviewKind::of("clip.webm"), Some(PreviewKind::Video));
        for key in ["archive.tar.gz", "README", "dir.txt/file", "x.exe"] {
            assert_eq!(PreviewKind::of(key), None, "{key}");
        }
    }

    #[test]
    fn only_fetched_kinds_have_a_size_limit() {
        assert!(!PreviewKind::Text.too_large(u64::MAX));
        assert!(!PreviewKind::Image.too_large(IMAGE_CAP));
        assert!(PreviewKind::Image.too_large(IMAGE_CAP + 1));
        assert!(PreviewKind::Pdf.too_large(PDF_CAP + 1));
        assert!(!PreviewKind::Video.too_large(u64::MAX));
    }

    #[test]
    fn images_and_pdf_are_typed_by_their_extension() {
        assert_eq!(
            kind_of("a/b.Jpeg"),
            Some((PreviewKind::Image, "image/jpeg"))
        );
        assert_eq!(
            kind_of("doc.pdf"),
            Some((PreviewKind::Pdf, "application/pdf"))
        );
        // Never a type a browser would run as a document.
        for (_, _, mime) in KINDS {
            assert!(!mime.contains("html") && !mime.contains("svg") && !mime.contains("xml"));
        }
    }
}
