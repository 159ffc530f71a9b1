//! `tuongtac`: serve the API and widgets, or run an operator's command (see `server::cli`).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    if let Err(message) = runtime.block_on(server::cli::run(args)) {
        eprintln!("tuongtac: {message}");
        std::process::exit(2);
    }
}
