//! The listening socket and the workers' blocking threads: what a storm of new connections
//! meets first.

use std::net::TcpListener;

/// Connections waiting to be accepted. `std`'s `bind` allows 128, and 200 phones opening their
/// sockets at once overflowed it (the kernel drops the rest, and they retry a second later).
pub const BACKLOG: i32 = 1024;

/// Listens on `bind` with a backlog of [`BACKLOG`].
pub(super) fn listen(bind: &str) -> std::io::Result<TcpListener> {
    use std::net::ToSocketAddrs;
    let addr = bind
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("the address names no socket"))?;
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

/// Blocking threads a worker may have: the pool's connections, and a few for work that waits on
/// no connection.
pub(super) fn blocking_threads(pool_size: usize) -> usize {
    pool_size.max(1) + 4
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Far more connections than `std`'s 128 wait at once, none of them accepted yet, and none is
    /// dropped.
    #[test]
    fn a_storm_of_connections_waits_in_the_backlog() {
        let listener = listen("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut waiting = Vec::new();
        for i in 0..600 {
            let stream = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500))
                .unwrap_or_else(|e| panic!("connection {i} was not taken: {e}"));
            waiting.push(stream);
        }
        assert_eq!(waiting.len(), 600);
    }

    #[test]
    fn a_worker_blocks_on_no_more_threads_than_connections_and_a_few() {
        assert_eq!(blocking_threads(8), 12);
        assert_eq!(blocking_threads(0), 5);
    }
}
