#![no_main]
// See fuzz/src/schedule.rs for what this target does and checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| tariffs_fuzz::schedule::run(data));
