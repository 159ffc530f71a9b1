//! The widget folders under `widgets/src/`: a folder with an `element.rs` is a widget. Its element file is
//! the one place that names the custom element, its attributes and its purpose; the build writes the loader's
//! list of widgets from it, and `cargo xtask test` checks that each folder has what a widget needs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{Result, root};

pub struct WidgetFolder {
    pub dir: PathBuf,
    pub name: String,
    pub attributes: Vec<String>,
    pub purpose_vi: String,
    pub purpose_en: String,
    /// What the widget asks the server for first: paths with `{attribute}`s, fetched by the loader with the code.
    pub prefetch: Vec<String>,
    /// The space its first screen takes: rows `[attribute=value ]from-width-px height-rem`.
    pub reserve: Vec<String>,
}

/// Every widget folder, in name order.
pub fn folders() -> Result<Vec<WidgetFolder>> {
    let src = root().join("widgets/src");
    let mut found = Vec::new();
    for entry in fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))?.flatten() {
        let element = entry.path().join("element.rs");
        if !element.is_file() {
            continue;
        }
        let text = fs::read_to_string(&element).map_err(|e| format!("{}: {e}", element.display()))?;
        let one = |key: &str| -> Result<String> {
            let values = strings(&text, key);
            match values.as_slice() {
                [value] => Ok(value.clone()),
                _ => Err(format!("{}: `{key}` must be one string on one line", element.display())),
            }
        };
        found.push(WidgetFolder {
            dir: entry.path(),
            name: one("name")?,
            attributes: strings(&text, "attributes"),
            purpose_vi: one("purpose_vi")?,
            purpose_en: one("purpose_en")?,
            prefetch: strings(&text, "prefetch"),
            reserve: strings(&text, "reserve"),
        });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// The string literals on the line of field `key` (`key: "…",` or `key: &["…", "…"],`).
fn strings(text: &str, key: &str) -> Vec<String> {
    let Some(line) = text.lines().map(str::trim).find_map(|line| line.strip_prefix(key)?.strip_prefix(':')) else {
        return Vec::new();
    };
    line.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The loader's table of widgets: `{"ask":[["agency",…],"purpose in vi","purpose in en",["/api/…"],
/// [["",0,40],…]],…}`.
pub fn loader_table(folders: &[WidgetFolder]) -> Result<String> {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut rows = Vec::new();
    for w in folders {
        let list = |items: &[String]| items.iter().map(|a| quote(a)).collect::<Vec<_>>().join(",");
        let mut reserve = Vec::new();
        for row in &w.reserve {
            let bad = || format!("widget {}: reserve row {row:?} is not `[attribute=value ]width height`", w.name);
            let (when, numbers) = match row.split_whitespace().collect::<Vec<_>>().as_slice() {
                [width, height] => ("", [*width, *height]),
                [when, width, height] if when.contains('=') => (*when, [*width, *height]),
                _ => return Err(bad()),
            };
            let width: u32 = numbers[0].parse().map_err(|_| bad())?;
            let height: f32 = numbers[1].parse().map_err(|_| bad())?;
            reserve.push(format!("[{},{width},{height}]", quote(when)));
        }
        rows.push(format!(
            "{}:[[{}],{},{},[{}],[{}]]",
            quote(&w.name),
            list(&w.attributes),
            quote(&w.purpose_vi),
            quote(&w.purpose_en),
            list(&w.prefetch),
            reserve.join(",")
        ));
    }
    Ok(format!("{{{}}}", rows.join(",")))
}

/// The files of `dir` whose names end with `suffix`, sorted.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(suffix)).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Each widget folder has its element, README, named examples, CSS and browser tests, and its element is
/// named like its folder.
pub fn check_folders() -> Result {
    let folders = folders()?;
    if folders.is_empty() {
        return Err("no widget folder (with an element.rs) under widgets/src".into());
    }
    let mut missing = Vec::new();
    for widget in &folders {
        let folder = widget.dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if widget.name != folder {
            missing.push(format!("widgets/src/{folder}/element.rs names `{}`, not `{folder}`", widget.name));
        }
        for file in ["README.md", "examples.mjs"] {
            if !widget.dir.join(file).is_file() {
                missing.push(format!("widgets/src/{folder}/{file}"));
            }
        }
        for suffix in [".css", ".test.mjs"] {
            if files_ending(&widget.dir, suffix).is_empty() {
                missing.push(format!("widgets/src/{folder}/*{suffix}"));
            }
        }
    }
    if missing.is_empty() {
        let names: Vec<&str> = folders.iter().map(|w| w.name.as_str()).collect();
        eprintln!("widget folders: {} complete", names.join(", "));
        Ok(())
    } else {
        Err(format!("widget folders are missing:\n  {}", missing.join("\n  ")))
    }
}
