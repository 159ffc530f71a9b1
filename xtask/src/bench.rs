//! `cargo xtask bench`: what the widgets cost a citizen's phone (bytes over the wire) and what the server
//! sustains (requests per second, p99 latency) next to a bare axum JSON handler measured in the same run.
//! A benchmark, not a test: it prints figures and asserts nothing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::{Result, cargo, output, root, run, target_dir};

const DURATION: &str = "8s";
const CONNECTIONS: &str = "16";

pub fn run_bench() -> Result {
    sizes()?;
    throughput()
}

fn sizes() -> Result {
    let pkg = root().join("pkg");
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(&pkg).map_err(|e| format!("{}: {e}; run cargo xtask build", pkg.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let size = |suffix: &str| std::fs::metadata(format!("{}{suffix}", path.display())).map(|m| m.len()).unwrap_or(0);
        let kind = if name == "tuongtac.js" {
            "loader"
        } else if name.ends_with(".wasm") {
            "wasm"
        } else if name.ends_with(".js") {
            "JS glue"
        } else {
            "CSS"
        };
        rows.push((kind, name.clone(), size(""), size(".gz"), size(".br")));
    }
    rows.sort();
    println!("\nWidget files (bytes)\n{:<8} {:>9} {:>9} {:>9}  file", "part", "raw", "gzip -9", "brotli 11");
    for (kind, name, raw, gz, br) in &rows {
        println!("{kind:<8} {raw:>9} {gz:>9} {br:>9}  {name}");
    }
    let total = |pick: fn(&(&str, String, u64, u64, u64)) -> u64| rows.iter().map(pick).sum::<u64>();
    println!("{:<8} {:>9} {:>9} {:>9}", "total", total(|r| r.2), total(|r| r.3), total(|r| r.4));
    Ok(())
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a program that prints `… listening on http://HOST:PORT` and returns it with that URL.
fn start(command: &mut Command) -> Result<(Server, String)> {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let server = Server(child);
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(url) = line.split("listening on ").nth(1) {
            return Ok((server, url.trim().to_owned()));
        }
    }
    Err("server exited before listening".into())
}

fn throughput() -> Result {
    run(cargo().args(["build", "--profile", "server", "--package", "server", "--bin", "tuongtac", "--example", "bare"]))?;
    let bin = target_dir().join("server");
    let data = std::env::temp_dir().join(format!("tuongtac-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let database = format!("sqlite://{}", data.join("bench.sqlite").display());
    let (_server, url) = start(Command::new(bin.join("tuongtac")).current_dir(root()).args([
        "serve", "--demo", "--addr", "127.0.0.1:0", "--database", &database, "--writes-per-minute", "4000000000",
    ]))?;
    let (_bare, bare_url) = start(&mut Command::new(bin.join("examples/bare")))?;

    let script = data.join("post.lua");
    std::fs::write(&script, format!(
        "wrk.method = 'POST'\nwrk.body = '{}'\nwrk.headers['Content-Type'] = 'application/json'\nwrk.headers['Origin'] = '{url}'\n",
        r#"{"title":"Thủ tục cấp giấy phép","body":"Xin hỏi hồ sơ gồm những gì và nộp ở đâu?","topic":"giay-phep"}"#,
    )).map_err(|e| e.to_string())?;

    println!("\nServer throughput on this machine: wrk, {CONNECTIONS} connections, {DURATION} each, SQLite (WAL, synchronous=FULL)");
    println!("{:<44} {:>10} {:>10}", "endpoint", "req/s", "p99");
    let post = wrk(&format!("{url}/api/v1/agencies/demo/questions"), Some(&script))?;
    println!("{:<44} {:>10.0} {:>10}", "POST question (argon2id PIN hash each)", post.0, post.1);

    // Publish twenty of the stored questions so the public list has a full page to serve.
    for _ in 0..20 {
        let body = r#"{"title":"Công khai","body":"Câu hỏi đã trả lời","topic":"khac"}"#;
        let answer = post_json(&url, "/api/v1/agencies/demo/questions", body)?;
        let code = answer.split("\"tracking_code\":\"").nth(1).and_then(|s| s.split('"').next());
        let code = code.ok_or_else(|| format!("no tracking code in the answer:\n{answer}"))?;
        output(Command::new(bin.join("tuongtac")).args(["admin", "question", "publish", "demo", code]).env("DATABASE_URL", &database))
            .ok_or("publish failed")?;
    }
    let list = wrk(&format!("{url}/api/v1/agencies/demo/questions"), None)?;
    println!("{:<44} {:>10.0} {:>10}", "GET public list (20 questions)", list.0, list.1);
    let bare = wrk(&format!("{bare_url}/json"), None)?;
    println!("{:<44} {:>10.0} {:>10}", "GET bare axum JSON handler (no database)", bare.0, bare.1);
    println!("public list / bare handler: {:.0} %", 100.0 * list.0 / bare.0);
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

/// One HTTP/1.1 POST over a plain socket (the server is on loopback); returns the whole answer.
fn post_json(base: &str, path: &str, body: &str) -> Result<String> {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).map_err(|e| e.to_string())?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    Ok(answer)
}

/// Runs wrk and returns (requests per second, p99 latency as wrk prints it).
fn wrk(url: &str, script: Option<&std::path::Path>) -> Result<(f64, String)> {
    let mut command = Command::new("wrk");
    command.args(["--threads", "2", "--connections", CONNECTIONS, "--duration", DURATION, "--latency"]);
    if let Some(script) = script {
        command.arg("--script").arg(script);
    }
    let out = output(command.arg(url)).ok_or_else(|| format!("wrk {url} failed"))?;
    let rate = out
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk output:\n{out}"))?;
    let p99 = out.lines().find_map(|l| l.trim().strip_prefix("99%")).map(|v| v.trim().to_owned()).unwrap_or_default();
    if let Some(errors) = out.lines().find(|l| l.contains("Non-2xx")) {
        eprintln!("bench: {url}: {}", errors.trim());
    }
    Ok((rate, p99))
}
