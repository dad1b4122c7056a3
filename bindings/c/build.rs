//! Gives `libtariffs.so` a versioned SONAME (ELF targets), so that programs
//! linked against one release do not load an incompatible one.
//!
//! The scheme (docs/packaging.md) follows Cargo's compatibility rule: the
//! SONAME carries the part of the version whose change may break the ABI,
//! `MAJOR` from 1.0 and `0.MINOR` before it. Version 0.1.3 is
//! `libtariffs.so.0.1`, installed as the file `libtariffs.so.0.1.3` with the
//! links `libtariffs.so.0.1` (what programs load) and `libtariffs.so` (what
//! `-ltariffs` finds).
//!
//! A program linked against `target/<profile>/libtariffs.so` records the
//! SONAME, so this script also puts the link `libtariffs.so.<soversion>` ->
//! `libtariffs.so` next to the library cargo builds: programs linked in the
//! build tree (`-Ltarget/release -Wl,-rpath,...`, tests/c, examples/c) run
//! from it as before.

use std::path::{Path, PathBuf};

/// `0.MINOR` for 0.x versions, `MAJOR` from 1.0.
fn soversion(version: &str) -> String {
    let mut parts = version.split(['.', '-', '+']);
    let major = parts.next().unwrap_or("0");
    let minor = parts.next().unwrap_or("0");
    if major == "0" {
        format!("0.{minor}")
    } else {
        major.to_string()
    }
}

/// `target/<triple>/<profile>` (or `target/<profile>`), where cargo puts
/// the library: OUT_DIR is `<that>/build/tariffs-c-<hash>/out`.
fn profile_dir(out_dir: &Path) -> Option<&Path> {
    let build = out_dir.parent()?.parent()?;
    if build.file_name()? != "build" {
        return None;
    }
    build.parent()
}

#[cfg(unix)]
fn link_in_build_tree(soname: &str) {
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return;
    };
    let Some(dir) = profile_dir(&out_dir) else {
        return;
    };
    let link = dir.join(soname);
    // Best effort: an existing link is left as it is (it points to the same
    // name); a failure only means build-tree programs need LD_LIBRARY_PATH.
    if std::fs::symlink_metadata(&link).is_err() {
        if let Err(e) = std::os::unix::fs::symlink("libtariffs.so", &link) {
            println!("cargo:warning=could not create {}: {e}", link.display());
        }
    }
}

#[cfg(not(unix))]
fn link_in_build_tree(_soname: &str) {}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let family = std::env::var("CARGO_CFG_TARGET_FAMILY").unwrap_or_default();
    // ELF platforms: the Unix family except Apple's (Mach-O, install names).
    let elf = family.split(',').any(|f| f == "unix")
        && !matches!(
            os.as_str(),
            "macos" | "ios" | "tvos" | "watchos" | "visionos"
        );
    if !elf {
        return;
    }
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    let soname = format!("libtariffs.so.{}", soversion(&version));
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    // The host's file system is the target's only when not cross-compiling
    // to another OS; the link is for running programs in the build tree.
    if std::env::var("HOST").ok() == std::env::var("TARGET").ok() {
        link_in_build_tree(&soname);
    }
}
