//! What the server promises when its storage fails, tried on a disk that is really full: a small tmpfs that
//! this test mounts (CI runs as root; without the right to mount, the test fails and says why). The real
//! `tuongtac` binary takes questions over real HTTP until the disk under its database is full, keeps taking
//! requests while full, gets its space back, and is killed with SIGKILL and restarted. Then:
//! - every question answered 201 is in the database, and nothing else is;
//! - every refusal was a 503 with `Retry-After` and the `storage_unavailable` error, never a 500;
//! - `/readyz` said so while the disk was full;
//! - once space returns, writes succeed without a restart, and a retried `Idempotency-Key` is stored once;
//! - a move whose notification could not be written was not acknowledged, and one that was acknowledged has
//!   its notification.
//!
//! SQLite keeps its database file on the small disk. PostgreSQL keeps its tables and indexes in a
//! tablespace on it (its write-ahead log stays on the server's own disk, which this test must not fill).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor, Row};

use crate::common::process::{HttpReply, Server};
use crate::common::{Backend, QUESTIONS, TestDb, random_hex};

on_both_backends!(a_full_disk_loses_no_acknowledged_write);

/// Space given back when the disk is full: removing this file stands for the operator freeing space. It is
/// large enough for SQLite's first checkpoint afterwards, which copies the write-ahead log into the database.
const BALLAST_BYTES: usize = 3 * 1024 * 1024;
/// Refused questions to collect once the disk is full, before giving space back.
const REFUSALS_WANTED: usize = 15;

async fn a_full_disk_loses_no_acknowledged_write(backend: Backend) {
    let disk = SmallDisk::mount(backend);
    let database = DatabaseOnDisk::create(backend, &disk).await;
    let officer_password = "mật khẩu đủ dài 2026";
    {
        let db = server::connect(&database.url).await.expect("connect");
        server::agencies::seed_demo(&db, &[]).await.expect("seed the demo agency");
        let agency = server::agencies::find(&db, "demo").await.expect("agency").expect("demo agency");
        crate::common::create_staff(&db, agency.id, "can-bo-dia", domain::Role::Officer, officer_password)
            .await
            .expect("officer account");
        db.close().await;
    }
    let ballast = disk.write_ballast(BALLAST_BYTES);
    let mut server = Server::start_with(&database.url, &["--writes-per-minute", "1000000"]);
    let citizen = Citizen { origin: server.origin() };

    // Before the disk fills: a question from a citizen who left an email, and an officer's session.
    let with_email = citizen.ask(&server, "truoc-day", "Câu hỏi có thư báo", Some("nguoi.hoi@example.vn"));
    assert_eq!(with_email.status, 201, "{}", with_email.text());
    let with_email = with_email.json()["tracking_code"].as_str().expect("code").to_owned();
    let token = log_in(&server, officer_password);
    assert_eq!(token.status, 200, "log-in: {}", token.text());
    let bearer = format!("Bearer {}", token.json()["token"].as_str().expect("token"));

    // Citizens keep asking, each question with its own key, until the disk has refused enough of them.
    let mut acknowledged: BTreeMap<String, String> = BTreeMap::new();
    acknowledged.insert("truoc-day".into(), with_email.clone());
    let mut refused: Vec<String> = Vec::new();
    let mut answers = String::new();
    for i in 0.. {
        assert!(i < 3_000, "the disk never filled: {} questions stored", acknowledged.len());
        let key = format!("cau-hoi-{i}");
        let reply = citizen.ask(&server, &key, &format!("Câu hỏi số {i} về giấy phép"), None);
        answers.push_str(&format!("{} ", reply.status));
        if reply.status == 201 {
            acknowledged.insert(key, reply.json()["tracking_code"].as_str().expect("code").to_owned());
        } else {
            assert_storage_unavailable(&reply, &format!("question {key} (answers so far: {answers})"));
            refused.push(key);
            if refused.len() == REFUSALS_WANTED {
                break;
            }
        }
    }
    eprintln!("{backend:?}: answers while the disk filled: {answers}");

    // While full: readiness says so, and writes that cannot be stored are refused with 503, not faked.
    let ready = server.request("GET", "/readyz", &[], b"");
    assert_eq!(ready.status, 503, "/readyz on a full disk: {}", ready.text());
    assert!(ready.header("retry-after").is_some(), "/readyz without Retry-After");
    assert_eq!(ready.json()["storage"]["reason"], json!("disk_full"), "{}", ready.text());

    let session_while_full = log_in(&server, officer_password);
    if session_while_full.status != 200 {
        assert_storage_unavailable(&session_while_full, "log-in on a full disk");
    }
    let move_path = format!("/api/v1/staff/questions/{with_email}/transitions");
    let staff_headers = [("Content-Type", "application/json"), ("Authorization", bearer.as_str())];
    let accept = r#"{"to":"accepted","public_note":"Đã tiếp nhận."}"#.as_bytes();
    let moved_while_full = server.request("POST", &move_path, &staff_headers, accept);
    if moved_while_full.status != 200 {
        assert_storage_unavailable(&moved_while_full, "a move with a notification, on a full disk");
    }
    if backend == Backend::Sqlite {
        // SQLite cannot grow its write-ahead log on a full disk, so nothing commits; on PostgreSQL a small
        // update can still fit in a page that exists, and is then really stored.
        assert_eq!(moved_while_full.status, 503, "{}", moved_while_full.text());
    }

    // Space returns. Without a restart: a new question is stored, a refused one sent again with its key is
    // stored once, and an acknowledged one sent again is answered as before.
    std::fs::remove_file(&ballast).expect("free the ballast");
    let after = citizen.ask(&server, "sau-khi-don", "Câu hỏi sau khi dọn đĩa", None);
    assert_eq!(after.status, 201, "a new question once space is back: {}", after.text());
    acknowledged.insert("sau-khi-don".into(), after.json()["tracking_code"].as_str().unwrap().to_owned());
    let retried = &refused[0];
    let first = citizen.ask(&server, retried, "", None);
    assert_eq!(first.status, 201, "the refused question {retried}, sent again: {}", first.text());
    assert_eq!(first.header("idempotent-replayed"), None, "it was refused, so it cannot be a replay");
    let code = first.json()["tracking_code"].as_str().unwrap().to_owned();
    let again = citizen.ask(&server, retried, "", None);
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["tracking_code"], json!(code), "a retried key gets its first answer");
    acknowledged.insert(retried.clone(), code);
    let (last_key, last_code) = acknowledged.iter().find(|(k, _)| k.starts_with("cau-hoi-")).expect("some stored");
    let replay = citizen.ask(&server, last_key, "", None);
    assert_eq!(replay.json()["tracking_code"], json!(last_code), "{}", replay.text());

    if moved_while_full.status != 200 {
        let moved = server.request("POST", &move_path, &staff_headers, accept);
        assert_eq!(moved.status, 200, "the move once space is back: {}", moved.text());
    }

    // SIGKILL: whatever a connection still held open is gone now.
    server.kill();
    let mut server = Server::start_with(&database.url, &["--writes-per-minute", "1000000"]);
    let ready = server.request("GET", "/readyz", &[], b"");
    assert_eq!(ready.status, 200, "/readyz after the restart: {}", ready.text());

    let db = server::connect(&database.url).await.expect("connect after the restart");
    let stored: Vec<String> = sqlx::query("SELECT tracking_code FROM questions")
        .fetch_all(&db)
        .await
        .expect("questions")
        .iter()
        .map(|row| server::questions::store::display_code(row.get("tracking_code")))
        .collect();
    let lost: Vec<&String> = acknowledged.values().filter(|code| !stored.contains(code)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged questions were lost: {lost:?}", lost.len(), acknowledged.len());
    assert_eq!(stored.len(), acknowledged.len(), "questions stored without a 201: {stored:?}");
    let keys: i64 = sqlx::query("SELECT COUNT(*) AS n FROM idempotency_keys").fetch_one(&db).await.unwrap().get("n");
    assert_eq!(keys as usize, acknowledged.len(), "each acknowledged key is stored once");

    // The move and its notification are stored together.
    let row = sqlx::query("SELECT status FROM questions WHERE tracking_code = $1")
        .bind(with_email.replace('-', ""))
        .fetch_one(&db)
        .await
        .expect("the question with an email");
    assert_eq!(row.get::<String, _>("status"), "accepted");
    let mails: i64 = sqlx::query("SELECT COUNT(*) AS n FROM outbox").fetch_one(&db).await.unwrap().get("n");
    assert_eq!(mails, 1, "one notification, for the one acknowledged move");
    if session_while_full.status == 200 {
        // A session answered while full was stored: its token works after the restart.
        let token = format!("Bearer {}", session_while_full.json()["token"].as_str().unwrap());
        let me = server.request("GET", "/api/v1/staff/session", &[("Authorization", token.as_str())], b"");
        assert_eq!(me.status, 200, "the session acknowledged on a full disk: {}", me.text());
    }
    server.kill();
    db.close().await;
}

fn assert_storage_unavailable(reply: &HttpReply, case: &str) {
    assert_eq!(reply.status, 503, "{case}: {}", reply.text());
    let retry_after: u64 = reply
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{case}: 503 without a Retry-After in seconds"));
    assert!(retry_after > 0, "{case}");
    let body = reply.json();
    assert_eq!(body["error"]["code"], json!("storage_unavailable"), "{case}: {body}");
    assert_eq!(body["retry_after_seconds"], json!(retry_after), "{case}: {body}");
}

struct Citizen {
    origin: String,
}

impl Citizen {
    /// Asks a question with an `Idempotency-Key`. Sent again with the same key, the body must be the same, so
    /// an empty `title` means "the question first sent with this key".
    fn ask(&self, server: &Server, key: &str, title: &str, email: Option<&str>) -> HttpReply {
        let body = question(key, title, email);
        let headers =
            [("Origin", self.origin.as_str()), ("Content-Type", "application/json"), ("Idempotency-Key", key)];
        server.request("POST", QUESTIONS, &headers, body.to_string().as_bytes())
    }
}

/// The question sent with `key`: the same body each time for the same key, about 4,000 characters that do not
/// compress (PostgreSQL compresses long text), so that the disk fills in a few hundred questions.
fn question(key: &str, title: &str, email: Option<&str>) -> Value {
    let title = if title.is_empty() {
        format!("Câu hỏi số {} về giấy phép", key.trim_start_matches("cau-hoi-"))
    } else {
        title.to_owned()
    };
    let mut digest = Sha256::digest(key.as_bytes());
    let mut noise = String::new();
    while noise.len() < 3_500 {
        noise.push_str(&server::platform::random::hex(&digest));
        digest = Sha256::digest(digest);
    }
    let mut question = json!({
        "title": title,
        "body": format!("Đề nghị Sở hướng dẫn thủ tục cấp lại giấy phép; hồ sơ số {noise}"),
        "topic": "giay-phep",
    });
    if let Some(email) = email {
        question["email"] = json!(email);
        question["consent"] = json!(true);
    }
    question
}

fn log_in(server: &Server, password: &str) -> HttpReply {
    let login = json!({ "agency": "demo", "username": "can-bo-dia", "password": password });
    server.request(
        "POST",
        "/api/v1/staff/session",
        &[("Content-Type", "application/json")],
        login.to_string().as_bytes(),
    )
}

// ---------------------------------------------------------------------------------------------------------
// A disk that really fills.

/// A 6 MB tmpfs mounted for one test and unmounted when it ends, passed or failed.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(backend: Backend) -> SmallDisk {
        let dir = std::env::temp_dir().join(format!("tt_small_disk_{}", random_hex(6)));
        std::fs::create_dir_all(&dir).expect("mount point");
        let mut options = "size=6m,mode=0755".to_owned();
        if backend == Backend::Postgres {
            // The PostgreSQL server writes the tablespace's files as its own user.
            let (uid, gid) = postgres_user();
            options = format!("size=6m,mode=0700,uid={uid},gid={gid}");
        }
        let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", &options, "tmpfs"]).arg(&dir).output();
        match mounted {
            Ok(out) if out.status.success() => SmallDisk { dir },
            Ok(out) => panic!(
                "cannot mount a small tmpfs at {}: {}. This test fills a real filesystem and must be run as root \
                 (CI is); it does not pass without one.",
                dir.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            Err(e) => panic!("cannot run mount ({e}): this test fills a real filesystem and needs mount(8) and root"),
        }
    }

    fn path(&self) -> &Path {
        &self.dir
    }

    fn write_ballast(&self, bytes: usize) -> PathBuf {
        let path = self.dir.join("ballast");
        std::fs::write(&path, vec![0u8; bytes]).expect("write the ballast");
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(&self.dir).status().is_ok_and(|s| s.success());
        if !unmounted {
            // Something still holds a file open (a server that has not been reaped yet): detach it now, the
            // kernel frees it when the last file closes.
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
        let _ = std::fs::remove_dir(&self.dir);
    }
}

fn postgres_user() -> (u32, u32) {
    let id = |flag: &str| -> u32 {
        let out = Command::new("id").args([flag, "postgres"]).output().expect("id postgres");
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or_else(|_| panic!("no postgres user: {out:?}"))
    };
    (id("-u"), id("-g"))
}

/// A fresh, migrated database whose data lives on the small disk.
struct DatabaseOnDisk {
    url: String,
    database: Option<TestDb>,
    /// PostgreSQL: the admin URL and the tablespace's name, dropped after the database.
    tablespace: Option<(String, String)>,
}

impl DatabaseOnDisk {
    async fn create(backend: Backend, disk: &SmallDisk) -> DatabaseOnDisk {
        match backend {
            Backend::Sqlite => {
                let url = server::db::sqlite_url(&disk.path().join("tuongtac.sqlite"));
                server::connect(&url).await.expect("create the database").close().await;
                DatabaseOnDisk { url, database: None, tablespace: None }
            }
            Backend::Postgres => {
                let database = TestDb::create(backend).await;
                server::connect(&database.url).await.expect("migrate").close().await;
                let admin_url = crate::common::postgres_admin_url();
                let name = format!("tt_small_{}", random_hex(6));
                let location = disk.path().join("tablespace");
                std::fs::create_dir(&location).expect("tablespace directory");
                let (uid, gid) = postgres_user();
                std::os::unix::fs::chown(&location, Some(uid), Some(gid)).expect("chown the tablespace directory");
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect as admin");
                admin
                    .execute(format!("CREATE TABLESPACE {name} LOCATION '{}'", location.display()).as_str())
                    .await
                    .expect("create the tablespace");
                admin.close().await.ok();
                let on_disk = DatabaseOnDisk {
                    url: database.url.clone(),
                    database: Some(database),
                    tablespace: Some((admin_url, name.clone())),
                };
                let mut conn = sqlx::PgConnection::connect(&on_disk.url).await.expect("connect");
                for kind in ["TABLE", "INDEX"] {
                    conn.execute(format!("ALTER {kind} ALL IN TABLESPACE pg_default SET TABLESPACE {name}").as_str())
                        .await
                        .unwrap_or_else(|e| panic!("move every {kind} to the small disk: {e}"));
                }
                conn.close().await.ok();
                on_disk
            }
        }
    }
}

impl Drop for DatabaseOnDisk {
    fn drop(&mut self) {
        // The database first: a tablespace can be dropped only once empty.
        drop(self.database.take());
        let Some((admin_url, name)) = self.tablespace.take() else { return };
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                admin.execute(format!("DROP TABLESPACE IF EXISTS {name}").as_str()).await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test tablespace: {dropped:?}");
        }
    }
}
