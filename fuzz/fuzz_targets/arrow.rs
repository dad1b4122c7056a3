#![no_main]
// See fuzz/src/arrow.rs for what this target does and checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| tariffs_fuzz::arrow::run(data));
