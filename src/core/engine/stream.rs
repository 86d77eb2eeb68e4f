//! One stream of an object (the whole object, or one ranged part): where it stands, what to ask for after a cut, when the object changed, when to give up.

use std::time::Duration;

use crate::core::problem::{Failure, Problem};
use crate::core::retry::backoff;
use crate::core::transfer_plan::{check_range, Part, RangeCheck};

/// How many times one stream resumes after dropped connections before it fails.
pub const MAX_RESUMES: u32 = 10;

/// What follows the end of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterBody {
    /// Every byte of the stream is in.
    Done,
    /// Wait `after`, then ask for the rest with this `Range` header.
    Resume { after: Duration, range: String },
    /// Too many cuts: the connection is not good enough.
    GiveUp(Failure),
}

/// What to do with the answer to a resumed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reopened {
    /// The same object, from the byte asked for: go on.
    GoOn,
    /// The object changed (or the answer is not the bytes asked for): a whole-object stream
    /// starts over from the first byte, with the object as it is now.
    StartOver,
    /// The object changed under a ranged part: the parts no longer fit together.
    Changed(Failure),
}

/// A stream's progress and the object it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    /// Where the stream starts in the object, and how many bytes it brings.
    start: u64,
    len: u64,
    received: u64,
    resumes: u32,
    /// A whole-object stream may start over when the object changes; a part may not.
    whole: bool,
    /// The object as it was when the stream began.
    etag: Option<String>,
    object_size: u64,
}

impl Stream {
    /// The whole object of `size` bytes (as its answer said) whose ETag is `etag`.
    pub fn whole(etag: Option<String>, size: u64) -> Self {
        Stream {
            start: 0,
            len: size,
            received: 0,
            resumes: 0,
            whole: true,
            etag,
            object_size: size,
        }
    }

    /// One ranged part of an object of `object_size` bytes whose ETag is `etag`.
    pub fn part(part: Part, etag: Option<String>, object_size: u64) -> Self {
        Stream {
            start: part.start,
            len: part.len(),
            whole: false,
            object_size,
            ..Stream::whole(etag, 0)
        }
    }

    /// Bytes of the stream in so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Where the next byte goes in the object.
    pub fn position(&self) -> u64 {
        self.start.saturating_add(self.received)
    }

    /// Bytes still to come.
    pub fn wanted(&self) -> u64 {
        self.len.saturating_sub(self.received)
    }

    /// The object's ETag, as its first answer said.
    pub fn etag(&self) -> Option<&str> {
        self.etag.as_deref()
    }

    /// The object's length, as its latest answer said.
    pub fn object_size(&self) -> u64 {
        self.object_size
    }

    /// `n` more bytes were written.
    pub fn wrote(&mut self, n: u64) {
        self.received = self.received.saturating_add(n).min(self.len);
    }

    /// The body ended (whole, cut, or stalled): done, or resume from where it stopped after a
    /// backoff, or give up after [`MAX_RESUMES`] cuts.
    pub fn body_ended(&mut self) -> AfterBody {
        if self.wanted() == 0 {
            return AfterBody::Done;
        }
        self.resumes += 1;
        if self.resumes > MAX_RESUMES {
            return AfterBody::GiveUp(Failure::no_answer(true));
        }
        AfterBody::Resume {
            after: backoff(self.resumes.min(4)),
            range: self.range(),
        }
    }

    /// The `Range` header asking for the rest of the stream.
    pub fn range(&self) -> String {
        if self.whole {
            format!("bytes={}-", self.position())
        } else {
            format!("bytes={}-{}", self.position(), self.start + self.len - 1)
        }
    }

    /// Checks the answer to a resumed request (its `ETag` and `Content-Range`).
    pub fn reopened(&self, etag: Option<&str>, content_range: Option<&str>) -> Reopened {
        match check_range(
            self.etag.as_deref(),
            etag,
            content_range,
            self.position(),
            self.object_size,
        ) {
            RangeCheck::Continue => Reopened::GoOn,
            _ if self.whole => Reopened::StartOver,
            _ => Reopened::Changed(Problem::ChangedMidDownload.into()),
        }
    }

    /// A whole-object stream began again on the object as it is now (`etag`, `size` bytes);
    /// the resumes so far still count.
    pub fn started_over(&mut self, etag: Option<String>, size: u64) {
        self.received = 0;
        self.len = size;
        self.object_size = size;
        self.etag = etag;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::transfer_plan::{parts, PART_SIZE};

    #[test]
    fn a_cut_stream_resumes_from_the_byte_where_it_stopped() {
        let mut s = Stream::whole(Some("\"e\"".into()), 1000);
        s.wrote(400);
        assert_eq!(
            s.body_ended(),
            AfterBody::Resume {
                after: Duration::from_millis(500),
                range: "bytes=400-".into()
            }
        );
        assert_eq!(
            s.reopened(Some("\"e\""), Some("bytes 400-999/1000")),
            Reopened::GoOn
        );
        s.wrote(600);
        assert_eq!(s.body_ended(), AfterBody::Done);
        assert_eq!(s.received(), 1000);
    }

    #[test]
    fn a_part_resumes_within_its_own_range() {
        let size = 3 * PART_SIZE;
        let part = parts(size, PART_SIZE)[1];
        let mut s = Stream::part(part, Some("e".into()), size);
        assert_eq!(s.position(), PART_SIZE);
        s.wrote(10);
        let AfterBody::Resume { range, .. } = s.body_ended() else {
            panic!("resumes");
        };
        assert_eq!(
            range,
            format!("bytes={}-{}", PART_SIZE + 10, 2 * PART_SIZE - 1)
        );
        // More than the part (a whole-object body runs on) never counts past its end.
        s.wrote(u64::MAX);
        assert_eq!((s.wanted(), s.body_ended()), (0, AfterBody::Done));
    }

    #[test]
    fn an_etag_change_starts_a_whole_stream_over_and_fails_a_part() {
        let mut whole = Stream::whole(Some("old".into()), 100);
        whole.wrote(50);
        whole.body_ended();
        assert_eq!(
            whole.reopened(Some("new"), Some("bytes 50-119/120")),
            Reopened::StartOver
        );
        whole.started_over(Some("new".into()), 120);
        assert_eq!((whole.received(), whole.wanted()), (0, 120));
        assert_eq!(
            whole.reopened(Some("new"), Some("bytes 0-119/120")),
            Reopened::GoOn
        );

        let part = Stream::part(parts(100, 50)[1], Some("old".into()), 100);
        assert_eq!(
            part.reopened(Some("new"), Some("bytes 50-99/100")),
            Reopened::Changed(Problem::ChangedMidDownload.into())
        );
        // Bytes other than those asked for are no better.
        assert_eq!(
            part.reopened(Some("old"), Some("bytes 0-99/100")),
            Reopened::Changed(Problem::ChangedMidDownload.into())
        );
    }

    #[test]
    fn cuts_back_off_and_give_up_after_ten() {
        let mut s = Stream::whole(None, 100);
        let mut waits = Vec::new();
        let given_up = loop {
            match s.body_ended() {
                AfterBody::Resume { after, .. } => waits.push(after.as_millis()),
                other => break other,
            }
        };
        assert_eq!(waits.len() as u32, MAX_RESUMES);
        assert_eq!(&waits[..5], [500, 1000, 2000, 4000, 4000]);
        assert_eq!(
            given_up,
            AfterBody::GiveUp(Problem::ConnectionDropped.into())
        );
    }
}
