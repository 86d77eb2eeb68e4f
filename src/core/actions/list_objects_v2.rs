//! ListObjectsV2: one page of a folder listing, with `encoding-type=url` decoded `+`-aware.

use percent_encoding::percent_decode_str;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{DeError, Reader};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::core::bucket::Bucket;
use crate::core::signing::Request;

/// A request for one page of keys under `prefix`.
#[derive(Debug, Clone)]
pub struct ListObjectsV2<'a> {
    bucket: &'a Bucket,
    prefix: &'a str,
    delimiter: Option<&'a str>,
    continuation_token: Option<&'a str>,
    start_after: Option<&'a str>,
    max_keys: Option<u32>,
}

impl<'a> ListObjectsV2<'a> {
    /// One folder level: `delimiter=/` under `prefix`.
    pub fn new(bucket: &'a Bucket, prefix: &'a str) -> Self {
        ListObjectsV2 {
            bucket,
            prefix,
            delimiter: Some("/"),
            continuation_token: None,
            start_after: None,
            max_keys: None,
        }
    }

    /// Every key under the prefix, folders flattened.
    pub fn recursive(mut self) -> Self {
        self.delimiter = None;
        self
    }

    pub fn continuation_token(mut self, token: Option<&'a str>) -> Self {
        self.continuation_token = token;
        self
    }

    /// Keys after `key` only (S3 ignores it once a continuation token is sent).
    pub fn start_after(mut self, key: Option<&'a str>) -> Self {
        self.start_after = key;
        self
    }

    pub fn max_keys(mut self, max: u32) -> Self {
        self.max_keys = Some(max);
        self
    }

    pub fn request(&self) -> Request {
        let mut request = Request::get(self.bucket.bucket_url())
            .query("list-type", "2")
            .query("encoding-type", "url");
        if let Some(delimiter) = self.delimiter {
            request = request.query("delimiter", delimiter);
        }
        if !self.prefix.is_empty() {
            request = request.query("prefix", self.prefix);
        }
        if let Some(token) = self.continuation_token {
            request = request.query("continuation-token", token);
        }
        if let Some(key) = self.start_after {
            request = request.query("start-after", key);
        }
        if let Some(max) = self.max_keys {
            request = request.query("max-keys", &max.to_string());
        }
        request
    }

    /// Whether more pages follow, the token that asks for the next, whether the page holds
    /// anything, and its last key — read without parsing the keys, so the next page can be asked
    /// for while this one is parsed. (Tags cannot occur in the text of an element: a key holding
    /// `<IsTruncated>` is escaped.)
    pub fn page_end(xml: &str) -> PageEnd {
        let element = |name: &str| {
            let open = format!("<{name}>");
            let start = xml.find(&open)? + open.len();
            let end = start + xml[start..].find(&format!("</{name}>"))?;
            Some(&xml[start..end])
        };
        let unescape = |t: &str| quick_xml::escape::unescape(t).ok().map(|t| t.into_owned());
        let url = element("EncodingType").is_some_and(|e| e.trim().eq_ignore_ascii_case("url"));
        let last_key = xml.rfind("<Key>").and_then(|at| {
            let start = at + "<Key>".len();
            let key = unescape(&xml[start..start + xml[start..].find("</Key>")?])?;
            Some(if url { url_decode(&key) } else { key })
        });
        PageEnd {
            truncated: element("IsTruncated").is_some_and(|t| t.trim() == "true"),
            next_continuation_token: element("NextContinuationToken").and_then(unescape),
            empty: !xml.contains("<Contents>") && !xml.contains("<CommonPrefixes>"),
            last_key,
        }
    }

    /// Reads a `ListBucketResult`, decoding keys when S3 url-encoded them. Files and sub-folders
    /// may come in any order. Read with quick-xml's pull reader rather than serde: this is the
    /// listing's hot path, and the reader takes each text as it is (no copy of what needs no
    /// unescaping, no trimming of a key's spaces).
    pub fn parse_response(xml: &str) -> Result<ListPage, DeError> {
        let mut reader = Reader::from_str(xml);
        let mut page = ListPage {
            objects: Vec::new(),
            folders: Vec::new(),
            truncated: false,
            next_continuation_token: None,
        };
        let mut url = false;
        // Where the reader is: the elements open, the field being read and its text so far.
        let mut depth = 0usize;
        let mut rooted = false;
        let mut within: Option<Within> = None;
        let mut field: Option<Field> = None;
        let mut text = String::new();
        let mut object = RawObject::default();
        loop {
            match reader.read_event()? {
                Event::Start(e) => {
                    depth += 1;
                    rooted = true;
                    let name = e.local_name();
                    match (depth, name.as_ref()) {
                        (2, b"Contents") => {
                            within = Some(Within::Contents);
                            object = RawObject::default();
                        }
                        (2, b"CommonPrefixes") => within = Some(Within::Prefixes),
                        _ => field = Field::of(depth, within, name.as_ref()),
                    }
                    text.clear();
                }
                Event::Empty(e) => {
                    if let Some(f) = Field::of(depth + 1, within, e.local_name().as_ref()) {
                        f.take("", &mut page, &mut object, &mut url)?;
                    }
                }
                Event::Text(t) if field.is_some() => text.push_str(&t.decode()?),
                Event::CData(t) if field.is_some() => text.push_str(&t.decode()?),
                Event::GeneralRef(r) if field.is_some() => match r.resolve_char_ref()? {
                    Some(c) => text.push(c),
                    None => {
                        let name = r.decode()?;
                        let entity = resolve_predefined_entity(&name)
                            .ok_or_else(|| DeError::Custom(format!("unknown entity &{name};")))?;
                        text.push_str(entity);
                    }
                },
                Event::End(_) => {
                    if let Some(f) = field.take() {
                        f.take(&text, &mut page, &mut object, &mut url)?;
                    } else if depth == 2 && within.take() == Some(Within::Contents) {
                        let key = object.key.take().ok_or_else(|| missing("Key"))?;
                        page.objects.push(Object {
                            key,
                            size: object.size.unwrap_or(0),
                            last_modified: object.last_modified.take(),
                            etag: object.etag.take(),
                            storage_class: object.storage_class.take(),
                        });
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::Eof if depth > 0 || !rooted => {
                    return Err(DeError::Custom(
                        "the listing ends before it is whole".into(),
                    ))
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if url {
            for object in &mut page.objects {
                object.key = url_decode(&object.key);
            }
            for folder in &mut page.folders {
                *folder = url_decode(folder);
            }
        }
        Ok(page)
    }
}

/// The list a field is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Within {
    Contents,
    Prefixes,
}

/// A field of the page the listing reads.
#[derive(Debug, Clone, Copy)]
enum Field {
    IsTruncated,
    NextContinuationToken,
    EncodingType,
    Key,
    Size,
    LastModified,
    ETag,
    StorageClass,
    Prefix,
}

/// What a `Contents` element says so far.
#[derive(Default)]
struct RawObject {
    key: Option<String>,
    size: Option<u64>,
    last_modified: Option<OffsetDateTime>,
    etag: Option<String>,
    storage_class: Option<String>,
}

impl Field {
    /// The field an element named `name` at `depth` is (the result's own element is depth 1).
    fn of(depth: usize, within: Option<Within>, name: &[u8]) -> Option<Field> {
        Some(match (depth, within, name) {
            (2, _, b"IsTruncated") => Field::IsTruncated,
            (2, _, b"NextContinuationToken") => Field::NextContinuationToken,
            (2, _, b"EncodingType") => Field::EncodingType,
            (3, Some(Within::Contents), b"Key") => Field::Key,
            (3, Some(Within::Contents), b"Size") => Field::Size,
            (3, Some(Within::Contents), b"LastModified") => Field::LastModified,
            (3, Some(Within::Contents), b"ETag") => Field::ETag,
            (3, Some(Within::Contents), b"StorageClass") => Field::StorageClass,
            (3, Some(Within::Prefixes), b"Prefix") => Field::Prefix,
            _ => return None,
        })
    }

    /// Puts a field's text where it belongs.
    fn take(
        self,
        text: &str,
        page: &mut ListPage,
        object: &mut RawObject,
        url: &mut bool,
    ) -> Result<(), DeError> {
        match self {
            Field::IsTruncated => page.truncated = parse_bool(text)?,
            Field::NextContinuationToken => page.next_continuation_token = Some(text.to_owned()),
            Field::EncodingType => *url = text.trim().eq_ignore_ascii_case("url"),
            Field::Key => object.key = Some(text.to_owned()),
            Field::Size => {
                let size = text.trim().parse().map_err(|_| invalid("Size", text))?;
                object.size = Some(size);
            }
            Field::LastModified => {
                object.last_modified = OffsetDateTime::parse(text.trim(), &Rfc3339).ok();
            }
            Field::ETag => object.etag = Some(text.to_owned()),
            Field::StorageClass => object.storage_class = Some(text.to_owned()),
            Field::Prefix => page.folders.push(text.to_owned()),
        }
        Ok(())
    }
}

fn parse_bool(text: &str) -> Result<bool, DeError> {
    match text.trim() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(invalid("IsTruncated", text)),
    }
}

fn missing(field: &str) -> DeError {
    DeError::Custom(format!("missing field `{field}`"))
}

fn invalid(field: &str, text: &str) -> DeError {
    let shown: String = text.chars().take(40).collect();
    DeError::Custom(format!("invalid {field}: {shown:?}"))
}

/// Decodes a value S3 url-encoded: AWS writes a space as `+`, Garage as `%20`; a `+` is `%2B`.
pub fn url_decode(s: &str) -> String {
    let spaced;
    let s = if s.contains('+') {
        spaced = s.replace('+', " ");
        &spaced
    } else {
        s
    };
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub objects: Vec<Object>,
    /// Full prefixes of the sub-folders, each ending in the delimiter.
    pub folders: Vec<String>,
    /// More pages follow (`IsTruncated`).
    pub truncated: bool,
    /// The token that asks for the next page, as the server sent it (checked by the engine).
    pub next_continuation_token: Option<String>,
}

/// How a page ends, read ahead of its keys ([`ListObjectsV2::page_end`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEnd {
    pub truncated: bool,
    pub next_continuation_token: Option<String>,
    /// No key and no sub-folder.
    pub empty: bool,
    /// The page's last key (decoded), if it has any.
    pub last_key: Option<String>,
}

/// One object in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub key: String,
    pub size: u64,
    pub last_modified: Option<OffsetDateTime>,
    pub etag: Option<String>,
    pub storage_class: Option<String>,
}

impl Object {
    /// An object known only by key and size.
    pub fn new(key: &str, size: u64) -> Self {
        Object {
            key: key.to_owned(),
            size,
            last_modified: None,
            etag: None,
            storage_class: None,
        }
    }

    /// A zero-byte key ending in `/`: the console's way to make an empty folder, not a file.
    pub fn is_folder_marker(&self) -> bool {
        self.size == 0 && self.key.ends_with('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bucket::Addressing;
    use time::macros::datetime;

    const AWS_PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>temp-credentials-s3</Name>
  <Prefix>reports%2F</Prefix>
  <KeyCount>4</KeyCount>
  <MaxKeys>1000</MaxKeys>
  <Delimiter>%2F</Delimiter>
  <EncodingType>url</EncodingType>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents>
    <Key>reports/</Key>
    <LastModified>2026-11-20T09:15:02.000Z</LastModified>
    <ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag>
    <Size>0</Size>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents>
    <Key>reports/annual+report+2024%2B%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf</Key>
    <LastModified>2026-11-21T10:00:00.000Z</LastModified>
    <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>
    <Size>1048576</Size>
    <StorageClass>GLACIER</StorageClass>
  </Contents>
  <CommonPrefixes><Prefix>reports/2023%2F%ED%95%9C/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>reports/q1+q2/</Prefix></CommonPrefixes>
</ListBucketResult>"#;

    #[test]
    fn request_carries_the_listing_parameters() {
        let bucket = Bucket::new("demo", "", "http://127.0.0.1:3900", Addressing::Auto).unwrap();
        let req = ListObjectsV2::new(&bucket, "a b/")
            .continuation_token(Some("tok+/="))
            .request();
        assert_eq!(
            req.full_url(),
            "http://127.0.0.1:3900/demo?list-type=2&encoding-type=url&delimiter=%2F&prefix=a%20b%2F&continuation-token=tok%2B%2F%3D"
        );
        let flat = ListObjectsV2::new(&bucket, "")
            .recursive()
            .start_after(Some("a/b."))
            .max_keys(10)
            .request();
        assert_eq!(
            flat.full_url(),
            "http://127.0.0.1:3900/demo?list-type=2&encoding-type=url&start-after=a%2Fb.&max-keys=10"
        );
    }

    #[test]
    fn parses_an_aws_page_decoding_plus_as_space() {
        let page = ListObjectsV2::parse_response(AWS_PAGE).unwrap();
        assert_eq!(page.objects.len(), 2);
        assert_eq!(page.objects[1].key, "reports/annual report 2024+보고서.pdf");
        assert_eq!(page.objects[1].size, 1_048_576);
        assert_eq!(
            page.objects[1].last_modified,
            Some(datetime!(2026-11-21 10:00:00 UTC))
        );
        assert_eq!(
            page.objects[1].etag.as_deref(),
            Some("\"9b2cf535f27731c974343645a3985328\"")
        );
        assert_eq!(page.objects[1].storage_class.as_deref(), Some("GLACIER"));
        assert_eq!(
            page.folders,
            vec!["reports/2023/한/".to_owned(), "reports/q1 q2/".to_owned()]
        );
        assert!(page.truncated);
        assert_eq!(
            page.next_continuation_token.as_deref(),
            Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        );
    }

    #[test]
    fn parses_a_garage_page_with_percent_20() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>demo</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><Delimiter>%2F</Delimiter><IsTruncated>false</IsTruncated><EncodingType>url</EncodingType><KeyCount>1</KeyCount><Contents><Key>a%20b%2Bc%25d.txt</Key><LastModified>2026-11-28T12:00:00.123Z</LastModified><ETag>"x"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>"#;
        let page = ListObjectsV2::parse_response(xml).unwrap();
        assert_eq!(page.objects[0].key, "a b+c%d.txt");
        assert!(!page.truncated);
        assert_eq!(page.next_continuation_token, None);
        assert!(page.folders.is_empty());
    }

    #[test]
    fn without_encoding_type_keys_are_taken_as_they_are() {
        let xml = "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a+b%20</Key><Size>1</Size></Contents></ListBucketResult>";
        assert_eq!(
            ListObjectsV2::parse_response(xml).unwrap().objects[0].key,
            "a+b%20"
        );
    }

    #[test]
    fn the_end_of_a_page_is_read_ahead_of_its_keys_as_the_parser_reads_it() {
        let garage = r#"<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>%3CIsTruncated%3Etrue</Key><Size>1</Size></Contents></ListBucketResult>"#;
        let escaped = "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>a&amp;b=</NextContinuationToken><Contents><Key>&lt;IsTruncated&gt;false</Key></Contents></ListBucketResult>";
        let empty = "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken></ListBucketResult>";
        for body in [AWS_PAGE, garage, escaped, empty] {
            let page = ListObjectsV2::parse_response(body).unwrap();
            let end = ListObjectsV2::page_end(body);
            assert_eq!(end.truncated, page.truncated, "{body}");
            assert_eq!(
                end.next_continuation_token, page.next_continuation_token,
                "{body}"
            );
            assert_eq!(
                end.empty,
                page.objects.is_empty() && page.folders.is_empty(),
                "{body}"
            );
            assert_eq!(
                end.last_key.as_deref(),
                page.objects.last().map(|o| o.key.as_str()),
                "{body}"
            );
        }
        assert_eq!(
            ListObjectsV2::page_end(escaped)
                .next_continuation_token
                .as_deref(),
            Some("a&b=")
        );
    }

    #[test]
    fn files_and_sub_folders_may_come_interleaved_and_keys_keep_their_spaces() {
        let xml = "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key> a &amp; b </Key><Size>1</Size></Contents><CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes><Contents><Key><![CDATA[c<d]]></Key><Size>2</Size><Owner><ID>x</ID><Key>not this</Key></Owner></Contents><CommonPrefixes><Prefix>d&#47;</Prefix></CommonPrefixes></ListBucketResult>";
        let page = ListObjectsV2::parse_response(xml).unwrap();
        let keys: Vec<_> = page.objects.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, [" a & b ", "c<d"]);
        assert_eq!(page.folders, ["b/", "d/"]);
    }

    #[test]
    fn a_page_that_is_not_a_listing_is_an_error() {
        for xml in [
            "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>",
            "<ListBucketResult><Contents><Key>a</Key><Size>x</Size></Contents></ListBucketResult>",
            "<ListBucketResult><IsTruncated>maybe</IsTruncated></ListBucketResult>",
            "<ListBucketResult><Contents><Key>&bogus;</Key></Contents></ListBucketResult>",
            "<ListBucketResult><Contents><Key>a</Key></Contents></Other>",
            "<ListBucketResult><Contents>",
            "",
            "not xml at all",
        ] {
            assert!(ListObjectsV2::parse_response(xml).is_err(), "{xml}");
        }
    }

    #[test]
    fn an_empty_listing_parses() {
        let xml = "<ListBucketResult><Name>b</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>";
        let page = ListObjectsV2::parse_response(xml).unwrap();
        assert!(page.objects.is_empty() && page.folders.is_empty());
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_body_parses_or_errs_never_panics(body in any::<String>()) {
                let _ = ListObjectsV2::parse_response(&body);
                let _ = ListObjectsV2::page_end(&body);
            }

            #[test]
            fn xml_like_bodies_never_panic(body in r#"(<ListBucketResult>|</ListBucketResult>|<Contents>|</Contents>|<Key>|</Key>|<Size>|</Size>|<IsTruncated>|</IsTruncated>|<EncodingType>url</EncodingType>|true|-1|%[0-9A-F]{0,2}|\+|&amp;|&bogus;|<!\[CDATA\[|\]\]>|[a-z0-9 ]{0,5})*"#) {
                let _ = ListObjectsV2::parse_response(&body);
            }

            #[test]
            fn encoded_keys_round_trip(key in "\\PC{0,40}") {
                let encoded = crate::core::bucket::encode(&key);
                prop_assert_eq!(url_decode(&encoded), key);
            }
        }
    }
}
