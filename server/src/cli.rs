//! The `tuongtac` command line: serve the API and widgets, or run an operator's command. Commands call the
//! features' functions; none holds SQL.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;

use domain::Role;
use domain::staff::NewAccount;

use crate::platform::passwords;
use crate::{AppState, Config, agencies, app, questions, staff};

const USAGE: &str = "\
Usage:
  tuongtac serve [--addr 127.0.0.1:8080] [--database URL] [--demo] [--widgets-dir pkg] [--demo-dir demo]
                 [--writes-per-minute 10] [--trust-forwarded-for]
                 [--smtp-url smtp://host:port] [--mail-from 'Name <noreply@example.gov.vn>']
  tuongtac admin agency create <slug> <name>
  tuongtac admin agency list
  tuongtac admin origin add <agency-slug> <origin>
  tuongtac admin topic add <agency-slug> <topic-slug> <name-vi> [<name-en>]
  tuongtac admin question publish <agency-slug> <tracking-code>
  tuongtac admin staff create <agency-slug> <username> --role admin|officer|moderator [--name 'Display name']
  tuongtac admin staff reset-password <agency-slug> <username>
  tuongtac admin staff list <agency-slug>
  tuongtac admin staff disable <agency-slug> <username>

Staff passwords are read from $TUONGTAC_PASSWORD; without it one is generated and printed.
Mail: --smtp-url or $TUONGTAC_SMTP_URL (smtp://relay:25, smtp://user:pass@host:587?tls=required,
smtps://user:pass@host:465); without it notifications wait in the outbox. Sender: --mail-from or
$TUONGTAC_MAIL_FROM.

The database is --database, else $DATABASE_URL, else sqlite://data/tuongtac.sqlite (created).
PostgreSQL: postgres://user@host:5432/dbname.";

/// Runs the command line `args` (without the program name).
pub async fn run(args: Vec<String>) -> Result<(), String> {
    let options = Options::parse(&args)?;
    match options.positional.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["serve"] => serve(options).await,
        ["admin", rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            let pool = crate::connect(&options.database_url()?).await.map_err(|e| format!("{e:?}"))?;
            admin(&pool, &rest, &options).await
        }
        ["help"] | [] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command\n{USAGE}")),
    }
}

async fn serve(options: Options) -> Result<(), String> {
    let pool = crate::connect(&options.database_url()?).await.map_err(|e| format!("{e:?}"))?;
    let listener =
        tokio::net::TcpListener::bind(options.addr).await.map_err(|e| format!("bind {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = Config::new(options.widgets_dir.clone());
    config.writes_per_minute = options.writes_per_minute;
    config.trust_forwarded_for = options.trust_forwarded_for;
    config.smtp_url =
        options.smtp_url.clone().or_else(|| std::env::var("TUONGTAC_SMTP_URL").ok()).filter(|u| !u.is_empty());
    if let Some(from) = options.mail_from.clone().or_else(|| std::env::var("TUONGTAC_MAIL_FROM").ok()) {
        config.mail_from = from;
    }
    let mut demo_accounts = Vec::new();
    if options.demo {
        let origins = [format!("http://127.0.0.1:{}", addr.port()), format!("http://localhost:{}", addr.port())];
        agencies::seed_demo(&pool, &origins).await.map_err(|e| format!("{e:?}"))?;
        config.demo_dir = Some(options.demo_dir.clone());
        demo_accounts = seed_demo_staff(&pool).await?;
    }
    if config.smtp_url.is_none() {
        println!("No SMTP server configured (--smtp-url): notification mail waits in the outbox.");
    }
    let state = AppState::new(pool, config).await.map_err(|e| format!("{e:?}"))?;
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() };
    println!("Tương Tác listening on http://{host}:{}", addr.port());
    if options.demo {
        println!("Demo: http://{host}:{}/demo/", addr.port());
        for (username, role, password) in demo_accounts {
            println!("Demo staff account (agency demo): {username} / {password} ({role})");
        }
    }
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}

/// Creates the demo agency's staff accounts the first time, with fresh passwords shown once.
async fn seed_demo_staff(pool: &sqlx::AnyPool) -> Result<Vec<(String, &'static str, String)>, String> {
    let agency = agencies::find(pool, "demo").await.map_err(|e| format!("{e:?}"))?.ok_or("demo agency missing")?;
    let mut created = Vec::new();
    for (username, name, role) in [
        ("quan-tri", "Quản trị viên", Role::Admin),
        ("can-bo", "Cán bộ xử lý", Role::Officer),
        ("kiem-duyet", "Kiểm duyệt viên", Role::Moderator),
    ] {
        if staff::find_credentials(pool, agency.id, username).await.map_err(|e| format!("{e:?}"))?.is_none() {
            let password = passwords::generate_password();
            let account =
                NewAccount { username: username.into(), display_name: name.into(), role, password: password.clone() };
            staff::create(pool, agency.id, &account).await.map_err(|e| format!("{e:?}"))?;
            created.push((username.to_owned(), role.as_str(), password));
        }
    }
    Ok(created)
}

async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("signal handler");
    tokio::select! {
        _ = ctrl_c => {},
        _ = term.recv() => {},
    }
}

/// A staff password from `$TUONGTAC_PASSWORD` (so it stays out of the shell history and `ps`), or a new one.
fn password_from_env() -> (String, bool) {
    match std::env::var("TUONGTAC_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (passwords::generate_password(), true),
    }
}

async fn admin(pool: &sqlx::AnyPool, args: &[String], options: &Options) -> Result<(), String> {
    let find = |slug: String| async move {
        agencies::find(pool, &slug).await.map_err(|e| format!("{e:?}"))?.ok_or(format!("no agency {slug:?}"))
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["agency", "create", slug, name] => {
            let id = agencies::upsert(pool, slug, name).await.map_err(|e| format!("{e:?}"))?;
            println!("agency {slug} (id {id}) saved");
        }
        ["agency", "list"] => {
            for (slug, name) in agencies::list(pool).await.map_err(|e| format!("{e:?}"))? {
                let agency = find(slug.clone()).await?;
                println!("{slug}\t{name}\torigins: {}", agency.origins.join(", "));
            }
        }
        ["origin", "add", slug, origin] => {
            let agency = find(slug.to_string()).await?;
            let origin = domain::agency::normalise_origin(origin)
                .ok_or(format!("{origin:?} is not an origin: write it like https://portal.example.gov.vn"))?;
            agencies::add_origin(pool, agency.id, &origin).await.map_err(|e| format!("{e:?}"))?;
            println!("{origin} may now embed {slug}'s widgets");
        }
        ["topic", "add", slug, topic, name_vi, rest @ ..] if rest.len() <= 1 => {
            let agency = find(slug.to_string()).await?;
            let topic = domain::Topic {
                slug: topic.to_string(),
                name_vi: name_vi.to_string(),
                name_en: rest.first().map(|s| s.to_string()).unwrap_or_default(),
            };
            let topic =
                domain::staff::validate_topic(&topic).map_err(|e| format!("{:?}", e.texts(domain::Lang::En)))?;
            agencies::add_topic(pool, agency.id, &topic, agency.topics.len() as i64)
                .await
                .map_err(|e| format!("{e:?}"))?;
            println!("topic {} added to {slug}", topic.slug);
        }
        ["staff", "create", slug, username] => {
            let agency = find(slug.to_string()).await?;
            let role = options.role.ok_or("--role admin|officer|moderator is required")?;
            let (password, generated) = password_from_env();
            let name = options.name.clone().unwrap_or_default();
            let account =
                NewAccount { username: username.to_string(), display_name: name, role, password: password.clone() };
            staff::create(pool, agency.id, &account).await.map_err(|e| format!("{e:?}"))?;
            println!("staff account {username} ({}) created at {slug}", role.as_str());
            if generated {
                println!("password: {password}");
            }
        }
        ["staff", "reset-password", slug, username] => {
            let agency = find(slug.to_string()).await?;
            let (password, generated) = password_from_env();
            if !staff::reset_password(pool, agency.id, username, &password).await.map_err(|e| format!("{e:?}"))? {
                return Err(format!("no staff account {username:?} at {slug}"));
            }
            println!("password of {username} reset; their sessions are closed");
            if generated {
                println!("password: {password}");
            }
        }
        ["staff", "disable", slug, username] => {
            let agency = find(slug.to_string()).await?;
            let mut tx = crate::db::begin(pool).await.map_err(|e| e.to_string())?;
            if !staff::disable(&mut tx, agency.id, username).await.map_err(|e| format!("{e:?}"))? {
                return Err(format!("no active staff account {username:?} at {slug}"));
            }
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("staff account {username} disabled; its sessions are closed");
        }
        ["staff", "list", slug] => {
            let agency = find(slug.to_string()).await?;
            for account in staff::accounts(pool, agency.id).await.map_err(|e| format!("{e:?}"))? {
                let disabled = if account.disabled { "\tdisabled" } else { "" };
                println!("{}\t{}\t{}{disabled}", account.username, account.role.as_str(), account.display_name);
            }
        }
        ["question", "publish", slug, code] => {
            let agency = find(slug.to_string()).await?;
            domain::TrackingCode::parse(code).ok_or(format!("{code:?} is not a tracking code"))?;
            let published = questions::publish_now(pool, agency.id, code).await.map_err(|e| format!("{e:?}"))?;
            println!("{} question(s) published", published);
        }
        _ => return Err(format!("unknown admin command\n{USAGE}")),
    }
    Ok(())
}

struct Options {
    positional: Vec<String>,
    addr: SocketAddr,
    database: Option<String>,
    demo: bool,
    widgets_dir: PathBuf,
    demo_dir: PathBuf,
    writes_per_minute: NonZeroU32,
    trust_forwarded_for: bool,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    role: Option<Role>,
    name: Option<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            positional: Vec::new(),
            addr: "127.0.0.1:8080".parse().expect("valid address"),
            database: None,
            demo: false,
            widgets_dir: PathBuf::from("pkg"),
            demo_dir: PathBuf::from("demo"),
            writes_per_minute: NonZeroU32::new(10).expect("non-zero"),
            trust_forwarded_for: false,
            smtp_url: None,
            mail_from: None,
            role: None,
            name: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().cloned().ok_or(format!("{name} needs a value"));
            match arg.as_str() {
                "--addr" => options.addr = value("--addr")?.parse().map_err(|e| format!("--addr: {e}"))?,
                "--database" => options.database = Some(value("--database")?),
                "--demo" => options.demo = true,
                "--widgets-dir" => options.widgets_dir = value("--widgets-dir")?.into(),
                "--demo-dir" => options.demo_dir = value("--demo-dir")?.into(),
                "--writes-per-minute" => {
                    options.writes_per_minute =
                        value("--writes-per-minute")?.parse().map_err(|e| format!("--writes-per-minute: {e}"))?
                }
                "--trust-forwarded-for" => options.trust_forwarded_for = true,
                "--smtp-url" => options.smtp_url = Some(value("--smtp-url")?),
                "--mail-from" => options.mail_from = Some(value("--mail-from")?),
                "--role" => {
                    let role = value("--role")?;
                    options.role =
                        Some(Role::parse(&role).ok_or(format!("--role: {role:?} is not admin, officer or moderator"))?);
                }
                "--name" => options.name = Some(value("--name")?),
                "-h" | "--help" => options.positional = vec!["help".into()],
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}\n{USAGE}")),
                _ => options.positional.push(arg.clone()),
            }
        }
        Ok(options)
    }

    fn database_url(&self) -> Result<String, String> {
        if let Some(url) = self.database.clone().or_else(|| std::env::var("DATABASE_URL").ok()) {
            return Ok(url);
        }
        std::fs::create_dir_all("data").map_err(|e| format!("create data directory: {e}"))?;
        Ok(crate::db::sqlite_url(std::path::Path::new("data/tuongtac.sqlite")))
    }
}
