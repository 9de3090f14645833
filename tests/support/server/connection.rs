//! Serving one TCP connection: read requests one after another (keep-alive),
//! answer each, and write bodies with throttling and faults applied.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown as SocketShutdown, TcpStream};
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use super::Shared;
use super::fault::ActiveFaults;
use super::http::{ReadOutcome, Request, read_request, write_head};
use super::httpdate::http_date;
use super::lifecycle::Shutdown;
use super::log::{EntryGuard, RequestLog};
use super::respond::{self, BodySlice, Plan};
use super::throttle::Pacer;

/// How long a closing connection waits for the client to finish sending, so
/// that unread input does not turn the close into a reset that could destroy
/// response bytes still in flight.
const LINGER: Duration = Duration::from_millis(500);

/// Serves requests on `stream` until either side closes it.
pub(crate) fn serve(stream: TcpStream, connection: u64, shared: &Shared) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut out = stream;
    while !shared.shutdown.is_triggered() {
        let keep_alive = match read_request(&mut reader) {
            Err(_) | Ok(ReadOutcome::Closed) => return,
            Ok(ReadOutcome::Malformed {
                status,
                request_line,
            }) => {
                let log = RequestLog {
                    connection,
                    method: String::new(),
                    target: request_line,
                    path: String::new(),
                    version: String::new(),
                    headers: Vec::new(),
                    status,
                    body_bytes: 0,
                };
                let entry = shared.log.record(log);
                let plan = respond::text(status, &format!("{status} malformed request\n"));
                send(
                    &mut out,
                    plan,
                    &entry,
                    &ActiveFaults::default(),
                    true,
                    &shared.shutdown,
                );
                false
            }
            Ok(ReadOutcome::Request(request)) => {
                handle(&request, &mut reader, &mut out, connection, shared)
            }
        };
        if !keep_alive {
            break;
        }
    }
    close_gracefully(&out);
}

enum RequestBody {
    Consumed,
    Unsupported(u16),
    ClientGone,
}

/// Reads and discards a request body so the next request on the connection
/// can be parsed. Chunked request bodies are not supported (501).
fn discard_body(request: &Request, reader: &mut impl BufRead) -> RequestBody {
    if request.header("Transfer-Encoding").is_some() {
        return RequestBody::Unsupported(501);
    }
    let Some(length) = request.header("Content-Length") else {
        return RequestBody::Consumed;
    };
    let Ok(length) = length.parse::<u64>() else {
        return RequestBody::Unsupported(400);
    };
    match io::copy(&mut reader.take(length), &mut io::sink()) {
        Ok(n) if n == length => RequestBody::Consumed,
        _ => RequestBody::ClientGone,
    }
}

/// Answers one request; returns whether the connection stays open.
fn handle(
    request: &Request,
    reader: &mut impl BufRead,
    out: &mut TcpStream,
    connection: u64,
    shared: &Shared,
) -> bool {
    let target = request.path_and_query().to_owned();
    let path = target
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_owned();
    let faults = shared.faults.take(&target, &path);
    let mut log = RequestLog {
        connection,
        method: request.method.clone(),
        target: target.clone(),
        path: path.clone(),
        version: request.version.clone(),
        headers: request.headers.clone(),
        status: 0,
        body_bytes: 0,
    };
    let body = discard_body(request, reader);
    if matches!(body, RequestBody::ClientGone) {
        shared.log.record(log);
        return false;
    }
    if !faults.delay.is_zero() && !shared.shutdown.sleep(faults.delay) {
        return false;
    }
    if faults.no_response {
        shared.log.record(log);
        return false;
    }
    let (mut plan, close) = match body {
        RequestBody::Unsupported(status) => {
            (respond::text(status, "unsupported request body\n"), true)
        }
        _ => {
            let resource = shared.lookup(&target, &path);
            let serial = || shared.serial.fetch_add(1, Ordering::SeqCst) + 1;
            let throttle = shared.throttle.load(Ordering::SeqCst);
            let plan = respond::plan(request, resource.as_deref(), &faults, serial, throttle);
            (plan, request.wants_close())
        }
    };
    if !close && request.version == "HTTP/1.0" {
        plan.headers
            .push(("Connection".to_owned(), "keep-alive".to_owned()));
    }
    log.status = plan.status;
    let entry = shared.log.record(log);
    send(out, plan, &entry, &faults, close, &shared.shutdown)
}

/// Writes a planned response; returns whether the connection stays open.
fn send(
    out: &mut TcpStream,
    plan: Plan,
    entry: &EntryGuard,
    faults: &ActiveFaults,
    close: bool,
    shutdown: &Shutdown,
) -> bool {
    let mut headers = plan.headers;
    headers.insert(0, ("Date".to_owned(), http_date(SystemTime::now())));
    if close {
        headers.push(("Connection".to_owned(), "close".to_owned()));
    }
    if write_head(out, plan.status, &headers).is_err() {
        return false;
    }
    let Some(slice) = plan.body else {
        return !close;
    };
    let cut = faults.cut(slice.len);
    let to_send = cut.unwrap_or(slice.len);
    let sent = write_body(
        out,
        &slice,
        to_send,
        faults.stall,
        plan.throttle,
        entry,
        shutdown,
    );
    !close && cut.is_none() && sent == slice.len
}

/// Writes `to_send` bytes of `slice`, paced and possibly stalled. Every chunk
/// is counted in the log before it is written and uncounted if the write
/// fails, so the log never lags behind what a client can have received.
/// Returns the number of bytes written.
fn write_body(
    out: &mut impl Write,
    slice: &BodySlice,
    to_send: u64,
    stall: Option<(u64, Duration)>,
    throttle: u64,
    entry: &EntryGuard,
    shutdown: &Shutdown,
) -> u64 {
    let Ok(mut source) = slice.body.open_at(slice.start) else {
        return 0;
    };
    let mut pacer = Pacer::new(Some(throttle));
    let mut buf = vec![0u8; pacer.chunk_size()];
    let mut stall = stall.filter(|(at, _)| *at < to_send);
    let mut sent = 0u64;
    while sent < to_send {
        if let Some((at, duration)) = stall
            && sent == at
        {
            stall = None;
            if !shutdown.sleep(duration) {
                return sent;
            }
            pacer.restart();
        }
        let mut n = (buf.len() as u64).min(to_send - sent);
        if let Some((at, _)) = stall {
            n = n.min(at - sent);
        }
        let chunk = &mut buf[..n as usize];
        // A file that shrank since its length was taken ends the body early.
        if source.read_exact(chunk).is_err() || !pacer.admit(chunk.len(), shutdown) {
            return sent;
        }
        entry.0.add_bytes(n);
        if let Err(written) = write_counted(out, chunk) {
            entry.0.remove_bytes(n - written);
            return sent + written;
        }
        sent += n;
    }
    sent
}

/// `write_all` that reports how much was written before an error.
fn write_counted(out: &mut impl Write, mut chunk: &[u8]) -> Result<(), u64> {
    let total = chunk.len() as u64;
    while !chunk.is_empty() {
        match out.write(chunk) {
            Ok(0) => return Err(total - chunk.len() as u64),
            Ok(n) => chunk = &chunk[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(total - chunk.len() as u64),
        }
    }
    Ok(())
}

/// Sends FIN, then drains what the client still sends (bounded) before the
/// socket is dropped.
fn close_gracefully(stream: &TcpStream) {
    let _ = stream.shutdown(SocketShutdown::Write);
    let _ = stream.set_read_timeout(Some(LINGER));
    let mut buf = [0u8; 8192];
    let mut drained = 0usize;
    let mut reader = stream;
    while drained < 1 << 20 {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}
