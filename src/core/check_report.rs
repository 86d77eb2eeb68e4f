//! Check setup's findings in words, English or Korean: one verdict a line, the fix beside it, and the same as plain text to copy (never a secret).

use time::OffsetDateTime;

use super::cors::rule_json;
use super::engine::check::{Exposed, Findings};
use super::messages::{problem, Lang};
use super::problem::{Failure, Problem};

/// How a line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Ok,
    /// Works, with a limit worth knowing.
    Warn,
    /// Stops the page, or part of it.
    Fail,
}

impl Mark {
    /// The word the plain-text report starts a line with, and the page's styling key.
    pub fn key(self) -> &'static str {
        match self {
            Mark::Ok => "OK",
            Mark::Warn => "NOTE",
            Mark::Fail => "FAIL",
        }
    }
}

/// One verdict: what was found, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub mark: Mark,
    pub text: String,
    pub fix: Option<String>,
    /// The bucket's CORS rule to set, with this page's origin in it.
    pub rule: Option<String>,
}

/// What the page knows of itself.
#[derive(Clone, Copy)]
pub struct Page<'a> {
    /// Served over https, or from this computer (`window.isSecureContext`).
    pub secure: bool,
    pub origin: &'a str,
    pub bucket: &'a str,
    pub prefix: &'a str,
    pub now: OffsetDateTime,
    /// A time as the user's clock shows it.
    pub clock: &'a dyn Fn(OffsetDateTime) -> String,
}

fn line(mark: Mark, text: String, fix: Option<String>) -> Line {
    Line {
        mark,
        text,
        fix,
        rule: None,
    }
}

/// The findings, a line each, in the order an admin fixes them.
pub fn lines(lang: Lang, found: &Findings, page: &Page<'_>) -> Vec<Line> {
    let en = lang == Lang::En;
    let mut out = vec![secure(lang, page.secure)];
    let list_failure = found.list.as_ref().and_then(|l| l.as_ref().err());
    out.push(if found.reached {
        line(
            Mark::Ok,
            if en {
                format!("The bucket answers this page ({}): its CORS rule allows it.", page.origin)
            } else {
                format!("버킷이 이 페이지({})에 응답합니다. CORS 규칙이 허용합니다.", page.origin)
            },
            None,
        )
    } else if list_failure.is_some_and(|f| f.problem == Problem::CorsOrNetwork) {
        Line {
            rule: Some(rule_json(&[page.origin])),
            ..line(
                Mark::Fail,
                if en {
                    format!("The bucket does not answer this page ({}): its CORS rule is missing or names another address, or the network is down.", page.origin)
                } else {
                    format!("버킷이 이 페이지({})에 응답하지 않습니다. CORS 규칙이 없거나 다른 주소로 되어 있거나, 네트워크가 끊겼습니다.", page.origin)
                },
                Some(if en {
                    "Set this CORS rule on the bucket (aws s3api put-bucket-cors).".to_owned()
                } else {
                    "버킷에 이 CORS 규칙을 설정하세요(aws s3api put-bucket-cors).".to_owned()
                }),
            )
        }
    } else {
        not_checked(lang, if en { "Whether the bucket answers this page" } else { "버킷이 이 페이지에 응답하는지" })
    });
    if found.reached {
        out.push(region(lang, found));
    }
    out.push(match &found.list {
        Some(Ok(file)) => {
            let place = if page.prefix.is_empty() {
                if en {
                    format!("bucket {}", page.bucket)
                } else {
                    format!("버킷 {}", page.bucket)
                }
            } else if en {
                format!("folder {} of bucket {}", page.prefix, page.bucket)
            } else {
                format!("버킷 {}의 폴더 {}", page.bucket, page.prefix)
            };
            let empty = match (file, en) {
                (Some(_), _) => "",
                (None, true) => " It holds no file, so reading one was not checked.",
                (None, false) => " 파일이 없어서 파일 읽기는 확인하지 못했습니다.",
            };
            line(
                Mark::Ok,
                if en {
                    format!("These keys may list the {place}.{empty}")
                } else {
                    format!("이 키로 {place}의 목록을 볼 수 있습니다.{empty}")
                },
                None,
            )
        }
        Some(Err(failure)) if failure.problem != Problem::CorsOrNetwork || found.reached => failed(
            lang,
            if en { "Listing" } else { "목록 보기" },
            failure,
            page.bucket,
        ),
        _ => not_checked(lang, if en { "Listing" } else { "목록 보기" }),
    });
    match &found.get {
        Some(Ok(exposed)) => {
            let file = found
                .list
                .as_ref()
                .and_then(|l| l.as_ref().ok())
                .and_then(|f| f.as_deref())
                .unwrap_or("");
            out.push(line(
                Mark::Ok,
                if en {
                    format!("These keys may read files (the first byte of {file}).")
                } else {
                    format!("이 키로 파일을 읽을 수 있습니다({file}의 첫 바이트).")
                },
                None,
            ));
            out.extend(headers(lang, exposed));
        }
        Some(Err(failure)) => out.push(failed(
            lang,
            if en {
                "Reading a file"
            } else {
                "파일 읽기"
            },
            failure,
            page.bucket,
        )),
        None => {}
    }
    out.push(clock(lang, found.clock_offset));
    out.push(keys(lang, found.keys_expire, page));
    out
}

fn secure(lang: Lang, secure: bool) -> Line {
    match (lang, secure) {
        (Lang::En, true) => line(Mark::Ok, "The page is served over https (or from this computer): saving into a folder and ZIP downloads work.".into(), None),
        (Lang::Ko, true) => line(Mark::Ok, "페이지가 https(또는 이 컴퓨터)에서 열렸습니다. 폴더 저장과 ZIP 다운로드가 됩니다.".into(), None),
        (Lang::En, false) => line(Mark::Fail, "The page is served over plain http: browsers allow neither saving into a folder nor ZIP downloads here, and anyone on the network can read the keys.".into(), Some("Serve the page over https.".into())),
        (Lang::Ko, false) => line(Mark::Fail, "페이지가 https가 아닌 http로 열렸습니다. 브라우저가 폴더 저장과 ZIP 다운로드를 허용하지 않고, 같은 네트워크의 누구든 키를 읽을 수 있습니다.".into(), Some("페이지를 https로 제공하세요.".into())),
    }
}

fn region(lang: Lang, found: &Findings) -> Line {
    let r = &found.region;
    match (lang, found.region_named) {
        (Lang::En, false) => line(Mark::Ok, format!("Region: {r}."), None),
        (Lang::Ko, false) => line(Mark::Ok, format!("리전: {r}."), None),
        (Lang::En, true) => line(Mark::Warn, format!("Region: {r}. The region given was empty or wrong; S3 named this one and the page uses it."), Some(format!("Enter {r} as the region (or put it in config.json) to save a round trip."))),
        (Lang::Ko, true) => line(Mark::Warn, format!("리전: {r}. 입력한 리전이 비었거나 틀려서 S3가 알려 준 리전을 씁니다."), Some(format!("리전에 {r}을 입력하세요(또는 config.json에 넣으세요). 요청이 한 번 줄어듭니다."))),
    }
}

/// The headers of a file's answer the page could read, and what is lost without each.
fn headers(lang: Lang, exposed: &Exposed) -> Vec<Line> {
    let en = lang == Lang::En;
    let one = |name: &str, seen: bool, lost_en: &str, lost_ko: &str| {
        if seen {
            line(
                Mark::Ok,
                if en {
                    format!("The page can read {name}.")
                } else {
                    format!("페이지가 {name}을(를) 읽을 수 있습니다.")
                },
                None,
            )
        } else {
            line(
                Mark::Fail,
                if en {
                    format!("The bucket's CORS rule does not expose {name}: {lost_en}")
                } else {
                    format!("버킷의 CORS 규칙이 {name}을(를) 노출하지 않습니다. {lost_ko}")
                },
                Some(if en {
                    format!("Add {name} to ExposeHeaders in the rule (the README's rule has it).")
                } else {
                    format!(
                        "규칙의 ExposeHeaders에 {name}을(를) 넣으세요(README의 규칙에 있습니다)."
                    )
                }),
            )
        }
    };
    let checksum = if exposed.checksum {
        line(
            Mark::Ok,
            if en {
                "The page can read the file's checksum (x-amz-checksum-*): downloads are verified against it.".into()
            } else {
                "페이지가 파일의 체크섬(x-amz-checksum-*)을 읽을 수 있어 다운로드를 그것으로 검증합니다.".into()
            },
            None,
        )
    } else {
        line(
            Mark::Warn,
            if en {
                "No checksum header (x-amz-checksum-*) could be read: the file has none (it was uploaded without one), or the rule does not expose them. Downloads are then verified against the ETag when it is an MD5.".into()
            } else {
                "체크섬 헤더(x-amz-checksum-*)를 읽지 못했습니다. 파일에 체크섬이 없거나(체크섬 없이 업로드됨) 규칙이 노출하지 않습니다. 그러면 ETag가 MD5일 때 그것으로 검증합니다.".into()
            },
            Some(if en {
                "Expose x-amz-checksum-crc32, -crc32c and -sha256 in the rule; upload with --checksum-algorithm to give files one.".into()
            } else {
                "규칙에서 x-amz-checksum-crc32, -crc32c, -sha256을 노출하고, --checksum-algorithm으로 업로드하면 파일에 체크섬이 생깁니다.".into()
            }),
        )
    };
    vec![
        one("ETag", exposed.etag, "a resumed download cannot be checked to be the same file, and files cannot be verified against an MD5 ETag.", "이어 받은 다운로드가 같은 파일인지 확인할 수 없고, MD5 ETag로 검증할 수 없습니다."),
        one("Content-Range", exposed.content_range, "a download cut short cannot resume, and big files cannot come in parallel parts.", "끊긴 다운로드를 이어 받을 수 없고, 큰 파일을 여러 조각으로 나눠 받을 수 없습니다."),
        checksum,
    ]
}

fn clock(lang: Lang, offset: Option<i64>) -> Line {
    let en = lang == Lang::En;
    match offset {
        None => line(
            Mark::Warn,
            if en {
                "S3's clock could not be read (the rule does not expose Date, or no request got through).".into()
            } else {
                "S3의 시계를 읽지 못했습니다(규칙이 Date를 노출하지 않거나 요청이 닿지 않음)."
                    .into()
            },
            None,
        ),
        Some(s) if s.abs() <= 60 => line(
            Mark::Ok,
            if en {
                format!(
                    "This computer's clock agrees with S3's (within {} s).",
                    s.abs().max(1)
                )
            } else {
                format!(
                    "이 컴퓨터의 시계가 S3와 맞습니다({}초 이내).",
                    s.abs().max(1)
                )
            },
            None,
        ),
        Some(s) => {
            let minutes = (s.abs() + 59) / 60;
            let (ahead_en, ahead_ko) = if s < 0 {
                ("ahead of", "빠릅니다")
            } else {
                ("behind", "느립니다")
            };
            line(
                Mark::Warn,
                if en {
                    format!("This computer's clock is about {minutes} min {ahead_en} S3's; the page corrects for it, but links it hands out may start too late or end too soon.")
                } else {
                    format!("이 컴퓨터의 시계가 S3보다 약 {minutes}분 {ahead_ko}. 페이지가 보정하지만, 공유 링크의 유효 시간이 어긋날 수 있습니다.")
                },
                Some(if en {
                    "Set the clock (Windows: Settings › Time & language › Sync now).".into()
                } else {
                    "시계를 맞추세요(Windows: 설정 › 시간 및 언어 › 지금 동기화).".into()
                }),
            )
        }
    }
}

fn keys(lang: Lang, expires: Option<OffsetDateTime>, page: &Page<'_>) -> Line {
    match (lang, expires) {
        (Lang::En, Some(at)) => line(Mark::Ok, format!("The keys expire at {} ({} min from now).", (page.clock)(at), (at - page.now).whole_minutes().max(0)), None),
        (Lang::Ko, Some(at)) => line(Mark::Ok, format!("키가 {}에 만료됩니다({}분 남음).", (page.clock)(at), (at - page.now).whole_minutes().max(0)), None),
        (Lang::En, None) => line(Mark::Warn, "These keys have no expiry time: long-term keys, which work until the admin deactivates them.".into(), Some("Prefer temporary keys (aws sts assume-role), or a role the page assumes itself.".into())),
        (Lang::Ko, None) => line(Mark::Warn, "이 키에는 만료 시각이 없습니다. 관리자가 비활성화할 때까지 쓸 수 있는 장기 키입니다.".into(), Some("임시 키(aws sts assume-role)나 페이지가 직접 맡는 역할을 쓰세요.".into())),
    }
}

fn failed(lang: Lang, what: &str, failure: &Failure, bucket: &str) -> Line {
    let text = format!("{what}: {}", problem(lang, failure, bucket));
    let detail = [failure.code.as_deref(), failure.request_id.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let text = if detail.is_empty() {
        text
    } else {
        format!("{text} ({detail})")
    };
    line(Mark::Fail, text, None)
}

fn not_checked(lang: Lang, what: &str) -> Line {
    match lang {
        Lang::En => line(
            Mark::Warn,
            format!("{what}: not checked (an earlier step failed)."),
            None,
        ),
        Lang::Ko => line(
            Mark::Warn,
            format!("{what}: 확인하지 못했습니다(앞 단계가 실패함)."),
            None,
        ),
    }
}

/// The report as plain text for "Copy report": a line a verdict, its fix indented below, the
/// rule when there is one. It holds the origin, bucket, region and keys' end — never a key.
pub fn text(title: &str, lines: &[Line]) -> String {
    let mut out = format!("{title}\n");
    for l in lines {
        out.push_str(&format!("[{}] {}\n", l.mark.key(), l.text));
        if let Some(fix) = &l.fix {
            out.push_str(&format!("       → {fix}\n"));
        }
        if let Some(rule) = &l.rule {
            out.push_str(rule);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-30 12:00 UTC);

    fn page(secure: bool) -> Page<'static> {
        Page {
            secure,
            origin: "https://files.example.com",
            bucket: "temp-credentials-s3",
            prefix: "docs/",
            now: NOW,
            clock: &|_| "13:00".to_owned(),
        }
    }

    fn all_good() -> Findings {
        Findings {
            reached: true,
            region: "ap-northeast-2".into(),
            region_named: false,
            list: Some(Ok(Some("docs/a.txt".into()))),
            get: Some(Ok(Exposed {
                etag: true,
                content_range: true,
                checksum: true,
            })),
            clock_offset: Some(2),
            keys_expire: Some(NOW + time::Duration::hours(1)),
        }
    }

    #[test]
    fn a_good_setup_is_all_ok_in_both_languages() {
        for lang in [Lang::En, Lang::Ko] {
            let said = lines(lang, &all_good(), &page(true));
            assert_eq!(said.len(), 10, "{said:#?}");
            assert!(said.iter().all(|l| l.mark == Mark::Ok), "{said:#?}");
        }
        let report = text("Check setup", &lines(Lang::En, &all_good(), &page(true)));
        assert!(report.contains("[OK] Region: ap-northeast-2."));
        assert!(report.contains("The keys expire at 13:00 (60 min from now)."));
    }

    #[test]
    fn a_missing_cors_rule_gives_the_rule_with_this_origin_and_checks_nothing_after() {
        let found = Findings {
            reached: false,
            list: Some(Err(Problem::CorsOrNetwork.into())),
            get: None,
            clock_offset: None,
            ..all_good()
        };
        let lines = lines(Lang::En, &found, &page(false));
        assert_eq!(lines[0].mark, Mark::Fail, "plain http");
        assert_eq!(lines[1].mark, Mark::Fail);
        let rule = lines[1].rule.as_deref().unwrap();
        assert!(rule.contains("\"https://files.example.com\""), "{rule}");
        assert!(
            lines[2].text.starts_with("Listing: not checked"),
            "{:?}",
            lines[2]
        );
        let report = text("Check setup", &lines);
        assert!(report.contains("[FAIL] The bucket does not answer this page"));
        assert!(report.contains("\"CORSRules\""));
    }

    #[test]
    fn hidden_headers_say_what_is_lost_and_refusals_say_why() {
        let found = Findings {
            region_named: true,
            get: Some(Ok(Exposed {
                etag: false,
                content_range: false,
                checksum: false,
            })),
            clock_offset: Some(-300),
            keys_expire: None,
            ..all_good()
        };
        let said = lines(Lang::En, &found, &page(true));
        let find = |start: &str| said.iter().find(|l| l.text.starts_with(start)).unwrap();
        assert_eq!(find("Region: ap-northeast-2.").mark, Mark::Warn);
        let etag = find("The bucket's CORS rule does not expose ETag");
        assert!(etag.text.contains("resumed download"));
        assert!(find("The bucket's CORS rule does not expose Content-Range")
            .text
            .contains("cannot resume"));
        assert_eq!(find("No checksum header").mark, Mark::Warn);
        assert!(find("This computer's clock is about 5 min ahead of S3's")
            .fix
            .is_some());
        assert_eq!(find("These keys have no expiry time").mark, Mark::Warn);

        let denied = Findings {
            get: Some(Err(Failure {
                code: Some("AccessDenied".into()),
                request_id: Some("R1".into()),
                ..Problem::AccessDenied.into()
            })),
            ..all_good()
        };
        let lines = lines(Lang::Ko, &denied, &page(true));
        let read = lines
            .iter()
            .find(|l| l.text.starts_with("파일 읽기"))
            .unwrap();
        assert_eq!(read.mark, Mark::Fail);
        assert!(read.text.ends_with("(AccessDenied, R1)"), "{}", read.text);
    }
}
