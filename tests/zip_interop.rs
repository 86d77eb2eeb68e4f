//! Archives from core's streaming ZIP writer, opened by Python's zipfile and Info-ZIP's `unzip -t`.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use bucket_portal::core::zip::ZipStream;

fn temp(name: &str) -> PathBuf {
    // Cargo's scratch folder for integration tests (under target/), not the system's /tmp.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("zip-interop");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Streams `entries` (name, content) into a file the way the browser will: header, chunks, descriptor.
fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut file = File::create(path).unwrap();
    let mut zip = ZipStream::new();
    for (name, data) in entries {
        file.write_all(&zip.start_entry(name, None, data.len() as u64).unwrap())
            .unwrap();
        for chunk in data.chunks(7000) {
            zip.write(chunk).unwrap();
            file.write_all(chunk).unwrap();
        }
        file.write_all(&zip.finish_entry().unwrap()).unwrap();
    }
    file.write_all(&zip.finish().unwrap()).unwrap();
}

fn unzip_test(path: &Path) {
    let out = Command::new("unzip")
        .arg("-tq")
        .arg(path)
        .output()
        .expect("unzip is installed by scripts/setup.sh");
    assert!(
        out.status.success(),
        "unzip -t: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Python's zipfile: the names, and each entry's SHA-256, as JSON.
fn python_listing(path: &Path) -> serde_json::Value {
    let script = r#"
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps({i.filename: [i.file_size, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()}, ensure_ascii=False))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python zipfile: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn sha256_hex(data: &[u8]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg("import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(data)?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn utf8_names_empty_and_multi_chunk_entries_open_everywhere() {
    let entries: Vec<(String, Vec<u8>)> = vec![
        (
            "보고서/2024년 결과.txt".into(),
            "안녕하세요\n".repeat(1000).into_bytes(),
        ),
        ("empty.bin".into(), Vec::new()),
        (
            "special/a+b c%d#e'f~g.txt".into(),
            (0..=255u8).cycle().take(100_000).collect(),
        ),
    ];
    let path = temp("small.zip");
    write_zip(&path, &entries);
    unzip_test(&path);
    let listing = python_listing(&path);
    for (name, data) in &entries {
        assert_eq!(listing[name][0], data.len(), "{name}");
        assert_eq!(listing[name][1], sha256_hex(data), "{name}");
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn more_than_65535_entries_use_zip64_end_records() {
    let entries: Vec<(String, Vec<u8>)> = (0..70_000)
        .map(|i| (format!("f/{i:05}.txt"), format!("{i}").into_bytes()))
        .collect();
    let path = temp("many.zip");
    write_zip(&path, &entries);
    unzip_test(&path);
    let listing = python_listing(&path);
    assert_eq!(listing.as_object().unwrap().len(), 70_000);
    assert_eq!(listing["f/69999.txt"][0], 5);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn an_entry_over_4_gib_uses_zip64_sizes_and_offsets() {
    // 4 GiB + 1 MiB of zeros after a small entry, written as a sparse file (no disk space used).
    let big: u64 = (4 << 30) + (1 << 20);
    let path = temp("big.zip");
    let mut file = File::create(&path).unwrap();
    let mut zip = ZipStream::new();
    file.write_all(&zip.start_entry("small.txt", None, 5).unwrap())
        .unwrap();
    zip.write(b"hello").unwrap();
    file.write_all(b"hello").unwrap();
    file.write_all(&zip.finish_entry().unwrap()).unwrap();
    file.write_all(&zip.start_entry("big.bin", None, big).unwrap())
        .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..(big >> 20) {
        zip.write(&zeros).unwrap();
    }
    file.seek(SeekFrom::Current(big as i64)).unwrap();
    file.write_all(&zip.finish_entry().unwrap()).unwrap();
    file.write_all(&zip.start_entry("after.txt", None, 3).unwrap())
        .unwrap();
    zip.write(b"end").unwrap();
    file.write_all(b"end").unwrap();
    file.write_all(&zip.finish_entry().unwrap()).unwrap();
    file.write_all(&zip.finish().unwrap()).unwrap();
    drop(file);
    unzip_test(&path);
    let script = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(z.getinfo("big.bin").file_size, z.read("after.txt").decode(), z.read("small.txt").decode())
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("{big} end hello")
    );
    std::fs::remove_file(&path).unwrap();
}
