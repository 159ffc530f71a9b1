//! A local `tuongtac` server for the benchmark and the API fuzzing, and the one kind of request they send.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use crate::Result;

/// A child process, killed when dropped.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a program that prints `… listening on http://HOST:PORT` and returns it with that URL.
pub fn start(command: &mut Command) -> Result<(Server, String)> {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(url) = line.split("listening on ").nth(1) {
            // Keep reading what it prints after: a closed pipe would make its next line fail.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok((server, url.trim().to_owned()));
        }
    }
    Err("server exited before listening".into())
}

/// One HTTP/1.1 POST of JSON over a plain socket (the server is on loopback), from the server's own origin;
/// returns the whole answer, head and body.
pub fn post_json(base: &str, path: &str, body: &str, headers: &[(&str, &str)]) -> Result<String> {
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).map_err(|e| e.to_string())?;
    let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\nContent-Type: application/json\r\n{extra}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    Ok(answer)
}

/// The string value of `"key":"…"` in a JSON answer (enough for tokens and tracking codes).
pub fn json_string<'a>(answer: &'a str, key: &str) -> Option<&'a str> {
    answer.split(&format!("\"{key}\":\"")).nth(1)?.split('"').next()
}
