#![no_main]
// See fuzz/src/entry.rs for what this target does and checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| tariffs_fuzz::entry::run(data));
