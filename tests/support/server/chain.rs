//! Redirect chains like the tracking prefixes in front of real enclosures (podtrac, op3, chtbl,
//! pdst, megaphone): 1–4 hops mixing 301/302/303/307/308, every form of `Location`, a hop to the
//! other loopback host and one to `localhost`; and redirect loops.

use super::{OTHER_HOST, TestServer};

impl TestServer {
    /// Serves a chain of redirects named `name` that ends at `target` (a path on this server):
    /// hop `i` is `/{name}/{i}` and answers `statuses[i]`. Returns the URL of the first hop.
    ///
    /// The `Location` of hop `i` is, by `i % 4`: an absolute URL on 127.0.0.2, an absolute
    /// path, a relative path (`../…`), an absolute URL on `localhost`. So the first hop always
    /// goes to another host, and a chain of four uses every form.
    pub fn redirect_chain(&self, name: &str, statuses: &[u16], target: &str) -> String {
        assert!(!statuses.is_empty(), "a chain has at least one hop");
        let hops = Self::chain_paths(name, statuses.len());
        for (i, (path, &status)) in hops.iter().zip(statuses).enumerate() {
            let next = hops.get(i + 1).map_or(target, String::as_str);
            self.redirect(path, &self.location(i, next), status);
        }
        self.url(&hops[0])
    }

    /// The paths of the hops of a chain of `len` named `name`, in order.
    pub fn chain_paths(name: &str, len: usize) -> Vec<String> {
        (0..len).map(|i| format!("/{name}/{i}")).collect()
    }

    /// Requests received by the hops of the chain `name` of `len` hops, each hop in order.
    pub fn chain_requests(&self, name: &str, len: usize) -> Vec<usize> {
        Self::chain_paths(name, len)
            .iter()
            .map(|path| self.request_count(path))
            .collect()
    }

    /// Serves a loop of `statuses.len()` redirects named `name`: each hop leads to the next (in
    /// the forms [`redirect_chain`](Self::redirect_chain) uses) and the last back to the very
    /// URL of the first. Returns that URL.
    pub fn redirect_loop(&self, name: &str, statuses: &[u16]) -> String {
        let hops = Self::chain_paths(name, statuses.len());
        let first = self.url(&hops[0]);
        for (i, (path, &status)) in hops.iter().zip(statuses).enumerate() {
            let location = match hops.get(i + 1) {
                Some(next) => self.location(i, next),
                None => first.clone(),
            };
            self.redirect(path, &location, status);
        }
        first
    }

    /// The `Location` hop `i` sends to reach `path`.
    fn location(&self, i: usize, path: &str) -> String {
        match i % 4 {
            0 => self.url_on(OTHER_HOST, path),
            1 => path.to_owned(),
            2 => format!("..{path}"),
            _ => self.url_on("localhost", path),
        }
    }
}
