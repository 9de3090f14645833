//! Reading HTTP/1.x request heads from a connection and writing response heads.
//!
//! The parser is deliberately strict about framing (request line, header
//! syntax, size limits) so that malformed input is answered with 400 instead of
//! being guessed at, and lenient about everything a real client might send.

use std::io::{self, BufRead, Read, Write};

/// Upper bound on the request line plus all header lines.
pub(crate) const MAX_HEAD_BYTES: usize = 64 * 1024;

/// A parsed request head.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: String,
    /// The request target as sent (origin-form path and query, or absolute-form URL).
    pub target: String,
    pub version: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// First value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The path and query of the target, with any `http://host` prefix removed.
    pub fn path_and_query(&self) -> &str {
        strip_authority(&self.target)
    }

    /// Whether the client asked (explicitly or by protocol default) to close
    /// the connection after this response.
    pub fn wants_close(&self) -> bool {
        let tokens = |wanted: &str| {
            self.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
                .flat_map(|(_, v)| v.split(','))
                .any(|t| t.trim().eq_ignore_ascii_case(wanted))
        };
        if self.version == "HTTP/1.0" {
            !tokens("keep-alive")
        } else {
            tokens("close")
        }
    }
}

/// What reading the next request from a connection produced.
#[derive(Debug)]
pub(crate) enum ReadOutcome {
    Request(Request),
    /// The client closed the connection (possibly mid-request); nothing to answer.
    Closed,
    /// The request could not be parsed; answer with `status` and close.
    Malformed {
        status: u16,
        request_line: String,
    },
}

/// Case-insensitive lookup of the first value of `name`.
pub(crate) fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Removes `scheme://authority` from an absolute-form target.
pub(crate) fn strip_authority(target: &str) -> &str {
    match target.find("://") {
        Some(i) if !target.starts_with('/') => {
            let rest = &target[i + 3..];
            match rest.find('/') {
                Some(slash) => &rest[slash..],
                None => "/",
            }
        }
        _ => target,
    }
}

enum Line {
    Text(String),
    Eof,
    TooLong,
}

fn read_line(reader: &mut impl BufRead, budget: &mut usize) -> io::Result<Line> {
    let mut buf = Vec::new();
    let limit = *budget as u64;
    let n = reader.by_ref().take(limit).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(if limit == 0 { Line::TooLong } else { Line::Eof });
    }
    if buf.last() != Some(&b'\n') {
        return Ok(if n as u64 == limit {
            Line::TooLong
        } else {
            Line::Eof
        });
    }
    *budget -= n;
    buf.pop();
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Text(String::from_utf8_lossy(&buf).into_owned()))
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn malformed(status: u16, request_line: &str) -> ReadOutcome {
    ReadOutcome::Malformed {
        status,
        request_line: request_line.to_owned(),
    }
}

/// Reads one request head. Leading empty lines (left over from a previous
/// request) are skipped as RFC 9112 recommends.
pub(crate) fn read_request(reader: &mut impl BufRead) -> io::Result<ReadOutcome> {
    let mut budget = MAX_HEAD_BYTES;
    let request_line = loop {
        match read_line(reader, &mut budget)? {
            Line::Eof => return Ok(ReadOutcome::Closed),
            Line::TooLong => return Ok(malformed(431, "")),
            Line::Text(line) if line.is_empty() => continue,
            Line::Text(line) => break line,
        }
    };
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Ok(malformed(400, &request_line));
    };
    let target_ok = target.starts_with('/')
        || target.starts_with("http://")
        || target.starts_with("https://")
        || target == "*";
    if !is_token(method) || !target_ok || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Ok(malformed(400, &request_line));
    }
    let mut headers = Vec::new();
    loop {
        let line = match read_line(reader, &mut budget)? {
            Line::Eof => return Ok(ReadOutcome::Closed),
            Line::TooLong => return Ok(malformed(431, &request_line)),
            Line::Text(line) => line,
        };
        if line.is_empty() {
            break;
        }
        // Obsolete line folding and names with whitespace are rejected (RFC 9112 §5).
        let Some((name, value)) = line.split_once(':') else {
            return Ok(malformed(400, &request_line));
        };
        if !is_token(name) {
            return Ok(malformed(400, &request_line));
        }
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
    Ok(ReadOutcome::Request(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        version: version.to_owned(),
        headers,
    }))
}

/// Standard reason phrase for the status codes the server produces.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        412 => "Precondition Failed",
        416 => "Range Not Satisfiable",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Writes a status line and headers in one write, so a client never sees a
/// partial head.
pub(crate) fn write_head(
    out: &mut impl Write,
    status: u16,
    headers: &[(String, String)],
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.flush()
}
