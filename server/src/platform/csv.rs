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
        (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
    ];
    // A byte-order mark, so that spreadsheet programs read the Vietnamese as UTF-8.
    (headers, format!("\u{feff}{csv}")).into_response()
}
