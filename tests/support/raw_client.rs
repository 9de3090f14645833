//! A minimal HTTP/1.1 client over a plain `TcpStream`, for tests that need to
//! see exactly what went over the wire (status line, headers, truncated
//! bodies, closed connections) without an HTTP library smoothing it over.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A response as received. `complete` is false when the connection ended
/// before `Content-Length` bytes of body arrived.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub complete: bool,
}

impl RawResponse {
    /// First value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn content_length(&self) -> Option<u64> {
        self.header("Content-Length").and_then(|v| v.parse().ok())
    }
}

/// One client connection; requests on it reuse the connection (keep-alive).
pub struct RawConnection {
    reader: BufReader<TcpStream>,
}

impl RawConnection {
    /// Connects, with a 30 s read timeout so a broken test fails instead of hanging.
    pub fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).expect("connect to the test server");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        RawConnection {
            reader: BufReader::new(stream),
        }
    }

    pub fn stream(&self) -> &TcpStream {
        self.reader.get_ref()
    }

    /// Writes raw bytes (a hand-written request, possibly malformed).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.reader
            .get_mut()
            .write_all(bytes)
            .expect("send request bytes");
    }

    /// Sends `METHOD path HTTP/1.1` with a Host header and `headers`.
    pub fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)]) {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: test\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        self.send_raw(request.as_bytes());
    }

    /// Sends a request and reads its response.
    pub fn request(&mut self, method: &str, path: &str, headers: &[(&str, &str)]) -> RawResponse {
        self.send(method, path, headers);
        self.read_response(method == "HEAD").expect("read response")
    }

    pub fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> RawResponse {
        self.request("GET", path, headers)
    }

    /// Reads a response head and its body: `Content-Length` bytes (or until
    /// EOF without one); none for HEAD, 1xx, 204 and 304.
    pub fn read_response(&mut self, head_request: bool) -> io::Result<RawResponse> {
        let status_line = self.read_line()?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("status line {status_line:?}"),
                )
            })?;
        let mut headers = Vec::new();
        loop {
            let line = self.read_line()?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap_or((&line, ""));
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
        let mut response = RawResponse {
            status,
            headers,
            body: Vec::new(),
            complete: true,
        };
        if head_request || status == 204 || status == 304 || status < 200 {
            return Ok(response);
        }
        match response.content_length() {
            Some(len) => {
                (&mut self.reader)
                    .take(len)
                    .read_to_end(&mut response.body)?;
                response.complete = response.body.len() as u64 == len;
            }
            None => {
                self.reader.read_to_end(&mut response.body)?;
            }
        }
        Ok(response)
    }

    /// Reads exactly `n` bytes (e.g. part of a body, after `read_head`).
    pub fn read_exact(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut buf = vec![0; n];
        self.reader.read_exact(&mut buf)?;
        Ok(buf)
    }

    /// Reads only the status and headers, leaving the body unread.
    pub fn read_head(&mut self) -> io::Result<RawResponse> {
        self.read_response(true)
    }

    /// Reads until the server closes the connection.
    pub fn read_to_end(&mut self) -> io::Result<Vec<u8>> {
        let mut rest = Vec::new();
        self.reader.read_to_end(&mut rest)?;
        Ok(rest)
    }

    /// True if the server has closed the connection (EOF with nothing unread).
    pub fn is_closed(&mut self) -> bool {
        matches!(self.reader.fill_buf(), Ok([]))
    }

    fn read_line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

/// Sends one GET with `Connection: close` on a fresh connection.
pub fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> RawResponse {
    let mut all = vec![("Connection", "close")];
    all.extend_from_slice(headers);
    RawConnection::open(addr).get(path, &all)
}
