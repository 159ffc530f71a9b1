//! `cargo xtask <command>`: everything the README's two commands need, and the benchmark.

mod api_fuzz;
mod bench;
mod build;
mod local;
mod setup;
mod widgets;

use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "\
cargo xtask demo [--addr 127.0.0.1:8080]   install what is missing, build everything, start the demo
cargo xtask test                           install what is missing, build, run every test
cargo xtask build                          build the widgets into pkg/ and the staff console into pkg/console/
cargo xtask build console                  only the staff console (pkg/console/)
cargo xtask bench                          all of the below but api-fuzz (installs twiggy the first time)
cargo xtask bench instances                two instances vs one on PostgreSQL, and the shared limits' cost
cargo xtask bench draft                    a 200-article draft's render and one article's opening, CPU 4× slower
cargo xtask bench sizes                    only the widget and staff console file sizes
cargo xtask bench bytes                    where the citizens' wasm's bytes go, grouped (twiggy)
cargo xtask bench first-use                when each demo page's widgets are usable and how far the page moves, slow phone
cargo xtask bench server                   only server throughput next to a bare handler (no widget build)
cargo xtask api-fuzz                       only the generated API requests (schemathesis), part of test
cargo xtask setup [--tests]                only install what is missing";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("build") if args.get(1).is_some_and(|a| a == "console") => {
            setup::tools(false).and_then(|()| build::console(&root().join("pkg/console")))
        }
        Some("build") => setup::tools(false).and_then(|()| build::widgets()),
        Some("bench") if args.get(1).is_some_and(|a| a == "instances") => {
            setup::tools(true).and_then(|()| bench::run_instances())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "draft") => {
            setup::tools(true).and_then(|()| build::widgets()).and_then(|()| bench::draft_render())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "sizes") => {
            setup::tools(false).and_then(|()| build::widgets()).and_then(|()| bench::sizes())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "bytes") => {
            setup::tools(false).and_then(|()| build::widgets()).and_then(|()| bench::bytes())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "first-use") => {
            setup::tools(true).and_then(|()| build::widgets()).and_then(|()| bench::first_use())
        }
        Some("bench") if args.get(1).is_some_and(|a| a == "server") => {
            setup::tools(true).and_then(|()| bench::run_server())
        }
        Some("bench") => setup::tools(true).and_then(|()| build::widgets()).and_then(|()| bench::run_bench()),
        Some("api-fuzz") => run(cargo().args(["build", "--package", "server"]))
            .and_then(|()| api_fuzz::run_against(&target_dir().join("debug/tuongtac"))),
        Some("setup") => setup::tools(args.iter().any(|a| a == "--tests")),
        _ => {
            println!("{USAGE}");
            Ok(())
        }
    };
    if let Err(message) = result {
        eprintln!("xtask: {message}");
        std::process::exit(1);
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it). Read from the environment `cargo run` sets, not
/// only from the path baked in at compile time: with a target directory shared between checkouts, cargo may
/// reuse an xtask binary built in another checkout, which would then build and serve that checkout.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let manifest_dir = manifest_dir.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().map(Path::to_path_buf).expect("xtask is inside the workspace")
}

/// Where cargo puts build output: `CARGO_TARGET_DIR` if set (CI keeps a cache there), else `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(|dir| root().join(dir)).unwrap_or_else(|| root().join("target"))
}

/// Runs a command in the workspace root, echoing it, and fails if it fails.
pub fn run(command: &mut Command) -> Result {
    eprintln!("$ {}", describe(command));
    let status = command.current_dir(root()).status().map_err(|e| format!("{}: {e}", describe(command)))?;
    if status.success() { Ok(()) } else { Err(format!("{} failed ({status})", describe(command))) }
}

/// Runs a command quietly and returns its standard output, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.current_dir(root()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let args: Vec<String> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    format!("{} {}", command.get_program().to_string_lossy(), args.join(" "))
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn demo(args: &[String]) -> Result {
    let addr = match args {
        [flag, addr] if flag == "--addr" => addr.clone(),
        [] => "127.0.0.1:8080".to_owned(),
        _ => return Err(format!("usage: cargo xtask demo [--addr HOST:PORT]\n{USAGE}")),
    };
    setup::tools(false)?;
    build::widgets()?;
    run(cargo().args(["build", "--package", "server"]))?;
    std::fs::create_dir_all(root().join("data")).map_err(|e| e.to_string())?;
    run(Command::new(target_dir().join("debug/tuongtac")).args([
        "serve",
        "--demo",
        "--demo-questions",
        "--addr",
        &addr,
        "--database",
        "sqlite://data/demo.sqlite",
        "--widgets-dir",
        "pkg",
        "--demo-dir",
        "demo",
    ]))
}

fn test() -> Result {
    widgets::check_folders()?;
    setup::tools(true)?;
    setup::postgres()?;
    build::widgets()?;
    // Formatting and lints are checked, not hoped for: rustfmt.toml, and clippy with every warning an error
    // (clippy.toml forbids sqlx's `begin`), natively and for the widgets' wasm.
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    run(cargo().args([
        "clippy",
        "--package",
        "widgets",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The staff console is the widgets crate with feature `console`, a module of its own: linted the same way.
    run(cargo().args([
        "clippy",
        "--package",
        "widgets",
        "--features",
        "console",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The Rust tests: the domain's rules, and the API on SQLite and on PostgreSQL.
    run(cargo()
        .args(["test", "--workspace", "--exclude", "widgets"])
        .env("TUONGTAC_TEST_POSTGRES", setup::POSTGRES_URL))?;
    // The widgets' own Rust tests, natively: the registry against the folders, the JSON mapping against the
    // domain's serde names and the server's answers.
    run(cargo().args(["test", "--package", "widgets", "--lib"]))?;
    run(cargo().args(["test", "--package", "widgets", "--lib", "--features", "console"]))?;
    run(cargo().args(["build", "--package", "server"]))?;
    // Generated requests against the OpenAPI document of the real server.
    api_fuzz::run_against(&target_dir().join("debug/tuongtac"))?;
    // The browser tests: real Chromium against the real server binary and a real SQLite database.
    let mut tests: Vec<String> = Vec::new();
    collect_browser_tests(&root().join("widgets"), &mut tests);
    collect_browser_tests(&root().join("tests/browser"), &mut tests);
    tests.sort();
    run(Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(&tests)
        .env("TUONGTAC_BIN", target_dir().join("debug/tuongtac")))
}

fn collect_browser_tests(dir: &Path, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_browser_tests(&path, found);
        } else if path.to_string_lossy().ends_with(".test.mjs") {
            found.push(path.strip_prefix(root()).unwrap_or(&path).to_string_lossy().into_owned());
        }
    }
}
