//! Opens an object: its GET sent, the answer's headers in under a deadline, its body left unread for the pump (a refusal's body read whole).

use std::time::Duration;

use web_sys::{AbortController, Response};

use crate::core::engine::{Answer, Head, NoAnswer};
use crate::core::integrity::Checksums;
use crate::platform::fetch::{abort_after, describe, read_answer, send, Stop};

/// How opening an object went.
pub enum Opening {
    /// A 2xx answer, its body unread, and the headers the engine reads.
    Opened(Response, Head),
    /// A refusal, its error body read under the cap.
    Refused(Answer),
    Failed(NoAnswer),
}

/// GETs an object (with `range`, if any) and hands back its answer with the body unread; the
/// `deadline` covers the headers only (a body has a stall watchdog instead).
pub async fn open_object(
    url: &str,
    range: Option<&str>,
    abort: &AbortController,
    error_cap: u64,
    deadline: Duration,
) -> Opening {
    let (timed_out, deadline) = abort_after(abort, deadline);
    let response = match send(url, range, Some(&abort.signal())).await {
        Ok(response) => response,
        Err(_) if timed_out.get() => return Opening::Failed(NoAnswer::TimedOut),
        Err(e) => return Opening::Failed(NoAnswer::Network(describe(&e))),
    };
    if !response.ok() {
        // A refusal's body is read under the same deadline.
        return match read_answer(&response, (error_cap, error_cap), None, None).await {
            Ok((answer, _)) => Opening::Refused(answer),
            Err(_) if timed_out.get() => Opening::Failed(NoAnswer::TimedOut),
            Err(Stop::Js(e)) => Opening::Failed(NoAnswer::Cut(describe(&e))),
            Err(Stop::TooLarge) => Opening::Failed(NoAnswer::TooLarge),
        };
    }
    // An object's body has no deadline (a stall watchdog instead).
    drop(deadline);
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let head = Head {
        content_length: header("content-length").and_then(|n| n.parse().ok()),
        content_range: header("content-range"),
        checksums: Checksums {
            etag: header("etag"),
            crc32: header("x-amz-checksum-crc32"),
            crc32c: header("x-amz-checksum-crc32c"),
            sha256: header("x-amz-checksum-sha256"),
            server_side_encryption: header("x-amz-server-side-encryption"),
        },
    };
    Opening::Opened(response, head)
}
