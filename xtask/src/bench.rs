//! `cargo xtask bench`: what the widgets cost a citizen's phone (bytes over the wire) and what the server
//! sustains (requests per second, p99 latency) next to a bare axum JSON handler measured in the same run.
//! A benchmark, not a test: it prints figures and asserts nothing.

use std::process::Command;

use crate::local::{json_string, post_json, start};
use crate::{Result, cargo, output, root, run, target_dir};

const DURATION: &str = "8s";
const CONNECTIONS: &str = "16";

pub fn run_bench() -> Result {
    sizes()?;
    bytes()?;
    marginal_cost()?;
    first_use()?;
    draft_render()?;
    throughput()?;
    instances()
}

/// The widgets measured by what they add to every citizen's download: each is built out once with its `cfg`
/// (declared in the workspace's `check-cfg`), and the wasm compared with the whole suite's.
const MEASURED: [(&str, &str); 2] = [("consultation", "tt_without_consultation"), ("archive", "tt_without_archive")];

/// What each measured widget adds to every citizen's download: the wasm built with and without it.
fn marginal_cost() -> Result {
    let with = brotli_size(&target_dir().join("wasm-bindgen/tuongtac_bg.opt.wasm"))?;
    for (widget, cfg) in MEASURED {
        let without = brotli_size(&crate::build::compile_wasm(Some(cfg))?.join("tuongtac_bg.opt.wasm"))?;
        println!(
            "\nThe {widget} widget's cost in the wasm (brotli 11): {with} with it, {without} without: {} bytes",
            with - without
        );
    }
    Ok(())
}

/// How long the consultation widget takes to show a 200-article draft and to open one article, in
/// Chromium with the CPU slowed 4× (`xtask/bench/draft-render.mjs`; `cargo xtask bench draft` runs only that).
pub fn draft_render() -> Result {
    run(cargo().args(["build", "--package", "server"]))?;
    run(Command::new("node")
        .arg(root().join("xtask/bench/draft-render.mjs"))
        .env("TUONGTAC_BIN", target_dir().join("debug/tuongtac")))
}

/// When each demo page's widgets can be used after navigation, next to the page's DOMContentLoaded, and the
/// page's layout shift, cold and warm, in Chromium emulating a slow phone (`xtask/bench/first-use.mjs`;
/// `cargo xtask bench first-use` runs only that).
pub fn first_use() -> Result {
    run(cargo().args(["build", "--package", "server"]))?;
    run(Command::new("node")
        .arg(root().join("xtask/bench/first-use.mjs"))
        .env("TUONGTAC_BIN", target_dir().join("debug/tuongtac")))
}

/// Where the citizens' wasm's bytes go (`cargo xtask bench bytes`): twiggy's size of every function and data
/// segment, grouped by what they are. Citizens get the module without names; this one is bound and optimised
/// the same way but keeps them, which changes the code by a few bytes at most.
pub fn bytes() -> Result {
    crate::setup::twiggy()?;
    // `cargo xtask build` compiled the staff console last, into the same file: the citizens' module again.
    crate::build::compile_wasm(None)?;
    let named = target_dir().join("wasm-bindgen-named");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-debug", "--out-name", "tuongtac", "--out-dir"])
        .arg(&named)
        .arg(target_dir().join("wasm32-unknown-unknown/release/widgets.wasm")))?;
    run(Command::new(root().join("node_modules/.bin/wasm-opt"))
        .args(["-Oz", "--converge", "-g", "--strip-dwarf", "--strip-producers"])
        .args(crate::build::WASM_FEATURES)
        .arg(named.join("tuongtac_bg.wasm"))
        .arg("-o")
        .arg(named.join("named.wasm")))?;
    let listing = output(Command::new("twiggy").arg("top").arg(named.join("named.wasm"))).ok_or("twiggy top failed")?;
    let mut groups: Vec<(&str, u64)> = Vec::new();
    for line in listing.lines() {
        let mut columns = line.split('┊');
        let (Some(size), Some(_), Some(item)) = (columns.next(), columns.next(), columns.next()) else { continue };
        let Ok(size) = size.trim().parse::<u64>() else { continue };
        let item = item.trim();
        // Names and the other custom sections are not in what citizens download.
        if item.ends_with("subsection")
            || item.starts_with("custom section")
            || item.starts_with("...")
            || item.starts_with('Σ')
        {
            continue;
        }
        let group = byte_group(item);
        match groups.iter_mut().find(|(name, _)| *name == group) {
            Some((_, total)) => *total += size,
            None => groups.push((group, size)),
        }
    }
    groups.sort_by_key(|group| std::cmp::Reverse(group.1));
    let total: u64 = groups.iter().map(|(_, size)| size).sum();
    let brotli = brotli_size(&target_dir().join("wasm-bindgen/tuongtac_bg.opt.wasm"))?;
    let twiggy = crate::setup::TWIGGY_VERSION;
    println!("\nWhere the citizens' wasm goes (twiggy {twiggy}; raw bytes of code and data, {total} in all;");
    println!("brotli 11 of the whole module: {brotli}, shared out by raw size as an estimate)");
    println!("{:>8} {:>6} {:>9}  what", "raw", "share", "~brotli");
    for (group, size) in &groups {
        let share = *size as f64 / total as f64;
        println!("{size:>8} {:>5.1}% {:>9.0}  {group}", share * 100.0, share * brotli as f64);
    }
    Ok(())
}

/// What a function or data segment is, by its name.
fn byte_group(item: &str) -> &'static str {
    // A crate is named `krate::…` or, with its disambiguator, `krate[0123abcd…]::…` (the v0 mangling that
    // `RUSTC_BOOTSTRAP` brings, which also names a generic's types): the disambiguators are dropped here.
    let item = &without_disambiguators(item);
    let mentions = |krate: &str| item.contains(&format!("{krate}::"));
    const WIDGETS: [(&str, &str); 9] = [
        ("widgets::ask", "ask widget's own code"),
        ("widgets::tracker", "tracker widget's own code"),
        ("widgets::rating", "rating widget's own code"),
        ("widgets::consultation", "consultation widget's own code"),
        ("widgets::archive", "archive widget's own code"),
        ("widgets::ui", "ui/: shared components"),
        ("widgets::json", "json.rs: the wire mapping"),
        ("widgets::api", "api.rs: requests"),
        ("widgets::", "widgets: registry, mount, announcer"),
    ];
    if item.starts_with("data segment") {
        return "data: texts in both languages, tables";
    }
    if item.contains("lifecycle::CompStateInner<") && item.contains("::view") {
        return "views: function components' bodies (html! expanded, closures inlined)";
    }
    if let Some((_, group)) = WIDGETS.iter().find(|(prefix, _)| item.contains(prefix)) {
        return group;
    }
    if mentions("domain") {
        return "domain: types and rules";
    }
    if mentions("yew") || mentions("implicit_clone") {
        return "Yew runtime (diffing, scheduler, hooks, listeners)";
    }
    if mentions("dlmalloc") {
        return "allocator (dlmalloc)";
    }
    if mentions("hashbrown") || mentions("indexmap") {
        return "hash maps (Yew's)";
    }
    if ["wasm_bindgen", "js_sys", "web_sys", "gloo_timers", "futures_channel", "futures_util"]
        .iter()
        .any(|c| mentions(c))
        || item.contains("externref")
        || item.contains(" shim")
    {
        return "wasm-bindgen, js-sys, web-sys, futures";
    }
    if ["core", "alloc", "std"].iter().any(|c| mentions(c)) || item.starts_with("__r") || item.starts_with('<') {
        return "Rust standard library (formatting, collections, strings)";
    }
    "other (functions without a name, the function table)"
}

/// `krate[0123abcd]::x` as `krate::x`.
fn without_disambiguators(item: &str) -> String {
    let mut plain = String::with_capacity(item.len());
    let mut rest = item;
    while let Some(open) = rest.find('[') {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if close > 0 && after[..close].bytes().all(|b| b.is_ascii_hexdigit()) => {
                rest = &after[close + 1..]
            }
            _ => {
                plain.push('[');
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    plain
}

fn brotli_size(path: &std::path::Path) -> Result<i64> {
    let compressed =
        Command::new("brotli").args(["-c", "-q", "11"]).arg(path).output().map_err(|e| format!("brotli: {e}"))?;
    if !compressed.status.success() {
        return Err(format!("brotli {} failed", path.display()));
    }
    Ok(compressed.stdout.len() as i64)
}

/// The citizens' files and the staff console's, each with its sizes (`cargo xtask bench sizes` runs only this).
pub fn sizes() -> Result {
    let citizen = size_table(&root().join("pkg"), "Widget files (bytes), what a citizen's page downloads")?;
    // The staff console is a module of its own under /staff/: none of it is in the citizens' table above.
    let console = size_table(&root().join("pkg/console"), "Staff console files (bytes), only under /staff/")?;
    println!(
        "\nThe console adds nothing to a citizen's download: {citizen} bytes (brotli) for the widgets, {console} for staff."
    );
    Ok(())
}

/// Prints the files of `dir` with their raw, gzip and brotli sizes; returns the brotli total.
fn size_table(dir: &std::path::Path, title: &str) -> Result<u64> {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}; run cargo xtask build", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        // The pinned loader is the loader under another name, and embed.json only names it: neither is
        // downloaded on top of the rest.
        if path.is_dir()
            || name.ends_with(".br")
            || name.ends_with(".gz")
            || name.starts_with("tuongtac-loader-")
            || name == "embed.json"
        {
            continue;
        }
        let size =
            |suffix: &str| std::fs::metadata(format!("{}{suffix}", path.display())).map(|m| m.len()).unwrap_or(0);
        let kind = if name == "tuongtac.js" {
            "loader"
        } else if name.ends_with(".html") {
            "page"
        } else if name.ends_with(".json") {
            "data"
        } else if name.ends_with(".wasm") {
            "wasm"
        } else if name.starts_with("console-boot-") {
            "boot JS"
        } else if name.ends_with(".js") {
            "JS glue"
        } else {
            "CSS"
        };
        rows.push((kind, name.clone(), size(""), size(".gz"), size(".br")));
    }
    rows.sort();
    println!("\n{title}\n{:<8} {:>9} {:>9} {:>9}  file", "part", "raw", "gzip -9", "brotli 11");
    for (kind, name, raw, gz, br) in &rows {
        println!("{kind:<8} {raw:>9} {gz:>9} {br:>9}  {name}");
    }
    let total = |pick: fn(&(&str, String, u64, u64, u64)) -> u64| rows.iter().map(pick).sum::<u64>();
    println!("{:<8} {:>9} {:>9} {:>9}", "total", total(|r| r.2), total(|r| r.3), total(|r| r.4));
    Ok(total(|r| r.4))
}

/// Only the server's throughput next to the bare handler (`cargo xtask bench server`): no widget is built.
pub fn run_server() -> Result {
    throughput()
}

/// Only the comparison of two instances with one, and the limits' cost (`cargo xtask bench instances`).
pub fn run_instances() -> Result {
    build_server()?;
    instances()
}

fn build_server() -> Result {
    run(cargo().args([
        "build",
        "--profile",
        "server",
        "--package",
        "server",
        "--bin",
        "tuongtac",
        "--example",
        "bare",
        "--example",
        "guards",
    ]))
}

fn throughput() -> Result {
    build_server()?;
    let bin = target_dir().join("server");
    let data = std::env::temp_dir().join(format!("tuongtac-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let database = format!("sqlite://{}", data.join("bench.sqlite").display());
    let (_server, url) = start(Command::new(bin.join("tuongtac")).current_dir(root()).args([
        "serve",
        "--demo",
        "--addr",
        "127.0.0.1:0",
        "--database",
        &database,
        "--writes-per-minute",
        "4000000000",
    ]))?;
    let (_bare, bare_url) = start(&mut Command::new(bin.join("examples/bare")))?;

    let script = data.join("post.lua");
    std::fs::write(&script, format!(
        "wrk.method = 'POST'\nwrk.body = '{}'\nwrk.headers['Content-Type'] = 'application/json'\nwrk.headers['Origin'] = '{url}'\n",
        r#"{"title":"Thủ tục cấp giấy phép","body":"Xin hỏi hồ sơ gồm những gì và nộp ở đâu?","topic":"giay-phep"}"#,
    )).map_err(|e| e.to_string())?;

    println!(
        "\nServer throughput on this machine: wrk, {CONNECTIONS} connections, {DURATION} each, SQLite (WAL, synchronous=FULL)"
    );
    println!("{:<44} {:>10} {:>10}", "endpoint", "req/s", "p99");
    let post = wrk(&format!("{url}/api/v1/agencies/demo/questions"), Some(&script))?;
    println!("{:<44} {:>10.0} {:>10}", "POST question (argon2id PIN hash each)", post.0, post.1);

    // Publish twenty of the stored questions so the public list has a full page to serve.
    for _ in 0..20 {
        let body = r#"{"title":"Công khai","body":"Câu hỏi đã trả lời","topic":"khac"}"#;
        let answer = post_json(&url, "/api/v1/agencies/demo/questions", body, &[])?;
        let code = json_string(&answer, "tracking_code")
            .ok_or_else(|| format!("no tracking code in the answer:\n{answer}"))?;
        output(
            Command::new(bin.join("tuongtac"))
                .args(["admin", "question", "publish", "demo", code])
                .env("DATABASE_URL", &database),
        )
        .ok_or("publish failed")?;
    }
    let list = wrk(&format!("{url}/api/v1/agencies/demo/questions"), None)?;
    println!("{:<44} {:>10.0} {:>10}", "GET public list (20 questions)", list.0, list.1);

    // Ratings: each POST is a new page's rating, acknowledged only once committed (group commit).
    let page = format!("{url}/demo/trang");
    let rating_script = data.join("rating.lua");
    std::fs::write(&rating_script, format!(
        "local n = 0\nrequest = function()\n  n = n + 1\n  local body = '{{\"page\":\"{page}-' .. n .. '\",\"content\":4,\"helpful\":true}}'\n  \
         return wrk.format('POST', nil, {{['Content-Type'] = 'application/json', ['Origin'] = '{url}'}}, body)\nend\n"
    )).map_err(|e| e.to_string())?;
    let fsyncs = fsync_rate(&data)?;
    let ratings = wrk(&format!("{url}/api/v1/agencies/demo/ratings"), Some(&rating_script))?;
    println!("{:<44} {:>10.0} {:>10}", "POST rating (durable, group commit)", ratings.0, ratings.1);
    let summary = wrk(&format!("{url}/api/v1/agencies/demo/ratings/summary"), None)?;
    println!("{:<44} {:>10.0} {:>10}", "GET rating summary (agency)", summary.0, summary.1);
    // The demo's consultation, which `serve --demo` seeds: 30 articles and 3 published comments on article 3.
    let consultation = format!("{url}/api/v1/agencies/demo/consultations/du-thao-quy-che-thong-tin");
    let draft = wrk(&consultation, None)?;
    println!("{:<44} {:>10.0} {:>10}", "GET consultation (30 articles, cached 5 s)", draft.0, draft.1);
    let comments = wrk(&format!("{consultation}/comments?article=3"), None)?;
    println!("{:<44} {:>10.0} {:>10}", "GET consultation comments (article 3)", comments.0, comments.1);
    let bare = wrk(&format!("{bare_url}/json"), None)?;
    println!("{:<44} {:>10.0} {:>10}", "GET bare axum JSON handler (no database)", bare.0, bare.1);
    println!("public list / bare handler: {:.0} %", 100.0 * list.0 / bare.0);
    println!("consultation / bare handler: {:.0} %", 100.0 * draft.0 / bare.0);
    println!("consultation comments / bare handler: {:.0} %", 100.0 * comments.0 / bare.0);
    println!("rating summary / bare handler: {:.0} %", 100.0 * summary.0 / bare.0);
    println!(
        "single fsync on this disk: {fsyncs:.0} /s; durable ratings: {:.0} /s = {:.1} × the fsync rate (target ≥ 3 ×)",
        ratings.0,
        ratings.0 / fsyncs
    );
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

/// How many small write + fsync rounds one file on this disk takes per second: what one commit at a time
/// could reach at best.
fn fsync_rate(dir: &std::path::Path) -> Result<f64> {
    use std::io::Write;
    let path = dir.join("fsync.probe");
    let mut file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < std::time::Duration::from_secs(3) {
        file.write_all(b"tuongtac\n").and_then(|()| file.sync_all()).map_err(|e| e.to_string())?;
        rounds += 1;
    }
    let _ = std::fs::remove_file(&path);
    Ok(f64::from(rounds) / start.elapsed().as_secs_f64())
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

/// Two server processes against one on the same PostgreSQL database: public reads and rating writes, each
/// measured by two wrk processes of 8 connections each, both against one instance, then one against each. On a 2-core machine both
/// instances and wrk share the same cores, so the ratio mostly shows contention, not capacity. Then what the
/// shared limits cost per check, on SQLite and PostgreSQL.
fn instances() -> Result {
    crate::setup::postgres()?;
    let bin = target_dir().join("server");
    let name = format!("tuongtac_bench_{}", std::process::id());
    let admin = crate::setup::POSTGRES_URL;
    let base = admin.rsplit_once('/').map_or(admin, |(server, _)| server);
    let database = format!("{base}/{name}");
    run(Command::new("psql").args([admin, "-q", "-c", &format!("CREATE DATABASE {name}")]))?;
    let result = (|| {
        let serve = |bin: &std::path::Path| {
            let mut command = Command::new(bin.join("tuongtac"));
            command.current_dir(root()).args([
                "serve",
                "--demo",
                "--addr",
                "127.0.0.1:0",
                "--database",
                &database,
                "--writes-per-minute",
                "4000000000",
            ]);
            start(&mut command)
        };
        let (_a, a) = serve(&bin)?;
        let (_b, b) = serve(&bin)?;
        for _ in 0..20 {
            let body = r#"{"title":"Công khai","body":"Câu hỏi đã trả lời","topic":"khac"}"#;
            let answer = post_json(&a, "/api/v1/agencies/demo/questions", body, &[])?;
            let code = json_string(&answer, "tracking_code").ok_or_else(|| format!("no tracking code:\n{answer}"))?;
            output(
                Command::new(bin.join("tuongtac"))
                    .args(["admin", "question", "publish", "demo", code])
                    .env("DATABASE_URL", &database),
            )
            .ok_or("publish failed")?;
        }
        let data = std::env::temp_dir().join(format!("tuongtac-bench-pg-{}", std::process::id()));
        std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
        let rating_script = |origin: &str, tag: &str| -> Result<std::path::PathBuf> {
            let path = data.join(format!("rating-{tag}.lua"));
            std::fs::write(&path, format!(
                "local n = 0\nrequest = function()\n  n = n + 1\n  local body = '{{\"page\":\"{origin}/demo/{tag}-' .. n .. '\",\"content\":4}}'\n  \
                 return wrk.format('POST', nil, {{['Content-Type'] = 'application/json', ['Origin'] = '{origin}'}}, body)\nend\n"
            )).map_err(|e| e.to_string())?;
            Ok(path)
        };
        let list = |url: &str| format!("{url}/api/v1/agencies/demo/questions");
        let ratings = |url: &str| format!("{url}/api/v1/agencies/demo/ratings");
        let (a1, b1, a2) = (rating_script(&a, "a1")?, rating_script(&b, "b1")?, rating_script(&a, "a2")?);
        println!("\nTwo instances vs one on one PostgreSQL database (wrk, {DURATION} each; 2 cores shared by all)");
        println!("{:<36} {:>14} {:>22}", "", "one (8 + 8 conns)", "two (8 + 8 conns)");
        // The same two wrk processes either way, so the client side costs the same in both columns.
        let one = wrk_together(&[(list(&a), None), (list(&a), None)], "8")?;
        let two = wrk_together(&[(list(&a), None), (list(&b), None)], "8")?;
        println!("{:<36} {:>14.0} {:>22.0}   ratio {:.2}", "GET public list, req/s", one, two, two / one);
        let a3 = rating_script(&a, "a3")?;
        let one = wrk_together(&[(ratings(&a), Some(a2)), (ratings(&a), Some(a3))], "8")?;
        let two = wrk_together(&[(ratings(&a), Some(a1)), (ratings(&b), Some(b1))], "8")?;
        println!("{:<36} {:>14.0} {:>22.0}   ratio {:.2}", "POST rating (durable), req/s", one, two, two / one);
        let _ = std::fs::remove_dir_all(&data);
        let sqlite = format!(
            "sqlite://{}",
            std::env::temp_dir().join(format!("tuongtac-guards-{}.sqlite", std::process::id())).display()
        );
        println!("\nThe shared limits' cost per check (sequential, one connection at a time):");
        for url in [sqlite.as_str(), database.as_str()] {
            let out = output(Command::new(bin.join("examples/guards")).arg(url)).ok_or("the guards example failed")?;
            print!("{out}");
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", sqlite.trim_start_matches("sqlite://")));
        }
        Ok(())
    })();
    let _ =
        run(Command::new("psql").args([admin, "-q", "-c", &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")]));
    result
}

/// Runs wrk against each target at once, `connections` each; the sum of their requests per second.
fn wrk_together(targets: &[(String, Option<std::path::PathBuf>)], connections: &str) -> Result<f64> {
    let children: Vec<_> = targets
        .iter()
        .map(|(url, script)| {
            let mut command = Command::new("wrk");
            command.args(["--threads", "1", "--connections", connections, "--duration", DURATION]);
            if let Some(script) = script {
                command.arg("--script").arg(script);
            }
            command.arg(url).stdout(std::process::Stdio::piped()).spawn().map_err(|e| format!("wrk: {e}"))
        })
        .collect::<Result<_>>()?;
    let mut total = 0.0;
    for child in children {
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(errors) = text.lines().find(|l| l.contains("Non-2xx")) {
            eprintln!("bench: {}", errors.trim());
        }
        total += text
            .lines()
            .find_map(|l| l.strip_prefix("Requests/sec:"))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .ok_or_else(|| format!("no Requests/sec in wrk output:\n{text}"))?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_grouped_by_crate_with_or_without_disambiguators() {
        let view = "<yew[a5b5]::html::component::lifecycle::CompStateInner<widgets[2a78]::ask::Ask> as \
                    yew[a5b5]::html::component::lifecycle::Stateful>::view";
        assert_eq!(without_disambiguators("widgets[2a7886d8]::ask::x<[u8; 4]>"), "widgets::ask::x<[u8; 4]>");
        assert!(byte_group(view).starts_with("views"));
        assert_eq!(byte_group("<widgets[2a78]::archive::Archive as yew[a5]::X>::run"), "archive widget's own code");
        assert_eq!(byte_group("dlmalloc::dlmalloc::Dlmalloc::malloc"), "allocator (dlmalloc)");
    }
}
