//! Where the tester may send: anywhere a team's endpoint can be (public hosts, the team's own
//! network, this machine for local tests) except link-local addresses (169.254.0.0/16, fe80::/10),
//! where clouds serve instance metadata and credentials and no data endpoint ever lives. Names are
//! checked after they resolve, so a name cannot point the tester there either.

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether `ip` is link-local, IPv4-mapped IPv6 included.
pub fn is_link_local(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unicast_link_local(),
    }
}

/// Why a link-local address is refused, for the finding.
pub fn refusal(host: &str) -> String {
    format!(
        "{host} is a link-local address (169.254.0.0/16 or fe80::/10), where cloud instance metadata lives: the \
         tester does not send there. Give the endpoint's public https:// address"
    )
}

/// The system's resolver, with link-local answers removed; a name with nothing else fails.
#[derive(Debug)]
pub struct RefuseLinkLocal;

impl Resolve for RefuseLinkLocal {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> =
                found.into_iter().filter(|addr| !is_link_local(addr.ip())).collect();
            if allowed.is_empty() {
                return Err(refusal(&host).into());
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn link_local_addresses_are_known_in_every_spelling() {
        for refused in ["169.254.169.254", "169.254.0.1", "fe80::1", "::ffff:169.254.169.254"] {
            assert!(is_link_local(refused.parse().unwrap()), "{refused}");
        }
        for allowed in ["127.0.0.1", "10.0.0.8", "192.168.1.2", "8.8.8.8", "::1", "2001:db8::1"] {
            assert!(!is_link_local(allowed.parse().unwrap()), "{allowed}");
        }
    }

    #[tokio::test]
    async fn names_resolve_except_to_link_local_addresses() {
        let resolve = |host: &str| RefuseLinkLocal.resolve(Name::from_str(host).unwrap());
        let local: Vec<SocketAddr> = resolve("localhost").await.unwrap().collect();
        assert!(local.iter().all(|addr| addr.ip().is_loopback()) && !local.is_empty(), "{local:?}");
        let Err(refused) = resolve("169.254.169.254").await else { panic!("a link-local address resolved") };
        assert!(refused.to_string().contains("link-local"), "{refused}");
    }
}
