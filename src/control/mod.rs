//! Control from outside: what the control socket's two ends share (`protocol`: the requests and
//! replies on the wire; `status`: what `ctl status` prints, made from the core's report;
//! `socket_file`: where the socket is and whether it is safe to use) and `ctl`'s end of it
//! (`client`). The player's end (the listener, MPRIS) is in `runtime::control`.

pub mod client;
pub mod protocol;
pub mod socket_file;
pub mod status;
