//! A push endpoint is a URL a stranger gives the server, which the server then calls: it must be
//! `https` on a public host, judged on the addresses its name resolves to, when it is given and
//! again on every send (a name may resolve elsewhere later). A test receiver on loopback is let
//! in only by a setting that demo and test mode alone allow.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use super::public_address;

/// The longest endpoint taken.
pub const MAX_LENGTH: usize = 2048;

/// Why an endpoint is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a URL, too long, or with a user name or password in it.
    NotUrl,
    /// Not `https`.
    NotHttps,
    /// Its host is, or resolves to, an address that is not public.
    NotPublic,
    /// Its host name does not resolve.
    Unresolved,
}

/// Whether the server may call `ip`: a public address, or loopback where the setting allows it.
pub fn allowed(ip: IpAddr, allow_loopback: bool) -> bool {
    public_address(ip) || (allow_loopback && loopback(ip))
}

fn loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// The endpoint's URL, if its form is one the server calls: `https` (or `http` to loopback
/// where allowed), a host, no credentials. Its name is not resolved here.
pub fn parse(endpoint: &str, allow_loopback: bool) -> Result<url::Url, Refusal> {
    if endpoint.len() > MAX_LENGTH {
        return Err(Refusal::NotUrl);
    }
    let url = url::Url::parse(endpoint).map_err(|_| Refusal::NotUrl)?;
    if !url.username().is_empty() || url.password().is_some() || url.host().is_none() {
        return Err(Refusal::NotUrl);
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_loopback => {}
        "http" => return Err(Refusal::NotHttps),
        _ => return Err(Refusal::NotUrl),
    }
    if let Some(ip) = literal(&url) {
        if !allowed(ip, allow_loopback) {
            return Err(Refusal::NotPublic);
        }
    }
    Ok(url)
}

/// The address a URL's host names itself, if it is one.
pub fn literal(url: &url::Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// Resolves a host name (blocking) and judges every address it gives: one address that is not
/// allowed refuses the name, as the next lookup could answer that one.
pub fn resolve(host: &str, allow_loopback: bool) -> Result<Vec<SocketAddr>, Refusal> {
    let addrs: Vec<SocketAddr> = (host, 0)
        .to_socket_addrs()
        .map_err(|_| Refusal::Unresolved)?
        .collect();
    if addrs.is_empty() {
        return Err(Refusal::Unresolved);
    }
    if addrs.iter().any(|a| !allowed(a.ip(), allow_loopback)) {
        return Err(Refusal::NotPublic);
    }
    Ok(addrs)
}

/// Checks an endpoint fully (blocking): its form, then its host's addresses.
pub fn check(endpoint: &str, allow_loopback: bool) -> Result<url::Url, Refusal> {
    let url = parse(endpoint, allow_loopback)?;
    if let Some(url::Host::Domain(name)) = url.host() {
        resolve(name, allow_loopback)?;
    }
    Ok(url)
}

/// The HTTP client's resolver: the same judgement on every connection the worker opens, so a
/// name that resolved to a public address when it was given cannot lead the server inside later.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_loopback: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow_loopback;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found = tokio::task::spawn_blocking(move || resolve(&host, allow)).await?;
            match found {
                Ok(addrs) => Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs),
                Err(refusal) => Err(format!("endpoint refused: {refusal:?}").into()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_https_to_a_public_host() {
        assert!(parse("https://push.example.org/x", false).is_ok());
        assert_eq!(
            parse("http://push.example.org/x", false),
            Err(Refusal::NotHttps)
        );
        assert_eq!(
            parse("ftp://push.example.org/x", false),
            Err(Refusal::NotUrl)
        );
        assert_eq!(
            parse("https://a:b@push.example.org/x", false),
            Err(Refusal::NotUrl)
        );
        assert_eq!(parse("not a url", false), Err(Refusal::NotUrl));
        for bad in [
            "https://127.0.0.1/x",
            "https://10.0.0.1/x",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/x",
            "https://[::ffff:127.0.0.1]/x",
            "https://0x7f.1/x",
            "https://2130706433/x",
        ] {
            assert_eq!(parse(bad, false), Err(Refusal::NotPublic), "{bad}");
        }
        assert!(parse("http://127.0.0.1:9/x", true).is_ok());
        assert_eq!(parse("http://10.0.0.1/x", true), Err(Refusal::NotPublic));
        let long = format!("https://push.example.org/{}", "a".repeat(MAX_LENGTH));
        assert_eq!(parse(&long, false), Err(Refusal::NotUrl));
    }

    #[test]
    fn names_are_judged_by_what_they_resolve_to() {
        assert_eq!(check("https://localhost/x", false), Err(Refusal::NotPublic));
        assert!(check("http://localhost:9/x", true).is_ok());
    }
}
