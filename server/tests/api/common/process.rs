//! The real `tuongtac` binary as a separate process, spoken to over real HTTP: for tests that kill it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::QUESTIONS;

/// The password `create_officer` gives.
pub const OFFICER_PASSWORD: &str = "mật khẩu đủ dài 2026";

/// Creates an officer of the demo agency (which a started server has seeded) directly in the database.
pub async fn create_officer(database_url: &str, username: &str) {
    let db = server::connect(database_url).await.expect("connect");
    let agency = server::agencies::find(&db, "demo").await.expect("agency").expect("demo agency");
    super::create_staff(&db, agency.id, username, domain::Role::Officer, OFFICER_PASSWORD).await.expect("officer");
    db.close().await;
}

pub struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
    /// What it printed on standard output up to and with the line that says where it listens.
    pub banner: Vec<String>,
}

impl Server {
    /// Starts `tuongtac serve --demo` on a free port and waits for it to say where it listens.
    pub fn start(database_url: &str) -> Server {
        Server::start_with(database_url, &[])
    }

    pub fn start_with(database_url: &str, extra: &[&str]) -> Server {
        Server::start_with_env(database_url, extra, &[("RUST_LOG", "warn")])
    }

    /// Starts it with `env` set (after the variables a test must not inherit are removed).
    pub fn start_with_env(database_url: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tuongtac"));
        command.args(["serve", "--addr", "127.0.0.1:0", "--database", database_url, "--demo"]).args(extra);
        for (name, _) in std::env::vars() {
            if name.starts_with("TUONGTAC_") || name == "DATABASE_URL" || name == "RUST_LOG" {
                command.env_remove(name);
            }
        }
        let mut child = command
            .envs(env.iter().copied())
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn tuongtac");

        // Both pipes are drained for the life of the process so it never blocks on a full pipe.
        let (lines, stdout_lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let (mut pipe, sink) = (child.stderr.take().expect("stderr"), stderr.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buf) {
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });

        let deadline = Instant::now() + Duration::from_secs(30);
        let mut banner = Vec::new();
        let port = loop {
            match stdout_lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    banner.push(line.clone());
                    if let Some((_, port)) = line.split_once("Tương Tác listening on http://127.0.0.1:") {
                        break port.trim().parse().unwrap_or_else(|_| panic!("port in {line:?}"));
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    std::thread::sleep(Duration::from_millis(100));
                    panic!("tuongtac did not start; stderr: {}", stderr.lock().unwrap());
                }
            }
        };
        Server { child, port, stderr, banner }
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn post_question(&self, question: &Value) -> HttpReply {
        let origin = self.origin();
        let headers = [("Origin", origin.as_str()), ("Content-Type", "application/json")];
        self.request("POST", QUESTIONS, &headers, &serde_json::to_vec(question).unwrap())
    }

    /// One HTTP/1.1 request on a fresh connection, written by hand.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpReply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to tuongtac");
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body)).expect("send request");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap_or_else(|e| panic!("read response: {e}; stderr: {}", self.stderr()));
        HttpReply::parse(&response)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal by name (`TERM`, `KILL`) without waiting.
    pub fn signal(&self, name: &str) {
        let sent = Command::new("kill").args(["-s", name, &self.pid().to_string()]).status().expect("run kill");
        assert!(sent.success(), "kill -s {name} {}", self.pid());
    }

    /// Waits up to `limit` for the process to exit by itself.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// One request like `request`, but `None` when the connection fails or is cut (a killed server).
    pub fn try_request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<HttpReply> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(body).ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        if response.windows(4).any(|w| w == b"\r\n\r\n") { Some(HttpReply::parse(&response)) } else { None }
    }

    /// Logs in a staff member over HTTP; the bearer header's value.
    pub fn log_in(&self, username: &str, password: &str) -> String {
        let body = serde_json::json!({ "agency": "demo", "username": username, "password": password });
        let reply = self.request(
            "POST",
            "/api/v1/staff/session",
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        assert_eq!(reply.status, 200, "log-in: {}", reply.text());
        format!("Bearer {}", reply.json()["token"].as_str().expect("token"))
    }

    /// A JSON request as a staff member.
    pub fn staff(&self, bearer: &str, method: &str, path: &str, body: &Value) -> HttpReply {
        let headers = [("Content-Type", "application/json"), ("Authorization", bearer)];
        self.request(method, path, &headers, body.to_string().as_bytes())
    }

    /// A JSON POST to the demo agency from this server's own origin, as a widget sends it, from `client` (sent
    /// as X-Forwarded-For: start the server with `--trust-forwarded-for`).
    pub fn citizen(&self, path: &str, body: &Value, client: &str, key: Option<&str>) -> Option<HttpReply> {
        let origin = self.origin();
        let mut headers =
            vec![("Origin", origin.as_str()), ("Content-Type", "application/json"), ("X-Forwarded-For", client)];
        if let Some(key) = key {
            headers.push(("Idempotency-Key", key));
        }
        self.try_request("POST", &format!("/api/v1/agencies/demo{path}"), &headers, body.to_string().as_bytes())
    }

    /// SIGKILL: the process gets no chance to flush or checkpoint anything.
    pub fn kill(&mut self) -> ExitStatus {
        self.child.kill().expect("SIGKILL tuongtac");
        self.child.wait().expect("reap tuongtac")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub struct HttpReply {
    pub status: u16,
    head: String,
    pub body: Vec<u8>,
}

impl HttpReply {
    fn parse(response: &[u8]) -> HttpReply {
        let text = String::from_utf8_lossy(response);
        let end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no head in {text:?}"));
        let head = std::str::from_utf8(&response[..end]).expect("head is text");
        let status = head
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {head:?}"));
        let chunked = head.lines().any(|line| {
            let line = line.to_ascii_lowercase();
            line.starts_with("transfer-encoding:") && line.contains("chunked")
        });
        assert!(!chunked, "this small client reads only Content-Length bodies: {head}");
        HttpReply { status, head: head.to_owned(), body: response[end + 4..].to_vec() }
    }

    /// A header's value; names are compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}
