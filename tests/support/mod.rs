//! What the page's and the worker's browser tests share: the runner's listing against a port nothing listens on, and a body streamed into the origin-private file system.

use std::cell::RefCell;
use std::rc::Rc;

use bucket_portal::core::bucket::{Addressing, Bucket};
use bucket_portal::core::credentials::Credentials;
use bucket_portal::core::engine::{End, Event, ListingId, Report};
use bucket_portal::core::problem::Problem;
use bucket_portal::platform::timer::sleep;
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
    runner.handle(Event::List {
        id: ListingId(1),
        bucket,
        prefix: String::new(),
        start: String::new(),
        sort: Default::default(),
        recursive: false,
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

/// The origin-private file system's root, from the page or a worker (through the global scope).
pub async fn opfs_root() -> web_sys::FileSystemDirectoryHandle {
    use wasm_bindgen::JsCast;
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap();
    let storage: web_sys::StorageManager = js_sys::Reflect::get(&navigator, &"storage".into())
        .unwrap()
        .unchecked_into();
    wasm_bindgen_futures::JsFuture::from(storage.get_directory())
        .await
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// A file's bytes, read back from below `root`.
pub async fn read_back(root: &web_sys::FileSystemDirectoryHandle, path: &[String]) -> Vec<u8> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let (file, folders) = path.split_last().unwrap();
    let mut dir = root.clone();
    for folder in folders {
        dir = JsFuture::from(dir.get_directory_handle(folder))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    }
    let handle: web_sys::FileSystemFileHandle = JsFuture::from(dir.get_file_handle(file))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let file: web_sys::File = JsFuture::from(handle.get_file())
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let buffer = JsFuture::from(file.array_buffer()).await.unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

/// A pump of `limit` bytes from offset 0 (ids do not matter to the runner's pump).
pub fn pump_of(limit: u64) -> bucket_portal::core::engine::Pump {
    use bucket_portal::core::engine::{FileId, JobId, Pump, RequestId};
    Pump {
        request: RequestId(1),
        job: JobId(1),
        file: FileId(1),
        at: 0,
        limit,
        side_by_side: false,
        begin: None,
    }
}

/// Streams 3 MB into a file below nested folders with a Korean name and a reserved one, checks
/// the bytes read back and the SHA-256 run while streaming.
pub async fn a_body_streams_into_nested_folders() {
    use bucket_portal::core::engine::BodyEnd;
    use bucket_portal::core::integrity::{Check, Verifier};
    use bucket_portal::core::safe_path::PathPlanner;
    use bucket_portal::runner::folder_writer::FolderFile;
    use bucket_portal::runner::job_output::{pump, WriteTo};
    use sha2::{Digest, Sha256};

    let root = opfs_root().await;
    let data: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(7) % 251) as u8)
        .collect();
    let digest: [u8; 32] = Sha256::digest(&data).into();
    let path = PathPlanner::new().place("reports/보고서/../2024 결과/CON.bin", "reports/");
    assert_eq!(path, ["보고서", "2024 결과", "_CON.bin"]);
    let body = web_sys::Response::new_with_opt_u8_array(Some(&mut data.clone()))
        .unwrap()
        .body()
        .unwrap();
    let file = FolderFile::create(&root, &path, || {}).await.unwrap();
    let mut verifier = Verifier::new(Check::Sha256(digest));
    let progressed = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let counter = progressed.clone();
    let wrote = move |n| counter.set(counter.get() + n);
    let expected = data.len() as u64;
    let ended = pump(
        &body,
        &pump_of(expected),
        WriteTo::At(&file),
        Some(&mut verifier),
        &wrote,
    )
    .await;
    assert_eq!(ended, BodyEnd::Done);
    file.close().await.unwrap();
    assert_eq!(progressed.get(), expected);
    assert!(verifier.matches());
    assert_eq!(read_back(&root, &path).await, data);
}
