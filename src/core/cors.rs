//! The bucket CORS rule the portal needs, as JSON for `aws s3api put-bucket-cors`; the one source of it.

use serde_json::json;

/// Response headers the page must be able to read.
pub const EXPOSE_HEADERS: &[&str] = &[
    "ETag",
    "Content-Length",
    "Content-Range",
    "Content-Type",
    "Content-Disposition",
    "Last-Modified",
    "Date",
    "x-amz-request-id",
    "x-amz-version-id",
    "x-amz-server-side-encryption",
    "x-amz-checksum-crc32",
    "x-amz-checksum-crc32c",
    "x-amz-checksum-sha256",
    "x-amz-bucket-region",
];

/// The rule for the portal served from `origins`, pretty-printed for an admin to paste.
pub fn rule_json(origins: &[&str]) -> String {
    let rule = json!({
        "CORSRules": [{
            "AllowedOrigins": origins,
            "AllowedMethods": ["GET", "HEAD"],
            "AllowedHeaders": ["*"],
            "ExposeHeaders": EXPOSE_HEADERS,
            "MaxAgeSeconds": 3600
        }]
    });
    serde_json::to_string_pretty(&rule).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_the_origin_and_what_the_page_reads() {
        let rule = rule_json(&["https://files.example.com"]);
        let value: serde_json::Value = serde_json::from_str(&rule).unwrap();
        let r = &value["CORSRules"][0];
        assert_eq!(r["AllowedOrigins"][0], "https://files.example.com");
        assert_eq!(r["AllowedMethods"], json!(["GET", "HEAD"]));
        assert_eq!(r["MaxAgeSeconds"], 3600);
        assert!(r["ExposeHeaders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "Content-Disposition"));
    }

    #[test]
    fn the_deploy_guide_publishes_the_same_rule() {
        let guide = include_str!("../../docs/deploy.md");
        assert!(
            guide.contains(&rule_json(&["https://files.example.com"])),
            "docs/deploy.md must carry rule_json(&[\"https://files.example.com\"])"
        );
    }
}
