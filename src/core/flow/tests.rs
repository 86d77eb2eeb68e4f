//! Host tests of the page's flow: each rule by example, and a property test over any sequence of what the user and the answers do.

use proptest::prelude::*;
use time::OffsetDateTime;

use super::*;
use crate::core::credentials::{CredentialsError, CredentialsWarning, Fields};
use crate::core::problem::Problem;

const CUSTOM: &str = "http://127.0.0.1:3900";
const ROLE: &str = "arn:aws:iam::123456789012:role/reader";

fn at(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000 + secs).unwrap()
}

fn temporary(id: &str, expires: i64) -> Credentials {
    Credentials {
        access_key_id: format!("ASIA{id:0>12}"),
        secret_access_key: "secret".into(),
        session_token: Some("token".into()),
        expires_at: Some(at(expires)),
    }
}

fn long_term() -> Credentials {
    Credentials {
        access_key_id: "AKIAEXAMPLEKEY01".into(),
        secret_access_key: "secret".into(),
        session_token: None,
        expires_at: None,
    }
}

fn parsed(keys: Credentials) -> Parsed {
    Parsed {
        credentials: keys,
        warnings: Vec::new(),
    }
}

fn pasted(keys: Credentials) -> FlowEvent {
    FlowEvent::Pasted {
        parsed: parsed(keys),
        role_arn: None,
    }
}

fn typed(keys: &Credentials) -> Typed {
    Typed {
        access_key: keys.access_key_id.clone(),
        secret: keys.secret_access_key.clone(),
        token: keys.session_token.clone().unwrap_or_default(),
        mfa_code: String::new(),
    }
}

fn settings(bucket: &str, endpoint: &str) -> Settings {
    Settings {
        bucket: bucket.into(),
        endpoint: endpoint.into(),
        ..Settings::default()
    }
}

fn site(json: &str) -> SiteConfig {
    crate::core::site_config::parse(json).unwrap()
}

fn browse(bucket: &str, prefix: &str) -> Option<Route> {
    Some(Route::Browse(Place::new(bucket, prefix)))
}

/// The folders a list of commands lists, by bucket and prefix.
fn listed(commands: &[FlowCommand]) -> Vec<(String, String)> {
    commands
        .iter()
        .filter_map(|c| match c {
            FlowCommand::Open {
                place,
                listing: Listing::List { bucket, .. },
            } => Some((bucket.name.clone(), place.prefix.clone())),
            _ => None,
        })
        .collect()
}

/// STS's answer: these keys, as asked.
fn granted(keys: Credentials) -> FlowEvent {
    FlowEvent::Assumed(Ok(Granted {
        credentials: keys,
        shortened: false,
        chained: false,
        session_arn: None,
    }))
}

/// A page started as `start`, once `config.json` (`site`) was read.
fn loaded(start: Start, site_json: &str) -> Flow {
    let mut flow = Flow::new(start);
    flow.handle(FlowEvent::ConfigLoaded(site(site_json)), at(0));
    flow
}

/// The key fields as typed, then Connect.
fn connect(flow: &mut Flow, typed: Typed, now: OffsetDateTime) -> Vec<FlowCommand> {
    let mut out = flow.handle(FlowEvent::Typed(typed), now);
    out.extend(flow.handle(FlowEvent::Connect, now));
    out
}

/// The key fields as typed, then Check setup.
fn check(flow: &mut Flow, typed: Typed, now: OffsetDateTime) -> Vec<FlowCommand> {
    let mut out = flow.handle(FlowEvent::Typed(typed), now);
    out.extend(flow.handle(FlowEvent::Check, now));
    out
}

/// The access key handed to the runner, if any.
fn used(commands: &[FlowCommand]) -> Option<String> {
    commands.iter().find_map(|c| match c {
        FlowCommand::UseKeys(keys) => Some(keys.access_key_id.clone()),
        _ => None,
    })
}

fn flow(start: Start) -> Flow {
    Flow::new(start)
}

#[test]
fn keys_kept_in_the_tab_reopen_the_linked_folder_once_config_json_is_read() {
    let mut flow = flow(Start {
        settings: settings("other", ""),
        tab_keys: Some(temporary("A", 3600)),
        route: browse("reports", "2026/"),
        ..Start::default()
    });
    assert_eq!(flow.keys(), Some(&temporary("A", 3600)));
    assert!(flow.keeps_in_tab());
    assert_eq!(flow.connected_bucket(), "reports", "the link's bucket");
    let out = flow.handle(FlowEvent::ConfigLoaded(SiteConfig::default()), at(0));
    assert_eq!(listed(&out), [("reports".into(), "2026/".into())]);
    assert!(!flow.folded());
    assert_eq!(
        flow.handle(FlowEvent::RowsShown, at(1)),
        [FlowCommand::Fold]
    );
    assert!(flow.folded());
    assert!(flow.handle(FlowEvent::RowsShown, at(2)).is_empty(), "once");
}

#[test]
fn connect_before_config_json_waits_for_it() {
    let mut flow = flow(Start::default());
    flow.handle(FlowEvent::Edited(settings("reports", "")), at(0));
    let keys = temporary("A", 3600);
    assert!(connect(&mut flow, typed(&keys), at(0)).is_empty());
    assert_eq!(
        flow.keys(),
        None,
        "not even the keys before the admin's rules are known"
    );
    let out = flow.handle(FlowEvent::ConfigLoaded(SiteConfig::default()), at(1));
    assert_eq!(used(&out), Some(keys.access_key_id));
    assert!(out.contains(&FlowCommand::Remember(settings("reports", ""))));
    assert!(out.contains(&FlowCommand::Go(Place::new("reports", ""))));
    assert_eq!(listed(&out), [("reports".into(), String::new())]);
}

#[test]
fn a_host_neither_aws_nor_the_admin_s_is_asked_about_once_per_tab() {
    let mut flow = loaded(Start::default(), "{}");
    flow.handle(FlowEvent::Edited(settings("reports", CUSTOM)), at(0));
    let keys = temporary("A", 3600);
    assert!(connect(&mut flow, typed(&keys), at(0)).is_empty());
    assert_eq!(flow.ask(), Some(&Ask::Host("127.0.0.1:3900".into())));
    // No: nothing is used, and nothing waits.
    assert!(flow.handle(FlowEvent::Answer(false), at(1)).is_empty());
    assert_eq!(flow.ask(), None);
    assert_eq!(flow.keys(), None);
    // Yes: remembered for the tab, and Connect goes on with the keys typed then.
    connect(&mut flow, typed(&keys), at(2));
    let out = flow.handle(FlowEvent::Answer(true), at(3));
    assert_eq!(out[0], FlowCommand::AgreeHost("127.0.0.1:3900".into()));
    assert_eq!(used(&out), Some(keys.access_key_id.clone()));
    assert_eq!(listed(&out), [("reports".into(), String::new())]);
    // Agreed: not asked again.
    let out = connect(&mut flow, typed(&keys), at(4));
    assert_eq!(flow.ask(), None);
    assert_eq!(listed(&out).len(), 1);
}

#[test]
fn the_admin_s_endpoints_and_hosts_agreed_earlier_in_the_tab_are_not_asked_about() {
    let keys = temporary("A", 3600);
    for (site_json, agreed) in [
        (r#"{"endpoint": "http://127.0.0.1:3900"}"#, vec![]),
        (
            r#"{"allowedEndpoints": ["http://127.0.0.1:3900/"]}"#,
            vec![],
        ),
        ("{}", vec!["127.0.0.1:3900".to_owned()]),
    ] {
        let mut flow = flow(Start {
            agreed_hosts: agreed,
            ..Start::default()
        });
        flow.handle(FlowEvent::ConfigLoaded(site(site_json)), at(0));
        flow.handle(FlowEvent::Edited(settings("reports", CUSTOM)), at(0));
        let out = connect(&mut flow, typed(&keys), at(0));
        assert_eq!(flow.ask(), None, "{site_json}");
        assert_eq!(listed(&out).len(), 1, "{site_json}");
    }
}

#[test]
fn keys_pasted_in_a_new_tab_ask_before_going_to_the_remembered_host() {
    // Another tab connected to a host of its own and the form remembers it; this tab never
    // agreed to it.
    let mut flow = loaded(
        Start {
            settings: settings("reports", CUSTOM),
            route: browse("reports", ""),
            ..Start::default()
        },
        "{}",
    );
    let out = flow.handle(pasted(temporary("A", 3600)), at(1));
    assert!(listed(&out).is_empty());
    assert_eq!(flow.ask(), Some(&Ask::Host("127.0.0.1:3900".into())));
    let out = flow.handle(FlowEvent::Answer(true), at(2));
    assert_eq!(listed(&out), [("reports".into(), String::new())]);
}

#[test]
fn a_link_to_another_bucket_asks_first_and_no_goes_back() {
    let mut flow = loaded(
        Start {
            settings: settings("reports", ""),
            ..Start::default()
        },
        "{}",
    );
    connect(&mut flow, typed(&temporary("A", 3600)), at(0));
    let out = flow.handle(FlowEvent::Follow(browse("secrets", "")), at(1));
    assert!(out.is_empty());
    assert_eq!(flow.ask(), Some(&Ask::Bucket(Place::new("secrets", ""))));
    assert_eq!(
        flow.handle(FlowEvent::Answer(false), at(2)),
        [FlowCommand::Replace(Place::new("reports", ""))]
    );
    assert_eq!(flow.connected_bucket(), "reports");
    flow.handle(FlowEvent::Follow(browse("secrets", "a/")), at(3));
    let out = flow.handle(FlowEvent::Answer(true), at(4));
    assert_eq!(listed(&out), [("secrets".into(), "a/".into())]);
    assert_eq!(flow.connected_bucket(), "secrets");
    assert_eq!(flow.form().bucket, "secrets");
}

#[test]
fn the_admin_s_lock_keeps_links_and_the_form_to_their_bucket() {
    let locked = r#"{"bucket": "reports", "lock": ["bucket"]}"#;
    // A link into another bucket, opened before config.json was read.
    let mut flow = flow(Start {
        tab_keys: Some(temporary("A", 3600)),
        route: browse("secrets", ""),
        ..Start::default()
    });
    let out = flow.handle(FlowEvent::ConfigLoaded(site(locked)), at(0));
    assert!(listed(&out).is_empty());
    assert!(out.contains(&FlowCommand::Replace(Place::new("reports", ""))));
    assert_eq!(
        flow.alert(),
        Some(&Alert::BucketLocked {
            bucket: "secrets".into()
        })
    );
    assert_eq!(flow.form().bucket, "reports");
    // A link followed later.
    connect(&mut flow, Typed::default(), at(1));
    let out = flow.handle(FlowEvent::Follow(browse("secrets", "x/")), at(2));
    assert_eq!(out, [FlowCommand::Replace(Place::new("reports", ""))]);
    // The form edited by hand (the field is read-only, but the rule does not rely on it).
    flow.handle(FlowEvent::Edited(settings("secrets", "")), at(3));
    let out = connect(&mut flow, Typed::default(), at(3));
    assert!(listed(&out).is_empty());
    assert!(check(&mut flow, Typed::default(), at(3)).is_empty());
}

#[test]
fn an_invite_fills_what_the_admin_did_not_lock_and_an_endpoint_only_if_allowed() {
    let invite = Invite {
        bucket: "b2".into(),
        prefix: "in".into(),
        region: "eu-west-1".into(),
        endpoint: "https://evil.example".into(),
    };
    let mut flow = flow(Start {
        route: Some(Route::Invite(invite.clone())),
        ..Start::default()
    });
    let out = flow.handle(
        FlowEvent::ConfigLoaded(site(r#"{"region": "ap-northeast-2", "lock": ["region"]}"#)),
        at(0),
    );
    assert_eq!(out, [FlowCommand::Replace(Place::new("b2", "in/"))]);
    let form = flow.form();
    assert_eq!(
        (&*form.bucket, &*form.prefix, &*form.region, &*form.endpoint),
        ("b2", "in", "ap-northeast-2", "")
    );
    // An allowed endpoint is taken; the link waits for keys and Connect.
    let allowed = Invite {
        endpoint: CUSTOM.into(),
        ..invite
    };
    let out = flow.handle(FlowEvent::Follow(Some(Route::Invite(allowed))), at(1));
    assert!(listed(&out).is_empty());
    let site_allowing = r#"{"allowedEndpoints": ["http://127.0.0.1:3900"]}"#;
    let mut flow = self::flow(Start::default());
    flow.handle(FlowEvent::ConfigLoaded(site(site_allowing)), at(0));
    flow.handle(
        FlowEvent::Follow(Some(Route::Invite(Invite {
            bucket: "b2".into(),
            endpoint: CUSTOM.into(),
            ..Invite::default()
        }))),
        at(1),
    );
    assert_eq!(flow.form().endpoint, CUSTOM);
}

#[test]
fn long_term_keys_and_a_role_are_turned_into_the_role_s_keys_before_connect_lists() {
    let mut flow = loaded(Start::default(), "{}");
    flow.handle(
        FlowEvent::Pasted {
            parsed: Parsed {
                credentials: long_term(),
                warnings: vec![CredentialsWarning::LongTermKey],
            },
            role_arn: Some(ROLE.into()),
        },
        at(0),
    );
    assert_eq!(flow.form().role_arn, ROLE, "the role named with the keys");
    assert!(offers_role("", flow.keys()));
    assert!(offers_role(" AKIAEXAMPLE", None) && !offers_role("ASIAEXAMPLE", None));
    flow.handle(
        FlowEvent::Edited(Settings {
            session_secs: "7200".into(),
            ..flow.form().clone()
        }),
        at(0),
    );
    let mut with_code = typed(&long_term());
    with_code.mfa_code = " 123456 ".into();
    let out = flow.handle(
        FlowEvent::Edited(Settings {
            bucket: "reports".into(),
            ..flow.form().clone()
        }),
        at(0),
    );
    assert!(out.is_empty());
    let out = connect(&mut flow, with_code, at(1));
    let ask = out
        .iter()
        .find_map(|c| match c {
            FlowCommand::Assume(ask) => Some(ask.clone()),
            _ => None,
        })
        .expect("STS is asked");
    assert_eq!(ask.role.as_deref(), Some(ROLE));
    assert_eq!(ask.duration_secs, 7200);
    assert_eq!(ask.mfa_code.as_deref(), Some("123456"));
    assert_eq!(ask.sts.url, "https://sts.us-east-1.amazonaws.com/");
    assert!(listed(&out).is_empty(), "not with the IAM user's keys");
    assert!(flow.assuming());
    let role_keys = temporary("R", 7200);
    let out = flow.handle(
        FlowEvent::Assumed(Ok(Granted {
            credentials: role_keys.clone(),
            shortened: true,
            chained: false,
            session_arn: None,
        })),
        at(2),
    );
    assert!(!flow.assuming());
    assert_eq!(flow.keys(), Some(&role_keys));
    assert!(out.contains(&FlowCommand::ShowKeys(role_keys)));
    assert!(out.contains(&FlowCommand::ClearMfaCode));
    assert!(out.contains(&FlowCommand::Granted(GrantNote {
        shortened: true,
        chained: false
    })));
    assert_eq!(listed(&out), [("reports".into(), String::new())]);
}

#[test]
fn a_role_field_that_is_not_a_role_s_arn_is_said_so() {
    let mut flow = loaded(Start::default(), "{}");
    let mut form = settings("reports", "");
    form.role_arn = "reader".into();
    flow.handle(FlowEvent::Edited(form), at(0));
    let out = connect(&mut flow, typed(&long_term()), at(0));
    assert!(!out.iter().any(|c| matches!(c, FlowCommand::Assume(_))));
    assert_eq!(flow.alert(), Some(&Alert::RoleArn));
}

#[test]
fn an_sts_answer_after_forget_is_dropped() {
    let mut flow = loaded(Start::default(), "{}");
    let mut form = settings("reports", "");
    form.role_arn = ROLE.into();
    flow.handle(FlowEvent::Edited(form), at(0));
    connect(&mut flow, typed(&long_term()), at(0));
    let out = flow.handle(FlowEvent::Forget, at(1));
    assert!(out.contains(&FlowCommand::EndKeys(Ending::Forgotten)));
    assert!(out.contains(&FlowCommand::KeepInTab(None)));
    let out = flow.handle(granted(temporary("R", 3600)), at(2));
    assert!(out.is_empty());
    assert_eq!(flow.keys(), None);
}

#[test]
fn keys_that_run_out_go_and_the_alert_says_when() {
    let mut flow = loaded(Start::default(), "{}");
    flow.handle(FlowEvent::KeepInTab(true), at(0));
    let out = flow.handle(pasted(temporary("A", 60)), at(0));
    assert!(out.contains(&FlowCommand::KeepInTab(Some(temporary("A", 60)))));
    assert!(flow.handle(FlowEvent::Tick, at(59)).is_empty());
    let out = flow.handle(FlowEvent::Tick, at(61));
    assert_eq!(
        out,
        [
            FlowCommand::EndKeys(Ending::Expired),
            FlowCommand::KeepInTab(None)
        ]
    );
    assert_eq!(flow.alert(), Some(&Alert::KeysExpired { at: at(60) }));
    assert_eq!(flow.keys(), None);
    // New keys answer the alert.
    flow.handle(pasted(temporary("B", 3600)), at(70));
    assert_eq!(flow.alert(), None);
    // S3 says they ran out before the page's clock does: now is when.
    flow.handle(FlowEvent::KeysRanOut, at(80));
    assert_eq!(flow.alert(), Some(&Alert::KeysExpired { at: at(80) }));
}

#[test]
fn typed_keys_are_used_once_and_the_same_key_keeps_its_expiry() {
    let mut flow = loaded(Start::default(), "{}");
    flow.handle(FlowEvent::Edited(settings("reports", "")), at(0));
    let keys = temporary("A", 3600);
    flow.handle(pasted(keys.clone()), at(0));
    // The fields show the keys in use: Connect uses them as they are.
    let out = connect(&mut flow, typed(&keys), at(1));
    assert!(!out.iter().any(|c| matches!(c, FlowCommand::UseKeys(_))));
    // A new token for the same key keeps the expiry its pasted text gave.
    let mut retyped = typed(&keys);
    retyped.token = "token2".into();
    let out = connect(&mut flow, retyped, at(2));
    let used = out.iter().find_map(|c| match c {
        FlowCommand::UseKeys(k) => Some(k.clone()),
        _ => None,
    });
    assert_eq!(used.unwrap().expires_at, Some(at(3600)));
    // Keys that do not validate say why, and those in use stay.
    let bad = Typed {
        access_key: "ASIA!".into(),
        secret: "s".into(),
        ..Typed::default()
    };
    connect(&mut flow, bad, at(3));
    assert_eq!(
        flow.alert(),
        Some(&Alert::Credentials(CredentialsError::InvalidAccessKeyId))
    );
    assert!(flow.keys().is_some());
}

#[test]
fn the_region_s3_names_is_remembered_for_the_connected_bucket_only() {
    let mut flow = flow(Start {
        settings: settings("reports", ""),
        ..Start::default()
    });
    let region = |bucket: &str| FlowEvent::Region {
        bucket: bucket.into(),
        region: "eu-west-1".into(),
    };
    assert!(flow.handle(region("other"), at(0)).is_empty());
    assert_eq!(
        flow.handle(region("reports"), at(0)),
        [FlowCommand::RememberRegion("eu-west-1".into())]
    );
    assert_eq!(flow.form().region, "eu-west-1");
    assert!(flow.handle(region("reports"), at(0)).is_empty(), "known");
}

#[test]
fn the_folder_on_screen_sorted_another_way_is_sorted_not_listed_again() {
    let mut flow = loaded(
        Start {
            settings: settings("reports", ""),
            tab_keys: Some(temporary("A", 3600)),
            route: browse("reports", "a/"),
            ..Start::default()
        },
        "{}",
    );
    let sort = Sort::from_token("size-desc").unwrap();
    let mut place = Place::new("reports", "a/");
    place.sort = sort;
    let out = flow.handle(FlowEvent::Follow(Some(Route::Browse(place.clone()))), at(1));
    assert_eq!(
        out,
        [FlowCommand::Replace(place.clone()), FlowCommand::Sort(sort)]
    );
    assert_eq!(flow.place(), Some(&place));
}

#[test]
fn a_failed_listing_keeps_the_panels_open_and_says_what_failed() {
    let mut flow = loaded(
        Start {
            settings: settings("reports", ""),
            tab_keys: Some(temporary("A", 3600)),
            route: browse("reports", ""),
            ..Start::default()
        },
        "{}",
    );
    let failure: Failure = Problem::AccessDenied.into();
    flow.handle(FlowEvent::ListingFailed(failure.clone()), at(1));
    assert!(flow.handle(FlowEvent::RowsShown, at(2)).is_empty());
    assert_eq!(
        flow.alert(),
        Some(&Alert::Failure {
            failure,
            bucket: "reports".into()
        })
    );
}

#[test]
fn check_setup_after_sts_asks_about_a_host_the_form_was_changed_to_meanwhile() {
    let mut flow = loaded(Start::default(), "{}");
    let mut form = settings("reports", "");
    form.role_arn = ROLE.into();
    flow.handle(FlowEvent::Edited(form.clone()), at(0));
    let out = check(&mut flow, typed(&long_term()), at(0));
    assert!(out.iter().any(|c| matches!(c, FlowCommand::Assume(_))));
    // While STS answers, the endpoint is changed to a host nobody vetted.
    form.endpoint = CUSTOM.into();
    flow.handle(FlowEvent::Edited(form), at(1));
    let out = flow.handle(granted(temporary("R", 3600)), at(2));
    assert!(!out.iter().any(|c| matches!(c, FlowCommand::Check { .. })));
    assert_eq!(flow.ask(), Some(&Ask::Host("127.0.0.1:3900".into())));
    let out = flow.handle(FlowEvent::Answer(true), at(3));
    assert!(out.iter().any(|c| matches!(c, FlowCommand::Check { .. })));
}

#[test]
fn a_folder_waiting_for_the_host_question_never_takes_the_place_of_connect() {
    let mut flow = loaded(
        Start {
            settings: settings("reports", CUSTOM),
            route: browse("reports", "a/"),
            ..Start::default()
        },
        "{}",
    );
    let keys = temporary("A", 3600);
    assert!(connect(&mut flow, typed(&keys), at(0)).is_empty());
    // Keys pasted meanwhile: the folder on screen waits for the same question.
    let out = flow.handle(pasted(temporary("B", 3600)), at(1));
    assert!(listed(&out).is_empty());
    // Go on: Connect goes on (remembers the form, lists its folder), once.
    let out = flow.handle(FlowEvent::Answer(true), at(2));
    assert!(out.contains(&FlowCommand::Remember(settings("reports", CUSTOM))));
    assert!(out.contains(&FlowCommand::Go(Place::new("reports", ""))));
    assert_eq!(listed(&out), [("reports".into(), String::new())]);
}

#[test]
fn the_same_alert_raised_again_is_said_again() {
    let mut flow = loaded(Start::default(), "{}");
    flow.handle(FlowEvent::Edited(settings("reports", "")), at(0));
    check(&mut flow, Typed::default(), at(0));
    let first = flow.alerts();
    assert_eq!(flow.alert(), Some(&Alert::NoKeys));
    check(&mut flow, Typed::default(), at(1));
    assert_eq!(flow.alert(), Some(&Alert::NoKeys));
    assert!(flow.alerts() > first);
}

#[test]
fn keys_that_end_while_another_bucket_is_asked_about_put_the_address_bar_back() {
    let mut flow = loaded(
        Start {
            settings: settings("reports", ""),
            tab_keys: Some(temporary("A", 60)),
            route: browse("reports", ""),
            ..Start::default()
        },
        "{}",
    );
    flow.handle(FlowEvent::Follow(browse("secrets", "")), at(1));
    assert!(matches!(flow.ask(), Some(Ask::Bucket(_))));
    let out = flow.handle(FlowEvent::Tick, at(61));
    assert!(out.contains(&FlowCommand::Replace(Place::new("reports", ""))));
    assert_eq!(flow.ask(), None);
}

// --- Property: whatever the user and the answers do ---

/// The endpoints the form may name: AWS, the admin's, one the admin allows, and one nobody
/// vetted.
const ENDPOINTS: [&str; 4] = [
    "",
    "http://127.0.0.1:3900",
    "https://s3.example.com",
    "http://localhost:9000",
];
const BUCKETS: [&str; 3] = ["reports", "secrets", "Bad_Name"];

fn any_settings() -> impl Strategy<Value = Settings> {
    (
        0..BUCKETS.len(),
        0..ENDPOINTS.len(),
        0..ENDPOINTS.len(),
        any::<bool>(),
    )
        .prop_map(|(b, e, s, role)| Settings {
            bucket: BUCKETS[b].into(),
            endpoint: ENDPOINTS[e].into(),
            sts_endpoint: ENDPOINTS[s].into(),
            role_arn: if role { ROLE.into() } else { String::new() },
            ..Settings::default()
        })
}

fn any_keys() -> impl Strategy<Value = Credentials> {
    prop_oneof![
        (0..3i64).prop_map(|n| temporary(&n.to_string(), 60 + 600 * n)),
        Just(long_term()),
    ]
}

fn any_typed() -> impl Strategy<Value = Typed> {
    prop_oneof![
        Just(Typed::default()),
        any_keys().prop_map(|k| typed(&k)),
        Just(Typed {
            access_key: "nonsense".into(),
            ..Typed::default()
        }),
    ]
}

fn any_place() -> impl Strategy<Value = Place> {
    (0..BUCKETS.len(), prop_oneof![Just(""), Just("a/")])
        .prop_map(|(b, prefix)| Place::new(BUCKETS[b], prefix))
}

fn any_route() -> impl Strategy<Value = Option<Route>> {
    prop_oneof![
        Just(None),
        Just(Some(Route::Check)),
        any_place().prop_map(|p| Some(Route::Browse(p))),
        (0..BUCKETS.len(), 0..ENDPOINTS.len()).prop_map(|(b, e)| Some(Route::Invite(Invite {
            bucket: BUCKETS[b].into(),
            endpoint: ENDPOINTS[e].into(),
            ..Invite::default()
        }))),
    ]
}

fn any_site() -> impl Strategy<Value = SiteConfig> {
    prop_oneof![
        Just("{}"),
        Just(r#"{"endpoint": "http://127.0.0.1:3900"}"#),
        Just(r#"{"bucket": "reports", "lock": ["bucket"]}"#),
        Just(r#"{"allowedEndpoints": ["https://s3.example.com"], "lock": ["endpoint"]}"#),
    ]
    .prop_map(site)
}

fn any_event() -> impl Strategy<Value = FlowEvent> {
    prop_oneof![
        any_settings().prop_map(FlowEvent::Edited),
        any_site().prop_map(FlowEvent::ConfigLoaded),
        any_keys().prop_map(|k| FlowEvent::Pasted {
            parsed: parsed(k),
            role_arn: Some(ROLE.into()),
        }),
        any_typed().prop_map(FlowEvent::Typed),
        Just(FlowEvent::Connect),
        Just(FlowEvent::Check),
        any::<bool>().prop_map(FlowEvent::Answer),
        any_route().prop_map(FlowEvent::Follow),
        (any_keys(), any::<bool>()).prop_map(|(k, ok)| FlowEvent::Assumed(if ok {
            Ok(Granted {
                credentials: k,
                shortened: false,
                chained: false,
                session_arn: None,
            })
        } else {
            Err(Problem::AccessDenied.into())
        })),
        Just(FlowEvent::RenewWithCode("123456".into())),
        Just(FlowEvent::RowsShown),
        Just(FlowEvent::ListingFailed(Problem::AccessDenied.into())),
        Just(FlowEvent::Region {
            bucket: "reports".into(),
            region: "eu-west-1".into()
        }),
        any::<bool>().prop_map(FlowEvent::KeepInTab),
        Just(FlowEvent::Forget),
        Just(FlowEvent::Tick),
        Just(FlowEvent::KeysRanOut),
        Just(FlowEvent::Unfold),
        Just(FlowEvent::Dismiss),
    ]
}

/// Whether keys may sign for `endpoint` (an endpoint's text, or a URL): AWS, the admin's or
/// allowed, or agreed to.
fn vetted(site: &SiteConfig, agreed: &[String], endpoint: &str) -> bool {
    site.unvetted_host(endpoint)
        .is_none_or(|host| agreed.contains(&host))
}

fn endpoint_text(endpoint: &Option<crate::core::bucket::Endpoint>) -> String {
    endpoint
        .as_ref()
        .map(|e| format!("{}://{}", e.scheme, e.authority))
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Never signs for a host the user did not agree to, never uses keys after Forget (or once
    /// they ran out) until new ones are given, never lists or checks a bucket the lock forbids.
    #[test]
    fn keys_go_only_where_they_may(
        start_settings in any_settings(),
        tab_keys in proptest::option::of(any_keys()),
        route in any_route(),
        events in proptest::collection::vec((any_event(), 0..400i64), 1..40),
    ) {
        let mut flow = Flow::new(Start {
            settings: start_settings,
            tab_keys,
            agreed_hosts: Vec::new(),
            route,
        });
        // Hosts the user agreed to: the model's own record, from the question on screen.
        let mut agreed: Vec<String> = Vec::new();
        let mut clock = 0;
        // Keys were forgotten or ran out, and none were given since; and which keys ended.
        let mut ended = false;
        let mut ended_keys: Vec<String> = Vec::new();
        for (event, step) in events {
            clock += step;
            // The keys this event gives, if any: pasted, or typed into the fields (used once
            // Connect or Check is pressed, or goes on after a question).
            let given = match &event {
                FlowEvent::Pasted { parsed, .. } => Some(parsed.credentials.access_key_id.clone()),
                FlowEvent::Typed(t) => Fields {
                    access_key_id: Some(t.access_key.clone()),
                    secret_access_key: Some(t.secret.clone()),
                    session_token: Some(t.token.clone()),
                    expiration: None,
                }
                .validate(at(clock))
                .ok()
                .map(|p| p.credentials.access_key_id),
                _ => None,
            };
            if given.is_some() {
                ended = false;
            }
            // Keys given again (or granted by STS while keys are in use) are no longer ended.
            let granted = match &event {
                FlowEvent::Assumed(Ok(g)) if !ended => Some(g.credentials.access_key_id.clone()),
                _ => None,
            };
            ended_keys.retain(|id| Some(id) != given.as_ref() && Some(id) != granted.as_ref());
            if let (FlowEvent::Answer(true), Some(Ask::Host(host))) = (&event, flow.ask()) {
                agreed.push(host.clone());
            }
            let in_use = flow.keys().map(|k| k.access_key_id.clone());
            let site_before = flow.site().cloned();
            let out = flow.handle(event, at(clock));
            let site = flow.site().cloned();
            for command in &out {
                let carried = match command {
                    FlowCommand::UseKeys(k) => Some(&k.access_key_id),
                    FlowCommand::Assume(ask) => Some(&ask.keys.access_key_id),
                    _ => None,
                };
                if let Some(id) = carried {
                    prop_assert!(!ended_keys.contains(id), "keys that ended used again: {id}");
                }
                let signs = matches!(
                    command,
                    FlowCommand::Open { listing: Listing::List { .. }, .. }
                        | FlowCommand::Check { .. }
                        | FlowCommand::Assume(_)
                );
                let uses_keys = signs
                    || matches!(command, FlowCommand::UseKeys(_) | FlowCommand::MfaCode(_));
                prop_assert!(!(ended && uses_keys), "{command:?} after the keys ended");
                if signs {
                    let site = site.as_ref().or(site_before.as_ref());
                    prop_assert!(site.is_some(), "{command:?} before config.json was read");
                    let site = site.unwrap();
                    match command {
                        FlowCommand::Open { listing: Listing::List { bucket, .. }, .. }
                        | FlowCommand::Check { bucket, .. } => {
                            prop_assert!(!site.locks_out(&bucket.name), "{command:?} locked out");
                            prop_assert!(
                                vetted(site, &agreed, &endpoint_text(&bucket.endpoint)),
                                "{command:?} to a host not agreed"
                            );
                        }
                        FlowCommand::Assume(ask) => prop_assert!(
                            vetted(site, &agreed, &ask.sts.url),
                            "{command:?} to a host not agreed"
                        ),
                        _ => {}
                    }
                }
            }
            if out.iter().any(|c| matches!(c, FlowCommand::EndKeys(_))) {
                ended = true;
                ended_keys.extend(in_use);
            }
            prop_assert!(!(ended && flow.keys().is_some()), "keys in use again without new ones");
        }
    }
}
