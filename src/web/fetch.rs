//! One GET through the browser's fetch for the transfers: a CORS simple request (no credentials, at most a Range header); answers read whole stay under a cap.

use web_sys::Response;

use crate::core::engine::{Answer, ERROR_CAP};
use crate::runner::fetch::{read_answer, send, Stop};

pub use crate::runner::fetch::{describe, sleep};

/// The request got no answer at all: the browser says only `TypeError` (CORS, network, DNS).
#[derive(Debug, Clone)]
pub struct NoAnswer(pub String);

/// GETs `url`, optionally with one `Range: bytes=…` header, and reads the answer (see [`answer`]).
pub async fn get(url: &str, range: Option<&str>) -> Result<Answer, NoAnswer> {
    let response = open(url, range).await?;
    answer(&response).await
}

/// GETs `url` and hands back the response with its body unread (to stream it).
pub async fn open(url: &str, range: Option<&str>) -> Result<Response, NoAnswer> {
    send(url, range, None)
        .await
        .map_err(|e| NoAnswer(describe(&e)))
}

/// Reads a response's status, exposed headers and at most 64 KiB of its body (an error's XML,
/// a one-byte check): a larger successful body is not read.
pub async fn answer(response: &Response) -> Result<Answer, NoAnswer> {
    read_answer(response, ERROR_CAP, ERROR_CAP)
        .await
        .map_err(|stop| match stop {
            Stop::Js(e) => NoAnswer(describe(&e)),
            Stop::TooLarge => NoAnswer("the answer is larger than expected".to_owned()),
        })
}

/// One response header, if the CORS rule lets the page read it.
pub fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).ok().flatten()
}
