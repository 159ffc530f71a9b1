//! Builds the widgets into `pkg/`: the wasm (size profile, then `wasm-opt -Oz`), its JS glue, one CSS file,
//! the loader (the three minified by esbuild), each with a `.br` and `.gz` beside it for the server to send
//! as they are.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256, Sha384};

use crate::widgets::{files_ending, folders, loader_table};
use crate::{Result, cargo, root, run, target_dir};

/// The CSS every widget's shadow root adopts, before each widget folder's own CSS: tokens, then base.
const SHARED_CSS: &[&str] = &["styles/tokens.css", "styles/base.css"];

/// The Wasm features Rust 1.95 emits by default; wasm-opt must be told to accept them.
pub const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
];

/// Compiles the widgets to wasm, binds and optimises it; returns the folder with `tuongtac.js` (the glue) and
/// `tuongtac_bg.opt.wasm`. With `cfg`, the widgets crate is compiled with that `--cfg` (the bench builds the
/// suite without a widget so) into a folder of its own.
pub fn compile_wasm(cfg: Option<&str>) -> Result<PathBuf> {
    let mut cargo = cargo();
    match cfg {
        None => size_flags(cargo.args(["build", "--package", "widgets", "--target", "wasm32-unknown-unknown"])),
        Some(cfg) => {
            size_flags(cargo.args(["rustc", "--package", "widgets", "--lib", "--target", "wasm32-unknown-unknown"]))
                .args(["--", "--cfg", cfg])
        }
    };
    run(&mut cargo)?;
    let bindgen_out = target_dir().join(if cfg.is_some() { "wasm-bindgen-variant" } else { "wasm-bindgen" });
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-name", "tuongtac", "--out-dir"])
        .arg(&bindgen_out)
        .arg(target_dir().join("wasm32-unknown-unknown/release/widgets.wasm")))?;
    run(Command::new(root().join("node_modules/.bin/wasm-opt"))
        // Until a round changes nothing: about 500 bytes (brotli) less than one round.
        .args(["-Oz", "--converge", "--strip-debug", "--strip-producers"])
        .args(WASM_FEATURES)
        .arg(bindgen_out.join("tuongtac_bg.wasm"))
        .arg("-o")
        .arg(bindgen_out.join("tuongtac_bg.opt.wasm")))?;
    Ok(bindgen_out)
}

pub fn widgets() -> Result {
    let root = root();
    let widgets = folders()?;
    let bindgen_out = compile_wasm(None)?;
    let optimised = bindgen_out.join("tuongtac_bg.opt.wasm");

    let pkg = root.join("pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg).map_err(|e| format!("clean pkg/: {e}"))?;
    }
    fs::create_dir_all(&pkg).map_err(|e| e.to_string())?;
    let wasm = write_hashed(&pkg, "tuongtac_bg", "wasm", &read(&optimised)?)?;
    let glue = write_hashed(&pkg, "tuongtac", "js", &minify(&read(&bindgen_out.join("tuongtac.js"))?, "js", true)?)?;
    let mut css = Vec::new();
    let own_css = widgets.iter().flat_map(|widget| files_ending(&widget.dir, ".css"));
    for source in SHARED_CSS.iter().map(|s| root.join(s)).chain(own_css) {
        css.extend(read(&source)?);
        css.push(b'\n');
    }
    let css = write_hashed(&pkg, "tuongtac", "css", &minify(&css, "css", false)?)?;
    let loader = String::from_utf8(read(&root.join("widgets/loader/tuongtac.js"))?).map_err(|e| e.to_string())?;
    let loader = loader
        .replace("__WIDGETS__", &loader_table(&widgets)?)
        .replace("__GLUE__", &glue)
        .replace("__WASM__", &wasm)
        .replace("__CSS__", &css);
    let loader = minify(loader.as_bytes(), "js", false)?;
    fs::write(pkg.join("tuongtac.js"), &loader).map_err(|e| e.to_string())?;
    // The same loader under a name that carries its hash: its contents never change, and it names the hashed
    // files of this build, so a webmaster who pins it with Subresource Integrity pins the whole release.
    let pinned = write_hashed(&pkg, "tuongtac-loader", "js", &loader)?;
    let integrity = format!("sha384-{}", base64(&Sha384::digest(&loader)));
    // The server's embed pages (the strict-CSP fallback) hold only the widgets this build has.
    let names: Vec<String> = widgets.iter().map(|w| format!("\"{}\"", w.name)).collect();
    let embed = format!(
        "{{\n  \"loader\": \"{pinned}\",\n  \"integrity\": \"{integrity}\",\n  \"widgets\": [{}]\n}}\n",
        names.join(", ")
    );
    fs::write(pkg.join("embed.json"), embed).map_err(|e| e.to_string())?;

    for file in [wasm, glue, css, "tuongtac.js".to_owned(), pinned.clone()] {
        compress(&pkg.join(file))?;
    }
    eprintln!("build: widgets written to {}", pkg.display());
    eprintln!("build: the pinned loader is /widgets/{pinned}, integrity=\"{integrity}\" (pkg/embed.json)");
    console(&pkg.join("console"))
}

/// The CSS of the staff console: the widgets' tokens and base, the tracker's (its answer preview shows the
/// answer as the tracker does), then the console's own.
const CONSOLE_CSS: &[&str] =
    &["styles/tokens.css", "styles/base.css", "widgets/src/tracker/tracker.css", "widgets/src/console/console.css"];

/// Builds the staff console into `dir` (`pkg/console/`, served at `/staff/`): the widgets crate with feature
/// `console`, a module of its own that no citizen page loads; its glue, a boot module, its CSS and the one
/// HTML page every `/staff/…` address answers, which names them (no inline script or style, for its CSP).
pub fn console(dir: &Path) -> Result {
    let mut cargo = cargo();
    cargo.args(["build", "--package", "widgets", "--features", "console", "--target", "wasm32-unknown-unknown"]);
    run(size_flags(&mut cargo))?;
    let bindgen_out = target_dir().join("wasm-bindgen-console");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-name", "console", "--out-dir"])
        .arg(&bindgen_out)
        .arg(target_dir().join("wasm32-unknown-unknown/release/widgets.wasm")))?;
    run(Command::new(root().join("node_modules/.bin/wasm-opt"))
        .args(["-Oz", "--converge", "--strip-debug", "--strip-producers"])
        .args(WASM_FEATURES)
        .arg(bindgen_out.join("console_bg.wasm"))
        .arg("-o")
        .arg(bindgen_out.join("console_bg.opt.wasm")))?;
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("clean {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let wasm = write_hashed(dir, "console_bg", "wasm", &read(&bindgen_out.join("console_bg.opt.wasm"))?)?;
    let glue = write_hashed(dir, "console", "js", &minify(&read(&bindgen_out.join("console.js"))?, "js", true)?)?;
    let boot =
        format!("import init from\"./{glue}\";init({{module_or_path:new URL(\"./{wasm}\",import.meta.url)}});\n");
    let boot = write_hashed(dir, "console-boot", "js", boot.as_bytes())?;
    let mut css = Vec::new();
    for source in CONSOLE_CSS {
        css.extend(read(&root().join(source))?);
        css.push(b'\n');
    }
    let css = write_hashed(dir, "console", "css", &minify(&css, "css", false)?)?;
    let page = String::from_utf8(read(&root().join("widgets/src/console/index.html"))?).map_err(|e| e.to_string())?;
    let page = page.replace("__CSS__", &css).replace("__GLUE__", &glue).replace("__BOOT__", &boot);
    fs::write(dir.join("index.html"), page).map_err(|e| e.to_string())?;
    // The embed snippet screen offers each widget's attributes, as its element.rs declares them.
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let rows: Vec<String> = folders()?
        .iter()
        .map(|w| {
            let attributes: Vec<String> = w.attributes.iter().map(|a| quote(a)).collect();
            format!("{}:[{}]", quote(&w.name), attributes.join(","))
        })
        .collect();
    fs::write(dir.join("widgets.json"), format!("{{{}}}\n", rows.join(","))).map_err(|e| e.to_string())?;
    for file in [wasm, glue, boot, css, "index.html".to_owned(), "widgets.json".to_owned()] {
        compress(&dir.join(file))?;
    }
    eprintln!("build: the staff console written to {}", dir.display());
    Ok(())
}

/// `content` minified by esbuild (`loader` is `js` or `css`; `module` keeps an ES module's exports). Names and
/// comments go, behaviour stays: the glue, the loader and the CSS cost a third less brotli-compressed.
fn minify(content: &[u8], loader: &str, module: bool) -> Result<Vec<u8>> {
    let mut command = Command::new(root().join("node_modules/.bin/esbuild"));
    command.args(["--minify", "--log-level=warning", &format!("--loader={loader}")]);
    if module {
        command.arg("--format=esm");
    }
    let mut child = command
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("esbuild: {e}"))?;
    child.stdin.take().ok_or("esbuild: no stdin")?.write_all(content).map_err(|e| format!("esbuild: {e}"))?;
    let out = child.wait_with_output().map_err(|e| format!("esbuild: {e}"))?;
    if !out.status.success() {
        return Err(format!("esbuild --loader={loader} failed ({})", out.status));
    }
    Ok(out.stdout)
}

/// A release build of the wasm as small as the compiler makes it: the standard library is compiled with the
/// widgets (`-Zbuild-std`) so that a panic is one trap instruction (`-Cpanic=immediate-abort`: 9.6 KB brotli
/// less, the formatting of panic messages goes), without source locations (0.75 KB) and with the library's
/// own size-over-speed choices (0.7 KB). These are unstable flags, allowed on the stable compiler by
/// `RUSTC_BOOTSTRAP`; they are measured on Rust 1.95 (ARCHITECTURE.md, "What the widgets weigh"). A panic
/// already aborted the widget before (`panic = "abort"`), and its message went nowhere on this target.
fn size_flags(cargo: &mut Command) -> &mut Command {
    cargo
        .args(["--release", "-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size"])
        .env("RUSTC_BOOTSTRAP", "1")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            format!("{} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none", remap_source_paths()),
        )
}

/// Source paths can still reach the wasm (debug information, before wasm-opt strips it); shortening them keeps
/// this machine's layout out of the build, so two checkouts build the same bytes.
fn remap_source_paths() -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default();
    let mut flags = vec![format!("--remap-path-prefix={}/=", root().display())];
    if let Ok(registries) = fs::read_dir(cargo_home.join("registry/src")) {
        for registry in registries.flatten() {
            flags.push(format!("--remap-path-prefix={}/=", registry.path().display()));
        }
    }
    flags.join(" ")
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("read {}: {e}", path.display()))
}

/// Writes `stem-HASH.ext`, where HASH is the first 16 hex digits of the content's SHA-256, and returns the name.
fn write_hashed(dir: &Path, stem: &str, ext: &str, content: &[u8]) -> Result<String> {
    let hash: String = Sha256::digest(content).iter().take(8).map(|b| format!("{b:02x}")).collect();
    let name = format!("{stem}-{hash}.{ext}");
    fs::write(dir.join(&name), content).map_err(|e| e.to_string())?;
    Ok(name)
}

/// Standard base64 with padding, as the `integrity` attribute wants it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn compress(file: &PathBuf) -> Result {
    run(Command::new("brotli").args(["--force", "--keep", "--quality=11"]).arg(file))?;
    run(Command::new("gzip").args(["--force", "--keep", "--best", "--no-name"]).arg(file))
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_the_integrity_attribute_wants_it() {
        assert_eq!(super::base64(b"Man"), "TWFu");
        assert_eq!(super::base64(b"Ma"), "TWE=");
        assert_eq!(super::base64(b"M"), "TQ==");
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(&[0xfb, 0xff]), "+/8=");
    }
}
