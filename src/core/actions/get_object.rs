//! GetObject: the presignable download of one object, named for the browser's download manager.

use crate::core::bucket::Bucket;
use crate::core::signing::Request;

/// A request for one object's bytes.
#[derive(Debug, Clone)]
pub struct GetObject<'a> {
    bucket: &'a Bucket,
    key: &'a str,
    content_disposition: Option<String>,
    checksum_mode: bool,
}

impl<'a> GetObject<'a> {
    pub fn new(bucket: &'a Bucket, key: &'a str) -> Self {
        GetObject {
            bucket,
            key,
            content_disposition: None,
            checksum_mode: false,
        }
    }

    /// Asks S3 to answer with this `Content-Disposition` (`response-content-disposition`).
    pub fn content_disposition(mut self, value: String) -> Self {
        self.content_disposition = Some(value);
        self
    }

    /// Asks S3 to send the object's checksum headers (`x-amz-checksum-mode=ENABLED`, as a signed
    /// query parameter, as the AWS SDK's presigner does: the GET stays a CORS simple request).
    pub fn checksum_mode(mut self) -> Self {
        self.checksum_mode = true;
        self
    }

    pub fn request(&self) -> Request {
        let mut request = Request::get(self.bucket.object_url(self.key));
        if let Some(value) = &self.content_disposition {
            request = request.query("response-content-disposition", value);
        }
        if self.checksum_mode {
            request = request.query("x-amz-checksum-mode", "ENABLED");
        }
        request
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bucket::Addressing;

    #[test]
    fn asks_for_the_download_name() {
        let bucket = Bucket::new("demo", "", "http://127.0.0.1:3900", Addressing::Auto).unwrap();
        let req = GetObject::new(&bucket, "a/b c.txt")
            .content_disposition("attachment; filename=\"b c.txt\"".into())
            .request();
        assert_eq!(
            req.full_url(),
            "http://127.0.0.1:3900/demo/a/b%20c.txt?response-content-disposition=attachment%3B%20filename%3D%22b%20c.txt%22"
        );
        assert_eq!(
            GetObject::new(&bucket, "k").request().full_url(),
            "http://127.0.0.1:3900/demo/k"
        );
    }
}
