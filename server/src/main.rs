//! `tuongtac`: serve the API and widgets, or administer agencies.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;

use server::{AppState, Config, agencies, app, db};

const USAGE: &str = "\
Usage:
  tuongtac serve [--addr 127.0.0.1:8080] [--database URL] [--demo] [--widgets-dir pkg] [--demo-dir demo]
                 [--writes-per-minute 10] [--trust-forwarded-for]
  tuongtac admin agency create <slug> <name>
  tuongtac admin agency list
  tuongtac admin origin add <agency-slug> <origin>
  tuongtac admin topic add <agency-slug> <topic-slug> <name-vi> [<name-en>]
  tuongtac admin question publish <agency-slug> <tracking-code>

The database is --database, else $DATABASE_URL, else sqlite://data/tuongtac.sqlite (created).
PostgreSQL: postgres://user@host:5432/dbname.";

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    if let Err(message) = runtime.block_on(run(args)) {
        eprintln!("tuongtac: {message}");
        std::process::exit(2);
    }
}

async fn run(args: Vec<String>) -> Result<(), String> {
    let options = Options::parse(&args)?;
    match options.positional.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["serve"] => serve(options).await,
        ["admin", rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            let pool = db::connect(&options.database_url()?).await.map_err(|e| format!("{e:?}"))?;
            admin(&pool, &rest).await
        }
        ["help"] | [] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command\n{USAGE}")),
    }
}

async fn serve(options: Options) -> Result<(), String> {
    let pool = db::connect(&options.database_url()?).await.map_err(|e| format!("{e:?}"))?;
    let listener = tokio::net::TcpListener::bind(options.addr).await.map_err(|e| format!("bind {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = Config::new(options.widgets_dir.clone());
    config.writes_per_minute = options.writes_per_minute;
    config.trust_forwarded_for = options.trust_forwarded_for;
    if options.demo {
        let origins = [format!("http://127.0.0.1:{}", addr.port()), format!("http://localhost:{}", addr.port())];
        agencies::seed_demo(&pool, &origins).await.map_err(|e| format!("{e:?}"))?;
        config.demo_dir = Some(options.demo_dir.clone());
    }
    let state = AppState::new(pool, config).await.map_err(|e| format!("{e:?}"))?;
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() };
    println!("Tương Tác listening on http://{host}:{}", addr.port());
    if options.demo {
        println!("Demo: http://{host}:{}/demo/", addr.port());
    }
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("signal handler");
    tokio::select! {
        _ = ctrl_c => {},
        _ = term.recv() => {},
    }
}

async fn admin(pool: &sqlx::AnyPool, args: &[String]) -> Result<(), String> {
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
            agencies::add_origin(pool, agency.id, origin).await.map_err(|e| format!("{e:?}"))?;
            println!("{origin} may now embed {slug}'s widgets");
        }
        ["topic", "add", slug, topic, name_vi, rest @ ..] if rest.len() <= 1 => {
            let agency = find(slug.to_string()).await?;
            let topic = domain::Topic {
                slug: topic.to_string(),
                name_vi: name_vi.to_string(),
                name_en: rest.first().map(|s| s.to_string()).unwrap_or_default(),
            };
            agencies::add_topic(pool, agency.id, &topic, agency.topics.len() as i64).await.map_err(|e| format!("{e:?}"))?;
            println!("topic {} added to {slug}", topic.slug);
        }
        ["question", "publish", slug, code] => {
            let agency = find(slug.to_string()).await?;
            let code = domain::TrackingCode::parse(code).ok_or(format!("{code:?} is not a tracking code"))?;
            let published = sqlx::query(
                "UPDATE questions SET published_at = $1 WHERE agency_id = $2 AND tracking_code = $3 AND published_at IS NULL",
            )
            .bind(server::clock::now())
            .bind(agency.id)
            .bind(code.as_compact())
            .execute(pool)
            .await
            .map_err(|e| e.to_string())?;
            println!("{} question(s) published", published.rows_affected());
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
        Ok(db::sqlite_url(std::path::Path::new("data/tuongtac.sqlite")))
    }
}
