//! Schemathesis (PyPI) against the OpenAPI document of a running server: thousands of generated requests,
//! valid and not, as a citizen's widget and as an admin with a bearer token. It checks that nothing answers
//! 5xx, that every status and body is the one documented, and that requests the document calls invalid are
//! refused. Log-out is left out so the token lives through the run.

use std::process::Command;

use crate::local::{json_string, post_json, start};
use crate::{Result, root, run, target_dir};

/// The schemathesis release the checks are written for.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// How long the generated requests run: long enough to reach every operation many times, short enough for CI.
const BUDGET_SECS: &str = "45";
const CHECKS: &str = "not_a_server_error,status_code_conformance,response_schema_conformance,negative_data_rejection";
const PASSWORD: &str = "mật khẩu cho thử nghiệm tự động";
/// The consultation `serve --demo` seeds (`server::consultations::DEMO_SLUG`).
const DEMO_CONSULTATION: &str = "du-thao-quy-che-thong-tin";

/// Installs schemathesis into a virtual environment under the target directory, once.
pub fn install() -> Result<std::path::PathBuf> {
    let venv = target_dir().join("schemathesis-venv");
    let bin = venv.join("bin/schemathesis");
    let installed = crate::output(Command::new(&bin).arg("--version")).unwrap_or_default();
    if !installed.contains(SCHEMATHESIS_VERSION) {
        eprintln!("setup: installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into {}", venv.display());
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        run(Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
        ]))?;
    }
    Ok(bin)
}

/// Runs schemathesis against the debug server on a fresh SQLite database with one question in it.
pub fn run_against(server_bin: &std::path::Path) -> Result {
    let schemathesis = install()?;
    let data = std::env::temp_dir().join(format!("tuongtac-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let database = format!("sqlite://{}", data.join("fuzz.sqlite").display());
    let (_server, url) = start(Command::new(server_bin).current_dir(root()).args([
        "serve",
        "--demo",
        "--addr",
        "127.0.0.1:0",
        "--database",
        &database,
        "--writes-per-minute",
        "1000000",
    ]))?;
    run(Command::new(server_bin)
        .args(["admin", "staff", "create", "demo", "fuzz-admin", "--role", "admin", "--database", &database])
        .env("TUONGTAC_PASSWORD", PASSWORD))?;
    let login = format!(r#"{{"agency":"demo","username":"fuzz-admin","password":"{PASSWORD}"}}"#);
    let answer = post_json(&url, "/api/v1/staff/session", &login, &[])?;
    let token = json_string(&answer, "token").ok_or_else(|| format!("log-in failed: {answer}"))?.to_owned();
    // One question, so that operations on `{code}` reach a real one.
    let question = r#"{"title":"Câu hỏi để thử API","body":"Nội dung câu hỏi để thử API.","topic":"giay-phep"}"#;
    let answer = post_json(&url, "/api/v1/agencies/demo/questions", question, &[])?;
    let code = json_string(&answer, "tracking_code").ok_or_else(|| format!("no question stored: {answer}"))?;
    let config = data.join("schemathesis.toml");
    // The demo's consultation, so that operations on `{slug}` reach a real, open one.
    let parameters = format!("[parameters]\nagency = \"demo\"\ncode = \"{code}\"\nslug = \"{DEMO_CONSULTATION}\"\n");
    std::fs::write(&config, parameters).map_err(|e| e.to_string())?;
    let result = run(Command::new(&schemathesis)
        .arg("--config-file")
        .arg(&config)
        .args([
            "run",
            &format!("{url}/api/v1/openapi.json"),
            "--checks",
            CHECKS,
            "--max-time",
            BUDGET_SECS,
            "--workers",
            "2",
        ])
        .args(["--header", &format!("Authorization: Bearer {token}"), "--header", &format!("Origin: {url}")])
        .args(["--exclude-operation-id", "log_out"])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .env("NO_COLOR", "1"));
    let _ = std::fs::remove_dir_all(&data);
    result
}
