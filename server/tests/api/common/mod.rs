//! The harness shared by the server's integration tests: a fresh database per test on either backend, the
//! app with a seeded agency, a small request builder and the replies' assertions.
//!
//! SQLite tests use a new file under the temp directory; PostgreSQL tests create a new database on the
//! server named by `TUONGTAC_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/postgres`) and drop
//! it when the test ends, passed or failed. An unreachable PostgreSQL fails the test: it is never skipped.

pub mod process;

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sqlx::{AnyPool, Connection, Executor, Row};
use tower::ServiceExt;

use server::{AppState, Config, agencies};

/// The origin of the portal that embeds the `demo` agency's widgets in these tests.
pub const ORIGIN: &str = "https://portal.example.gov.vn";
/// An origin no agency allows.
pub const FOREIGN_ORIGIN: &str = "https://evil.example.com";
/// Where citizens send questions to the `demo` agency (which has topics).
pub const QUESTIONS: &str = "/api/v1/agencies/demo/questions";
/// An agency allowed on [`ORIGIN`] that has no topics.
pub const NO_TOPICS: &str = "so-tu-phap";
/// The client address requests come from unless a test says otherwise.
pub const DEFAULT_PEER: &str = "198.51.100.7";

/// Generates one `#[tokio::test]` per backend for each listed case, `async fn case(backend: Backend)`:
/// `sqlite::case` and `postgres::case`. Use it after `#[macro_use] mod common;`.
macro_rules! on_both_backends {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case($crate::common::Backend::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case($crate::common::Backend::Postgres).await
                }
            )+
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

// ---------------------------------------------------------------------------------------------------------
// A fresh database per test.

/// A database that exists for one test: created empty, removed on drop (even when the test panics).
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDb {
    pub async fn create(backend: Backend) -> TestDb {
        let name = format!("tt_test_{}", random_hex(8));
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.sqlite"));
                TestDb { url: server::db::sqlite_url(&path), cleanup: Cleanup::SqliteFile(path) }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is unreachable at {admin_url} (set TUONGTAC_TEST_POSTGRES): {e}")
                });
                admin
                    .execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
                admin.close().await.ok();
                let url = with_database_name(&admin_url, &name);
                TestDb { url, cleanup: Cleanup::PostgresDatabase { admin_url, name } }
            }
        }
    }

    /// The database file, for SQLite.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => Some(path),
            Cleanup::PostgresDatabase { .. } => None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                // Drop runs inside the test's runtime, which must not block on itself: drop from a thread
                // with its own runtime. FORCE ends the app pool's connections that may still be open.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                    runtime.block_on(async {
                        let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                        admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await?;
                        admin.close().await?;
                        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
                    })
                })
                .join();
                let failure = match dropped {
                    Ok(Ok(())) => return,
                    Ok(Err(e)) => e.to_string(),
                    Err(_) => "the dropping thread panicked".to_owned(),
                };
                if std::thread::panicking() {
                    eprintln!("could not drop test database {}: {failure}", self.url);
                } else {
                    panic!("could not drop test database {}: {failure}", self.url);
                }
            }
        }
    }
}

/// The PostgreSQL server the tests use, as a superuser: `TUONGTAC_TEST_POSTGRES`, or the local one.
pub fn postgres_admin_url() -> String {
    std::env::var("TUONGTAC_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// `postgres://user@host:5432/postgres?x=y` → `postgres://user@host:5432/NAME?x=y`.
fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

/// A free port that nothing is going to take meanwhile: outside Linux's ephemeral range (32768–60999), from
/// which every other test's `127.0.0.1:0` and every outgoing connection draw theirs.
pub fn quiet_port() -> u16 {
    let start = 20_000 + u16::from_le_bytes(random_bytes2()) % 10_000;
    (start..30_000)
        .chain(20_000..start)
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .expect("a free port between 20000 and 30000")
}

fn random_bytes2() -> [u8; 2] {
    let mut buf = [0u8; 2];
    getrandom::fill(&mut buf).expect("random bytes");
    buf
}

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("random bytes");
    server::platform::random::hex(&buf)
}

// ---------------------------------------------------------------------------------------------------------
// The app under test.

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: AnyPool,
    // Last, so the database outlives everything that uses it; dropping it removes it.
    _database: TestDb,
}

impl TestApp {
    /// The app on a fresh database with agency `demo` (five topics) and agency [`NO_TOPICS`], both allowed on
    /// [`ORIGIN`], and a write limit high enough that only the rate-limit test meets it.
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
        let database = TestDb::create(backend).await;
        let db = server::connect(&database.url).await.expect("connect and migrate");
        agencies::seed_demo(&db, &[ORIGIN.to_owned()]).await.expect("seed demo agency");
        let other = agencies::upsert(&db, NO_TOPICS, "Sở Tư pháp").await.expect("create agency");
        agencies::add_origin(&db, other, ORIGIN).await.expect("allow origin");

        let mut config = Config::new(std::env::temp_dir().join("tt-test-no-widgets"));
        config.writes_per_minute = NonZeroU32::new(10_000).expect("non-zero");
        configure(&mut config);
        let state = AppState::new(db.clone(), config).await.expect("app state");
        TestApp { router: server::app(state.clone()), state, db, _database: database }
    }

    pub async fn send(&self, request: Req) -> Reply {
        send(self.router.clone(), request).await
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.db)
            .await
            .unwrap_or_else(|e| panic!("count {table}: {e}"))
            .get(0)
    }

    /// The stored row of a question, by its tracking code as the receipt shows it (`XXXXX-XXXXX`).
    pub async fn stored(&self, tracking_code: &str) -> StoredQuestion {
        let compact = tracking_code.replace('-', "");
        let row = sqlx::query(
            "SELECT pin_hash, title, body, topic, name, email, phone, consent_at, lang, channel, status, \
             created_at, published_at FROM questions WHERE tracking_code = $1",
        )
        .bind(&compact)
        .fetch_optional(&self.db)
        .await
        .expect("select question")
        .unwrap_or_else(|| panic!("no stored question with tracking code {compact}"));
        StoredQuestion {
            pin_hash: row.get(0),
            title: row.get(1),
            body: row.get(2),
            topic: row.get(3),
            name: row.get(4),
            email: row.get(5),
            phone: row.get(6),
            consent_at: row.get(7),
            lang: row.get(8),
            channel: row.get(9),
            status: row.get(10),
            created_at: row.get(11),
            published_at: row.get(12),
        }
    }

    /// Publishes every question directly in the database. The server keeps public lists for a few seconds;
    /// a publish made through the server forgets them at once, as this does.
    pub async fn publish_all(&self) {
        sqlx::query("UPDATE questions SET published_at = '2026-01-01T00:00:00Z'")
            .execute(&self.db)
            .await
            .expect("publish questions");
        self.state.public_lists.clear();
    }
}

#[derive(Debug)]
pub struct StoredQuestion {
    pub pin_hash: String,
    pub title: String,
    pub body: String,
    pub topic: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent_at: Option<String>,
    pub lang: String,
    pub channel: String,
    pub status: String,
    pub created_at: String,
    pub published_at: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------
// Requests.

/// A request as a test describes it; it becomes an `http::Request` with the peer address that the rate
/// limiter reads (as `into_make_service_with_connect_info` would set it).
#[derive(Debug, Clone)]
pub struct Req {
    method: Method,
    path: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Vec<u8>,
    peer: IpAddr,
}

impl Req {
    pub fn new(method: Method, path: &str) -> Req {
        Req {
            method,
            path: path.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            peer: DEFAULT_PEER.parse().unwrap(),
        }
    }

    pub fn get(path: &str) -> Req {
        Req::new(Method::GET, path)
    }

    pub fn post(path: &str) -> Req {
        Req::new(Method::POST, path)
    }

    /// A question to the `demo` agency from its allowed origin, as the widget sends it.
    pub fn ask(question: &Value) -> Req {
        Req::post(QUESTIONS).origin(ORIGIN).json(question)
    }

    /// A CORS preflight for a POST with the headers the widget sends.
    pub fn preflight(path: &str, origin: &str) -> Req {
        Req::new(Method::OPTIONS, path)
            .origin(origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,idempotency-key")
    }

    /// Sets a header, replacing any earlier value. Takes bytes so tests can send values that are not UTF-8.
    pub fn header(mut self, name: &str, value: impl AsRef<[u8]>) -> Req {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("header name");
        let value = HeaderValue::from_bytes(value.as_ref()).expect("header value");
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    pub fn without(mut self, name: &str) -> Req {
        self.headers.retain(|(n, _)| !n.as_str().eq_ignore_ascii_case(name));
        self
    }

    pub fn origin(self, origin: &str) -> Req {
        self.header("origin", origin)
    }

    pub fn json(self, value: &Value) -> Req {
        self.header("content-type", "application/json").body(serde_json::to_vec(value).expect("JSON"))
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Req {
        self.body = body.into();
        self
    }

    pub fn idempotency_key(self, key: &str) -> Req {
        self.header("idempotency-key", key)
    }

    pub fn sent_from(mut self, ip: &str) -> Req {
        self.peer = ip.parse().expect("IP address");
        self
    }

    fn into_request(self) -> Request<Body> {
        let mut builder = Request::builder().method(self.method).uri(self.path);
        for (name, value) in self.headers {
            builder = builder.header(name, value);
        }
        if !self.body.is_empty() {
            builder = builder.header(header::CONTENT_LENGTH, self.body.len());
        }
        let mut request = builder.body(Body::from(self.body)).expect("request");
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(self.peer, 54321)));
        request
    }
}

pub async fn send(router: Router, request: Req) -> Reply {
    let response = router.oneshot(request.into_request()).await.expect("the router is infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("response body").to_bytes();
    Reply { status: parts.status, headers: parts.headers, body }
}

// ---------------------------------------------------------------------------------------------------------
// Replies.

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("header is text"))
    }

    /// All values of a header, split at commas and lowercased: `vary: Origin, Accept` → `["origin", "accept"]`.
    pub fn header_items(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .flat_map(|v| v.to_str().expect("header is text").split(','))
            .map(|item| item.trim().to_ascii_lowercase())
            .filter(|item| !item.is_empty())
            .collect()
    }

    #[track_caller]
    pub fn assert_status(&self, status: StatusCode, case: &str) -> &Reply {
        assert_eq!(self.status, status, "{case}: status; body {:?}", self.text());
        self
    }

    /// Asserts an error reply: the status, JSON, and `{"error": {"code": CODE, "message": "…"}}`.
    #[track_caller]
    pub fn assert_error(&self, status: StatusCode, code: &str, case: &str) -> Value {
        self.assert_status(status, case);
        let content_type = self.header("content-type").unwrap_or_default();
        assert!(content_type.starts_with("application/json"), "{case}: content-type {content_type:?}");
        let body = self.json();
        assert_eq!(body["error"]["code"], json!(code), "{case}: error code in {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{case}: error message in {body}");
        body
    }
}

// ---------------------------------------------------------------------------------------------------------
// Inputs.

/// A question that every rule accepts, without contact details.
pub fn valid_question() -> Value {
    json!({
        "title": "Thủ tục cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "body": "Xin hỏi hồ sơ gồm những giấy tờ gì và thời hạn giải quyết là bao lâu?",
        "topic": "giay-phep",
    })
}

/// `base` with the fields of `changes` set (a `null` in `changes` removes the field).
pub fn with(base: Value, changes: Value) -> Value {
    let (Value::Object(mut base), Value::Object(changes)) = (base, changes) else {
        panic!("with() takes two objects");
    };
    for (key, value) in changes {
        if value.is_null() {
            base.remove(&key);
        } else {
            base.insert(key, value);
        }
    }
    Value::Object(base)
}

// ---------------------------------------------------------------------------------------------------------
// A real SMTP listener that accepts every message and keeps it.

/// Speaks just enough SMTP to accept mail from the server's worker, over a real TCP connection.
pub struct SmtpSink {
    pub port: u16,
    messages: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// How a sink misbehaves, for the tests that need it.
#[derive(Clone, Copy, Default)]
pub struct SmtpQuirks {
    /// Refuse this many recipients first, quoting the address as real servers do.
    pub refuse_first: usize,
    /// Wait this long before accepting each message's data.
    pub accept_after: std::time::Duration,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        SmtpSink::start_on(0).await
    }

    pub async fn start_on(port: u16) -> SmtpSink {
        SmtpSink::start_with(port, SmtpQuirks::default()).await
    }

    pub async fn start_with(port: u16, quirks: SmtpQuirks) -> SmtpSink {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("bind SMTP sink");
        let port = listener.local_addr().expect("address").port();
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        let refusals = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(quirks.refuse_first));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (kept, refusals) = (kept.clone(), refusals.clone());
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    write.write_all(b"220 sink ESMTP\r\n").await.ok();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let command = line.to_ascii_uppercase();
                        let refuse = command.starts_with("RCPT")
                            && refusals
                                .fetch_update(
                                    std::sync::atomic::Ordering::SeqCst,
                                    std::sync::atomic::Ordering::SeqCst,
                                    |n| n.checked_sub(1),
                                )
                                .is_ok();
                        let refusal =
                            format!("550 5.1.1 {}: Recipient address rejected\r\n", &line[8.min(line.len())..]);
                        let reply: &[u8] = if refuse {
                            refusal.as_bytes()
                        } else if command.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if command.starts_with("DATA") {
                            write.write_all(b"354 end with .\r\n").await.ok();
                            let mut message = String::new();
                            while let Ok(Some(line)) = lines.next_line().await {
                                if line == "." {
                                    break;
                                }
                                message.push_str(&line);
                                message.push('\n');
                            }
                            kept.lock().unwrap().push(message);
                            tokio::time::sleep(quirks.accept_after).await;
                            b"250 queued\r\n"
                        } else if command.starts_with("QUIT") {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        } else {
                            b"250 OK\r\n"
                        };
                        write.write_all(reply).await.ok();
                    }
                });
            }
        });
        SmtpSink { port, messages }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }

    /// Waits up to 15 s until `count` messages have arrived, then returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..150 {
            if self.messages().len() >= count {
                return self.messages();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("expected {count} mail(s), got {}: {:?}", self.messages().len(), self.messages());
    }
}

// ---------------------------------------------------------------------------------------------------------
// Staff.

/// The password the tests give staff accounts.
pub const PASSWORD: &str = "mật khẩu đủ dài 2026";

/// Creates a staff account as the operator's command does.
pub async fn create_staff(
    db: &AnyPool,
    agency_id: i64,
    username: &str,
    role: domain::Role,
    password: &str,
) -> server::Result<i64> {
    let account = domain::staff::NewAccount {
        username: username.to_owned(),
        display_name: String::new(),
        role,
        password: password.to_owned(),
    };
    server::staff::create(db, agency_id, &account).await
}

/// Creates an account at `agency` and logs it in through the API; returns its bearer token.
pub async fn staff_token(app: &TestApp, agency: &str, username: &str, role: domain::Role) -> String {
    let agency_id = server::agencies::find(&app.db, agency).await.unwrap().unwrap().id;
    create_staff(&app.db, agency_id, username, role, PASSWORD).await.expect("create account");
    let reply = app
        .send(
            Req::post("/api/v1/staff/session")
                .json(&json!({ "agency": agency, "username": username, "password": PASSWORD })),
        )
        .await;
    reply.assert_status(StatusCode::OK, "log in");
    reply.json()["token"].as_str().unwrap().to_owned()
}

pub fn as_staff(request: Req, token: &str) -> Req {
    request.header("authorization", format!("Bearer {token}"))
}

/// Undoes quoted-printable (RFC 2045): soft line breaks and `=XX` bytes.
pub fn decode_quoted_printable(mail: &str) -> String {
    let joined = mail.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).replace('\r', "")
}
