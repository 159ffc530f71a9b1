//! The `tuongtac` command line: serve the API and widgets, or run an operator's command. Commands call the
//! features' functions; none holds SQL.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;

use domain::Role;
use domain::staff::NewAccount;

use crate::platform::passwords;
use crate::{AppState, Config, agencies, app, consultations, follows, questions, staff};

const USAGE: &str = "\
Usage:
  tuongtac serve [--config FILE] [--addr 127.0.0.1:8080] [--database URL] [--demo] [--widgets-dir pkg]
                 [--demo-dir demo] [--demo-questions] [--writes-per-minute 10] [--trust-forwarded-for]
                 [--smtp-url smtp://host:port] [--mail-from 'Name <noreply@example.gov.vn>']
                 [--metrics-addr 127.0.0.1:9090] [--metrics-token TOKEN] [--log-format text|json]
                 [--public-origin https://tuongtac.example.gov.vn]
  tuongtac backup PATH [--database URL]       a consistent copy of a SQLite database, taken while serving
  tuongtac restore PATH [--database URL]      replaces the (stopped) SQLite database with a backup
  tuongtac admin agency create <slug> <name>
  tuongtac admin agency list
  tuongtac admin origin add <agency-slug> <origin>
  tuongtac admin topic add <agency-slug> <topic-slug> <name-vi> [<name-en>]
  tuongtac admin question publish <agency-slug> <tracking-code>
  tuongtac admin question export <agency-slug> <tracking-code>   everything held about it, as JSON
  tuongtac admin comment export <agency-slug> <tracking-code>    the same for a comment on a consultation
  tuongtac admin follow export <agency-slug> <email>     what an address follows, with its mail, as JSON
  tuongtac admin follow erase <agency-slug> <email>      ends every follow of the address and erases it
  tuongtac admin staff create <agency-slug> <username> --role admin|officer|moderator [--name 'Display name']
  tuongtac admin staff reset-password <agency-slug> <username>
  tuongtac admin staff list <agency-slug>
  tuongtac admin staff disable <agency-slug> <username>

Every option can also be set in the environment or in a file (--config FILE or $TUONGTAC_CONFIG) of
NAME=value lines, with the names of the table in the README: --smtp-url is TUONGTAC_SMTP_URL, --database is
DATABASE_URL, and so on. The command line wins over the environment, which wins over the file.
Staff passwords are read from $TUONGTAC_PASSWORD; without it one is generated and printed.
Mail: smtp://relay:25, smtp://user:pass@host:587?tls=required, smtps://user:pass@host:465; without it
notifications wait in the outbox.
The database is sqlite://data/tuongtac.sqlite (created) unless set. PostgreSQL: postgres://user@host:5432/dbname.";

/// Every setting that the command line, the environment and the configuration file can give, with its
/// environment (and file) name and whether the flag takes a value.
const SETTINGS: &[(&str, &str, bool)] = &[
    ("--addr", "TUONGTAC_ADDR", true),
    ("--database", "DATABASE_URL", true),
    ("--demo", "TUONGTAC_DEMO", false),
    ("--demo-questions", "TUONGTAC_DEMO_QUESTIONS", false),
    ("--widgets-dir", "TUONGTAC_WIDGETS_DIR", true),
    ("--demo-dir", "TUONGTAC_DEMO_DIR", true),
    ("--writes-per-minute", "TUONGTAC_WRITES_PER_MINUTE", true),
    ("--trust-forwarded-for", "TUONGTAC_TRUST_FORWARDED_FOR", false),
    ("--smtp-url", "TUONGTAC_SMTP_URL", true),
    ("--mail-from", "TUONGTAC_MAIL_FROM", true),
    ("--metrics-addr", "TUONGTAC_METRICS_ADDR", true),
    ("--metrics-token", "TUONGTAC_METRICS_TOKEN", true),
    ("--public-origin", "TUONGTAC_PUBLIC_ORIGIN", true),
    ("--log-format", "TUONGTAC_LOG_FORMAT", true),
    ("--log", "TUONGTAC_LOG", true),
];

/// Runs the command line `args` (without the program name).
pub async fn run(args: Vec<String>) -> Result<(), String> {
    let options = Options::parse(&args, |name| std::env::var(name).ok())?;
    init_logging(&options)?;
    match options.positional.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["serve"] => serve(options).await,
        ["backup", path] => crate::backup::backup(&options.database_url()?, std::path::Path::new(path)).await,
        ["restore", path] => crate::backup::restore(std::path::Path::new(path), &options.database_url()?).await,
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

/// Logs go to standard error, as text or (`--log-format json`) one JSON object per line; the level is
/// `--log` (`$TUONGTAC_LOG`, else `$RUST_LOG`, else `info,sqlx=warn`). They never hold a citizen's name,
/// email, phone or address: requests are logged by route template, and mail errors without addresses.
fn init_logging(options: &Options) -> Result<(), String> {
    let filter =
        options.log.clone().or_else(|| std::env::var("RUST_LOG").ok()).unwrap_or_else(|| "info,sqlx=warn".to_owned());
    let filter = tracing_subscriber::EnvFilter::try_new(&filter).map_err(|e| format!("--log {filter:?}: {e}"))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let installed = match options.log_format.as_str() {
        "text" => builder.try_init(),
        "json" => builder.json().flatten_event(true).with_current_span(false).try_init(),
        other => return Err(format!("--log-format: {other:?} is not text or json")),
    };
    // A second initialisation (tests that run the command line in one process) keeps the first.
    drop(installed);
    Ok(())
}

async fn serve(options: Options) -> Result<(), String> {
    let pool = crate::connect(&options.database_url()?).await.map_err(|e| format!("{e:?}"))?;
    let listener =
        tokio::net::TcpListener::bind(options.addr).await.map_err(|e| format!("bind {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = Config::new(options.widgets_dir.clone());
    config.writes_per_minute = options.writes_per_minute;
    config.trust_forwarded_for = options.trust_forwarded_for;
    config.smtp_url = options.smtp_url.clone().filter(|u| !u.is_empty());
    if let Some(from) = options.mail_from.clone() {
        config.mail_from = from;
    }
    config.metrics_token = options.metrics_token.clone().filter(|t| !t.is_empty());
    config.public_origin = options.public_origin.clone();
    let mut demo_accounts = Vec::new();
    if options.demo {
        let origins = [format!("http://127.0.0.1:{}", addr.port()), format!("http://localhost:{}", addr.port())];
        agencies::seed_demo(&pool, &origins).await.map_err(|e| format!("{e:?}"))?;
        // The demo's embed pages are served from where it listens unless an operator says otherwise.
        config.public_origin.get_or_insert_with(|| origins[0].clone());
        config.demo_dir = Some(options.demo_dir.clone());
        demo_accounts = seed_demo_staff(&pool).await?;
        let demo = agencies::find(&pool, "demo").await.map_err(|e| format!("{e:?}"))?.ok_or("demo agency missing")?;
        crate::consultations::seed_demo(&pool, demo.id).await.map_err(|e| format!("{e:?}"))?;
        let officer = staff::find_credentials(&pool, demo.id, "can-bo").await.map_err(|e| format!("{e:?}"))?;
        if let (true, Some(officer)) = (options.demo_questions, officer) {
            crate::questions::seed_demo(&pool, &demo, officer.id).await.map_err(|e| format!("{e:?}"))?;
        }
    }
    if config.smtp_url.is_none() {
        println!("No SMTP server configured (--smtp-url): notification mail waits in the outbox.");
    }
    let state = AppState::new(pool, config).await.map_err(|e| format!("{e:?}"))?;
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let until_stopped = |mut stopping: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let metrics_server = match options.metrics_addr {
        Some(metrics_addr) => {
            let listener = tokio::net::TcpListener::bind(metrics_addr)
                .await
                .map_err(|e| format!("bind {metrics_addr} for metrics: {e}"))?;
            let bound = listener.local_addr().map_err(|e| e.to_string())?;
            println!("Metrics on http://{bound}/metrics");
            let router = crate::metrics::router(state.clone());
            let stopped = until_stopped(stopping.clone());
            Some(tokio::spawn(async move { axum::serve(listener, router).with_graceful_shutdown(stopped).await }))
        }
        None => None,
    };
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() };
    println!("Tương Tác listening on http://{host}:{}", addr.port());
    if options.demo {
        println!("Demo: http://{host}:{}/demo/", addr.port());
        println!("Staff console: http://{host}:{}/staff/ (agency code: demo)", addr.port());
        for (username, role, password) in demo_accounts {
            println!("Demo staff account (agency demo): {username} / {password} ({role})");
        }
    }
    // On SIGTERM or Ctrl-C: stop accepting, let the requests in flight finish, and tell the mail worker to
    // stop after the message it is sending; then wait for it.
    let background = std::sync::Arc::clone(&state.background);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing the requests in flight and the mail being sent");
        background.request_stop();
        stop.send_replace(true);
    });
    let served = axum::serve(listener, app(state.clone()).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(until_stopped(stopping))
        .await
        .map_err(|e| e.to_string());
    state.background.stop().await;
    if let Some(metrics_server) = metrics_server {
        let _ = metrics_server.await;
    }
    state.db.close().await;
    state.counters.close().await;
    tracing::info!("stopped");
    served
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
            match staff::create(pool, agency.id, &account).await {
                Ok(_) => created.push((username.to_owned(), role.as_str(), password)),
                // Another instance starting on the same database created it first.
                Err(crate::Error::Conflict(_)) => {}
                Err(e) => return Err(format!("{e:?}")),
            }
        }
    }
    Ok(created)
}

pub async fn shutdown_signal() {
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
        ["question", "export", slug, code] => {
            let agency = find(slug.to_string()).await?;
            let export = questions::subject_export(pool, agency.id, code).await.map_err(|e| match e {
                crate::Error::NotFound => {
                    format!("no question {code:?} at {slug} (for a comment's code: tuongtac admin comment export)")
                }
                e => format!("{e:?}"),
            })?;
            println!("{}", serde_json::to_string_pretty(&export).map_err(|e| e.to_string())?);
        }
        ["comment", "export", slug, code] => {
            let agency = find(slug.to_string()).await?;
            let export = consultations::subject_export(pool, agency.id, code).await.map_err(|e| match e {
                crate::Error::NotFound => {
                    format!("no comment {code:?} at {slug} (for a question's code: tuongtac admin question export)")
                }
                e => format!("{e:?}"),
            })?;
            println!("{}", serde_json::to_string_pretty(&export).map_err(|e| e.to_string())?);
        }
        ["follow", "export", slug, email] => {
            let agency = find(slug.to_string()).await?;
            let export = follows::subject_export(pool, agency.id, email).await.map_err(|e| match e {
                crate::Error::NotFound => format!("{slug} holds no follow of that address"),
                e => format!("{e:?}"),
            })?;
            println!("{}", serde_json::to_string_pretty(&export).map_err(|e| e.to_string())?);
        }
        ["follow", "erase", slug, email] => {
            let agency = find(slug.to_string()).await?;
            let ended = follows::erase_address(pool, agency.id, email).await.map_err(|e| match e {
                crate::Error::NotFound => "that is not an email address".to_owned(),
                e => format!("{e:?}"),
            })?;
            println!("{ended} follow(s) ended; the address is erased");
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
    /// With `--demo`: published questions and answers for the demo's archive page. Apart from `--demo`,
    /// because the tests that run the binary count the questions of a fresh demo database.
    demo_questions: bool,
    widgets_dir: PathBuf,
    demo_dir: PathBuf,
    writes_per_minute: NonZeroU32,
    trust_forwarded_for: bool,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    metrics_addr: Option<SocketAddr>,
    metrics_token: Option<String>,
    public_origin: Option<String>,
    log_format: String,
    log: Option<String>,
    role: Option<Role>,
    name: Option<String>,
}

impl Options {
    /// Reads the command line, then fills what it left unset from the environment (`env`), then from the
    /// configuration file (`--config`, else `$TUONGTAC_CONFIG`).
    fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Options, String> {
        let mut given: BTreeMap<&'static str, String> = BTreeMap::new();
        let mut positional = Vec::new();
        let (mut role, mut name, mut config) = (None, None, None);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |flag: &str| args.next().cloned().ok_or(format!("{flag} needs a value"));
            match arg.as_str() {
                "--config" => config = Some(PathBuf::from(value("--config")?)),
                "--role" => {
                    let value = value("--role")?;
                    role = Some(
                        Role::parse(&value).ok_or(format!("--role: {value:?} is not admin, officer or moderator"))?,
                    );
                }
                "--name" => name = Some(value("--name")?),
                "-h" | "--help" => positional = vec!["help".into()],
                flag if flag.starts_with("--") => {
                    let (_, env_name, takes_value) =
                        SETTINGS.iter().find(|(f, ..)| *f == flag).ok_or(format!("unknown option {flag}\n{USAGE}"))?;
                    let value = if *takes_value { value(flag)? } else { "true".to_owned() };
                    given.insert(env_name, value);
                }
                _ => positional.push(arg.clone()),
            }
        }
        for (_, env_name, _) in SETTINGS {
            if !given.contains_key(env_name)
                && let Some(value) = env(env_name)
            {
                given.insert(env_name, value);
            }
        }
        if let Some(path) = config.or_else(|| env("TUONGTAC_CONFIG").map(PathBuf::from)) {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("--config {}: {e}", path.display()))?;
            for (line_number, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let where_ = || format!("{}:{}", path.display(), line_number + 1);
                let (key, value) = line.split_once('=').ok_or_else(|| format!("{}: expected NAME=value", where_()))?;
                let key = key.trim();
                let (_, env_name, _) = SETTINGS
                    .iter()
                    .find(|(_, e, _)| *e == key)
                    .ok_or_else(|| format!("{}: unknown setting {key}", where_()))?;
                let value = value.trim();
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                    .unwrap_or(value);
                given.entry(env_name).or_insert_with(|| unquoted.to_owned());
            }
        }
        let flag = |env_name: &str| -> Result<bool, String> {
            match given.get(env_name).map(|v| v.trim().to_ascii_lowercase()) {
                None => Ok(false),
                Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
                Some(v) if ["0", "false", "no", "off", ""].contains(&v.as_str()) => Ok(false),
                Some(v) => Err(format!("{env_name}: {v:?} is not true or false")),
            }
        };
        let parsed = |env_name: &str| given.get(env_name).cloned();
        Ok(Options {
            positional,
            addr: parsed("TUONGTAC_ADDR")
                .unwrap_or_else(|| "127.0.0.1:8080".into())
                .parse()
                .map_err(|e| format!("--addr: {e}"))?,
            database: parsed("DATABASE_URL"),
            demo: flag("TUONGTAC_DEMO")?,
            demo_questions: flag("TUONGTAC_DEMO_QUESTIONS")?,
            widgets_dir: parsed("TUONGTAC_WIDGETS_DIR").unwrap_or_else(|| "pkg".into()).into(),
            demo_dir: parsed("TUONGTAC_DEMO_DIR").unwrap_or_else(|| "demo".into()).into(),
            writes_per_minute: parsed("TUONGTAC_WRITES_PER_MINUTE")
                .unwrap_or_else(|| "10".into())
                .parse()
                .map_err(|e| format!("--writes-per-minute: {e}"))?,
            trust_forwarded_for: flag("TUONGTAC_TRUST_FORWARDED_FOR")?,
            smtp_url: parsed("TUONGTAC_SMTP_URL"),
            mail_from: parsed("TUONGTAC_MAIL_FROM"),
            metrics_addr: parsed("TUONGTAC_METRICS_ADDR")
                .filter(|a| !a.is_empty())
                .map(|a| a.parse().map_err(|e| format!("--metrics-addr: {e}")))
                .transpose()?,
            metrics_token: parsed("TUONGTAC_METRICS_TOKEN"),
            public_origin: parsed("TUONGTAC_PUBLIC_ORIGIN")
                .filter(|o| !o.is_empty())
                .map(|o| {
                    domain::agency::normalise_origin(&o)
                        .ok_or(format!("--public-origin: {o:?} is not an origin like https://tuongtac.example.gov.vn"))
                })
                .transpose()?,
            log_format: parsed("TUONGTAC_LOG_FORMAT").unwrap_or_else(|| "text".into()),
            log: parsed("TUONGTAC_LOG"),
            role,
            name,
        })
    }

    fn database_url(&self) -> Result<String, String> {
        if let Some(url) = self.database.clone() {
            return Ok(url);
        }
        std::fs::create_dir_all("data").map_err(|e| format!("create data directory: {e}"))?;
        Ok(crate::db::sqlite_url(std::path::Path::new("data/tuongtac.sqlite")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Options, String> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let env: BTreeMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Options::parse(&args, |name| env.get(name).cloned())
    }

    #[test]
    fn the_command_line_wins_over_the_environment_which_wins_over_the_file() {
        let file = std::env::temp_dir().join(format!("tuongtac-config-{}.env", std::process::id()));
        std::fs::write(
            &file,
            "# a comment\nTUONGTAC_ADDR=0.0.0.0:9000\nTUONGTAC_WRITES_PER_MINUTE = 30\n\
             TUONGTAC_MAIL_FROM=\"Sở <noreply@so.example.gov.vn>\"\nTUONGTAC_DEMO=true\nDATABASE_URL=sqlite://file.db\n",
        )
        .unwrap();
        let config = file.to_string_lossy().into_owned();
        let options = parse(
            &["serve", "--config", &config, "--addr", "127.0.0.1:7000"],
            &[("TUONGTAC_WRITES_PER_MINUTE", "20"), ("TUONGTAC_LOG_FORMAT", "json")],
        )
        .unwrap();
        assert_eq!(options.positional, ["serve"]);
        assert_eq!(options.addr.to_string(), "127.0.0.1:7000", "command line");
        assert_eq!(options.writes_per_minute.get(), 20, "environment");
        assert_eq!(options.mail_from.as_deref(), Some("Sở <noreply@so.example.gov.vn>"), "file, unquoted");
        assert!(options.demo, "a flag from the file");
        assert_eq!(options.database.as_deref(), Some("sqlite://file.db"));
        assert_eq!(options.log_format, "json");
        // The file named by the environment is read too.
        let options = parse(&["serve"], &[("TUONGTAC_CONFIG", &config)]).unwrap();
        assert_eq!(options.addr.to_string(), "0.0.0.0:9000");
        std::fs::write(&file, "TUONGTAC_NO_SUCH=1\n").unwrap();
        let error = parse(&["serve", "--config", &config], &[]).err().unwrap();
        assert!(error.contains("unknown setting TUONGTAC_NO_SUCH"), "{error}");
        std::fs::remove_file(&file).unwrap();
        assert!(parse(&["serve", "--no-such"], &[]).is_err());
        assert!(parse(&["serve"], &[("TUONGTAC_DEMO", "maybe")]).is_err());
    }
}
