//! Installs what is missing, and says what it does. Only the package registries are used: crates.io (cargo
//! install), npm (package-lock.json) and Debian (apt-get); nothing else is downloaded.

use std::process::Command;

use crate::{Result, output, root, run};

/// Must equal the `wasm-bindgen` version pinned in the workspace Cargo.toml.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn tools(for_tests: bool) -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        eprintln!("setup: adding the Rust target wasm32-unknown-unknown");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    // The widgets' wasm is built with the standard library compiled for it (`build::size_flags`), from the
    // standard library's sources, which rustup adds like the target.
    let sysroot = output(Command::new("rustc").args(["--print", "sysroot"])).unwrap_or_default();
    if !std::path::Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library/std").is_dir() {
        eprintln!("setup: adding the Rust component rust-src");
        run(Command::new("rustup").args(["component", "add", "rust-src"]))?;
    }
    for (component, probe) in [("clippy", "clippy"), ("rustfmt", "fmt")] {
        if for_tests && output(Command::new("cargo").args([probe, "--version"])).is_none() {
            eprintln!("setup: adding the Rust component {component}");
            run(Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    let bindgen = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if !bindgen.contains(WASM_BINDGEN_VERSION) {
        // Without --locked: its lockfile names a dependency version the registry here lacks.
        eprintln!("setup: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (a few minutes, once)");
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION]))?;
    }
    let mut debian = vec![("brotli", "brotli")];
    if for_tests {
        debian.extend([("chromium", "chromium"), ("chromedriver", "chromium-driver"), ("wrk", "wrk")]);
    }
    let missing: Vec<&str> = debian
        .iter()
        .filter(|(binary, _)| output(Command::new("which").arg(binary)).is_none())
        .map(|(_, p)| *p)
        .collect();
    if !missing.is_empty() {
        eprintln!("setup: installing Debian packages {}", missing.join(" "));
        let sudo = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() != "0");
        let apt = |args: &[&str]| {
            let mut command = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
            if sudo {
                command.arg("apt-get");
            }
            command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            command
        };
        run(&mut apt(&["update", "-q"]))?;
        run(apt(&["install", "-y", "-q"]).args(&missing))?;
    }
    npm_packages()?;
    Ok(())
}

/// Installs the npm packages of package-lock.json unless exactly these are installed: the lock is copied
/// into node_modules after each install and compared, as file times say nothing in a fresh checkout. A
/// node_modules that is a link to another checkout's is replaced by this checkout's own, never written
/// through (`npm ci` would empty the other checkout's copy).
/// twiggy, which only `cargo xtask bench` needs (where the wasm's bytes go): installed on first use.
pub const TWIGGY_VERSION: &str = "0.8.0";

pub fn twiggy() -> Result {
    if !output(Command::new("twiggy").arg("--version")).is_some_and(|v| v.contains(TWIGGY_VERSION)) {
        eprintln!("setup: installing twiggy {TWIGGY_VERSION} (a few minutes, once)");
        run(Command::new("cargo").args(["install", "twiggy", "--version", TWIGGY_VERSION]))?;
    }
    Ok(())
}

fn npm_packages() -> Result {
    let lock_path = root().join("package-lock.json");
    let modules = root().join("node_modules");
    let stamp = modules.join(".tuongtac-package-lock.json");
    let lock = std::fs::read(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    if std::fs::read(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(());
    }
    if modules.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        eprintln!("setup: node_modules links to another checkout's; installing this checkout's own instead");
        std::fs::remove_file(&modules).map_err(|e| format!("remove the node_modules link: {e}"))?;
    }
    eprintln!("setup: installing npm packages (wasm-opt from binaryen, esbuild, playwright-core, axe-core)");
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))
}

/// Starts the machine's PostgreSQL cluster if it is not answering (the API tests use it).
pub fn postgres() -> Result {
    let ready = || output(Command::new("pg_isready").args(["-h", "127.0.0.1", "-p", "5432"])).is_some();
    if ready() {
        return Ok(());
    }
    eprintln!("setup: starting PostgreSQL");
    let versions = std::fs::read_dir("/etc/postgresql").map_err(|e| format!("PostgreSQL is not installed: {e}"))?;
    for version in versions.flatten() {
        let version = version.file_name().to_string_lossy().into_owned();
        let _ = run(Command::new("pg_ctlcluster").args(["--skip-systemctl-redirect", &version, "main", "start"]));
    }
    for _ in 0..30 {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    Err("PostgreSQL did not start on 127.0.0.1:5432".into())
}
