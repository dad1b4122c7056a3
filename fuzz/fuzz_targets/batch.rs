#![no_main]
// See fuzz/src/batch.rs for what this target does and checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| tariffs_fuzz::batch::run(data));
