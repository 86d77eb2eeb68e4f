//! One GET through the browser's fetch: a CORS simple request (no credentials, at most a Range header).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Headers, Request, RequestCache, RequestCredentials, RequestInit, RequestMode, Response,
};

/// What came back from the server.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub date: Option<String>,
    pub bucket_region: Option<String>,
    pub request_id: Option<String>,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The request got no answer at all: the browser says only `TypeError` (CORS, network, DNS).
#[derive(Debug, Clone)]
pub struct NoAnswer(pub String);

/// GETs `url`, optionally with one `Range: bytes=…` header, and reads the body as text.
pub async fn get(url: &str, range: Option<&str>) -> Result<Answer, NoAnswer> {
    let response = open(url, range).await?;
    answer(&response).await
}

/// GETs `url` and hands back the response with its body unread (to stream it).
pub async fn open(url: &str, range: Option<&str>) -> Result<Response, NoAnswer> {
    send(url, range).await.map_err(|e| NoAnswer(describe(&e)))
}

/// Reads a response's status, exposed headers and body text.
pub async fn answer(response: &Response) -> Result<Answer, NoAnswer> {
    let (date, bucket_region, request_id) = (
        header(response, "date"),
        header(response, "x-amz-bucket-region"),
        header(response, "x-amz-request-id"),
    );
    let status = response.status();
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|e| NoAnswer(describe(&e)))?
            .as_string()
            .unwrap_or_default(),
        Err(e) => return Err(NoAnswer(describe(&e))),
    };
    Ok(Answer {
        status,
        body,
        date,
        bucket_region,
        request_id,
    })
}

/// One response header, if the CORS rule lets the page read it.
pub fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).ok().flatten()
}

async fn send(url: &str, range: Option<&str>) -> Result<Response, JsValue> {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    if let Some(range) = range {
        let headers = Headers::new()?;
        headers.set("Range", range)?;
        init.set_headers(&headers);
    }
    let request = Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into::<Response>()
}

pub use crate::runner::fetch::{describe, sleep};
