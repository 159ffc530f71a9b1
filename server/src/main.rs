//! `tuongtac`: serve the API and widgets, or administer agencies (see `server::cli`).

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    if let Err(message) = runtime.block_on(server::cli::run(args)) {
        eprintln!("tuongtac: {message}");
        std::process::exit(2);
    }
}
