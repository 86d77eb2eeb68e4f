//! What the page's and the worker's browser tests share: the runner's listing against a port nothing listens on.

use std::cell::RefCell;
use std::rc::Rc;

use bucket_portal::core::bucket::{Addressing, Bucket};
use bucket_portal::core::credentials::Credentials;
use bucket_portal::core::engine::{End, Event, ListingId, Report};
use bucket_portal::core::problem::Problem;
use bucket_portal::runner::fetch::sleep;
use bucket_portal::runner::Runner;

/// Lists a bucket on loopback port 9 (nothing listens) with `creds` through a runner, and checks
/// the one report: the listing failed as "no answer before any success" (CORS), in the browser's
/// words (`TypeError`).
pub async fn a_closed_port_is_reported_as_cors(creds: Credentials) {
    let reports = Rc::new(RefCell::new(Vec::new()));
    let runner = {
        let reports = reports.clone();
        Runner::new(move |r| reports.borrow_mut().push(r))
    };
    runner.use_keys(creds);
    let bucket = Bucket::new("demo", "", "http://127.0.0.1:9", Addressing::Auto).unwrap();
    runner.on(Event::List {
        id: ListingId(1),
        bucket,
        prefix: String::new(),
        start: String::new(),
    });
    for _ in 0..100 {
        if !reports.borrow().is_empty() {
            break;
        }
        sleep(50).await;
    }
    let reports = reports.borrow();
    let [Report::Listed {
        listing,
        end: End::Failed(failure),
    }] = &reports[..]
    else {
        panic!("one failed listing expected: {reports:?}");
    };
    assert_eq!(*listing, ListingId(1));
    assert_eq!(failure.problem, Problem::CorsOrNetwork);
    assert!(failure
        .message
        .as_deref()
        .is_some_and(|m| m.contains("TypeError")));
}
