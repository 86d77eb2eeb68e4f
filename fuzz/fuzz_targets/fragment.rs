//! Fuzzes `core::fuzz::fragment`: see there what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bucket_portal::core::fuzz::fragment(data));
