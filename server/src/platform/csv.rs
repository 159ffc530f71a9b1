//! CSV as open data: fields quoted when they must be, never read as formulas, and a byte-order mark so that
//! spreadsheet programs read the Vietnamese as UTF-8.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A CSV field, quoted when it must be, and never read as a formula by a spreadsheet.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

/// One CSV line of `fields`, ended by CRLF as RFC 4180 has it.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

pub fn response(csv: String, cache: &'static str) -> Response {
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
    ];
    (headers, with_bom(&csv)).into_response()
}

pub const CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// The file as served: a byte-order mark first, so that spreadsheet programs read the Vietnamese as UTF-8.
pub fn with_bom(csv: &str) -> String {
    format!("\u{feff}{csv}")
}
