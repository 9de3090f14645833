//! Deciding what to answer: routing result, validators, ranges and faults in,
//! status, headers and the body slice to send out. No I/O happens here.

use super::conditional::{if_range_matches, none_match_hits, not_modified_since};
use super::fault::ActiveFaults;
use super::http::{Request, reason};
use super::range::{self, RangeDecision};
use super::resource::{Body, Resource};

/// The part of a body to send.
pub(crate) struct BodySlice {
    pub body: Body,
    pub start: u64,
    pub len: u64,
}

/// A response ready to be written.
pub(crate) struct Plan {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// None for responses without a body (HEAD, 304, 416).
    pub body: Option<BodySlice>,
    /// Bytes per second for the body; 0 means unthrottled.
    pub throttle: u64,
}

fn header(name: &str, value: impl Into<String>) -> (String, String) {
    (name.to_owned(), value.into())
}

/// A short `text/plain` response (errors, redirects).
pub(crate) fn text(status: u16, message: &str) -> Plan {
    let bytes = message.as_bytes().to_vec();
    Plan {
        status,
        headers: vec![
            header("Content-Type", "text/plain; charset=utf-8"),
            header("Content-Length", bytes.len().to_string()),
        ],
        body: Some(BodySlice {
            len: bytes.len() as u64,
            body: Body::Bytes(bytes.into()),
            start: 0,
        }),
        throttle: 0,
    }
}

fn status_text(status: u16) -> Plan {
    text(status, &format!("{status} {}\n", reason(status)))
}

/// An ETag that differs from the resource's on every call, for `Fault::ChangeEtag`.
fn changed_etag(original: Option<&str>, serial: u64) -> String {
    let inner = original
        .map(|e| e.trim_start_matches("W/").trim_matches('"'))
        .unwrap_or("etag");
    format!("\"{inner}-changed-{serial}\"")
}

/// Plans the response to `req`. `resource` is what the route table holds for
/// the request's path; `next_serial` yields a fresh number for changed ETags.
pub(crate) fn plan(
    req: &Request,
    resource: Option<&Resource>,
    faults: &ActiveFaults,
    next_serial: impl FnOnce() -> u64,
    server_throttle: u64,
) -> Plan {
    let mut plan = plan_get(req, resource, faults, next_serial, server_throttle);
    if req.method == "HEAD" {
        plan.body = None;
    }
    plan
}

fn plan_get(
    req: &Request,
    resource: Option<&Resource>,
    faults: &ActiveFaults,
    next_serial: impl FnOnce() -> u64,
    server_throttle: u64,
) -> Plan {
    if let Some(status) = faults.status {
        return status_text(status);
    }
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        let mut plan = status_text(405);
        plan.headers.push(header("Allow", "GET, HEAD"));
        return plan;
    }
    let Some(resource) = resource else {
        return status_text(404);
    };
    if let Some((status, location)) = &resource.redirect {
        let mut plan = text(*status, &format!("Redirecting to {location}\n"));
        plan.headers.push(header("Location", location.as_str()));
        return plan;
    }
    let len = match resource.body.len() {
        Ok(len) => len,
        Err(e) => return text(500, &format!("resource unreadable: {e}\n")),
    };
    let etag = if faults.change_etag {
        Some(changed_etag(resource.etag.as_deref(), next_serial()))
    } else {
        resource.etag.clone()
    };
    let last_modified = resource.last_modified.as_deref();

    let mut validators = Vec::new();
    if let Some(etag) = &etag {
        validators.push(header("ETag", etag.as_str()));
    }
    if let Some(date) = last_modified {
        validators.push(header("Last-Modified", date));
    }
    validators.extend(resource.headers.iter().cloned());

    // RFC 9110 §13.2.2: If-None-Match takes precedence over If-Modified-Since.
    let not_modified = match req.header("If-None-Match") {
        Some(tags) => none_match_hits(tags, etag.as_deref()),
        None => req
            .header("If-Modified-Since")
            .is_some_and(|date| not_modified_since(date, last_modified)),
    };
    if not_modified {
        return Plan {
            status: 304,
            headers: validators,
            body: None,
            throttle: 0,
        };
    }

    let mut decision = RangeDecision::Full;
    if req.method == "GET"
        && resource.ranges
        && !faults.ignore_range
        && let Some(range) = req.header("Range")
    {
        let current = req
            .header("If-Range")
            .is_none_or(|validator| if_range_matches(validator, etag.as_deref(), last_modified));
        if current {
            decision = range::decide(range, len);
        }
    }

    let mut headers = vec![header("Content-Type", resource.mime.as_str())];
    if resource.ranges {
        headers.push(header("Accept-Ranges", "bytes"));
    }
    let throttle = resource.throttle.unwrap_or(server_throttle);
    let (status, body) = match decision {
        RangeDecision::Full => {
            headers.push(header("Content-Length", len.to_string()));
            (
                200,
                Some(BodySlice {
                    body: resource.body.clone(),
                    start: 0,
                    len,
                }),
            )
        }
        RangeDecision::Partial(r) => {
            headers.push(header("Content-Length", r.len().to_string()));
            headers.push(header("Content-Range", r.content_range(len)));
            (
                206,
                Some(BodySlice {
                    body: resource.body.clone(),
                    start: r.first,
                    len: r.len(),
                }),
            )
        }
        RangeDecision::Unsatisfiable => {
            headers.push(header("Content-Length", "0"));
            headers.push(header("Content-Range", format!("bytes */{len}")));
            (416, None)
        }
    };
    headers.extend(validators);
    Plan {
        status,
        headers,
        body,
        throttle,
    }
}
