//! Where the tester may send: anywhere a team's endpoint can be (public hosts, the team's own
//! network, this machine for local tests) except the addresses where clouds serve instance
//! metadata and credentials, and no data endpoint ever lives: link-local addresses
//! (169.254.0.0/16, fe80::/10, which hold AWS's, GCP's and Azure's 169.254.169.254) and the other
//! well-known metadata addresses (AWS's fd00:ec2::254, Alibaba's 100.100.100.200). Names are
//! checked after they resolve, so a name cannot point the tester there either.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Metadata addresses that are not link-local.
const METADATA: [IpAddr; 2] = [
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)),
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)),
];

/// Whether the tester refuses `ip`: link-local or a known metadata address, IPv4-mapped IPv6
/// included.
pub fn is_refused(ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    METADATA.contains(&ip)
        || match ip {
            IpAddr::V4(v4) => v4.is_link_local(),
            IpAddr::V6(v6) => v6.is_unicast_link_local(),
        }
}

/// Why the tester did not send, for the finding: `host` is the address given, or a name that
/// resolved only to refused addresses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{host} {what} where cloud instance metadata lives (link-local 169.254.0.0/16 or fe80::/10, or a known \
     metadata address): the tester does not send there. Give the endpoint's public https:// address"
)]
pub struct Refused {
    host: String,
    what: &'static str,
}

impl Refused {
    /// `address` is itself refused.
    pub fn address(address: IpAddr) -> Refused {
        Refused { host: address.to_string(), what: "is an address" }
    }

    fn name(name: &str) -> Refused {
        Refused { host: name.to_owned(), what: "resolves only to addresses" }
    }
}

/// The system's resolver, with refused answers removed; a name with nothing else fails with
/// [`Refused`].
#[derive(Debug)]
pub struct RefuseMetadata;

impl Resolve for RefuseMetadata {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|addr| !is_refused(addr.ip())).collect();
            if allowed.is_empty() {
                return Err(Refused::name(&host).into());
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
    fn metadata_addresses_are_known_in_every_spelling() {
        let refused = [
            "169.254.169.254",
            "169.254.0.1",
            "fe80::1",
            "::ffff:169.254.169.254",
            "fd00:ec2::254",
            "100.100.100.200",
        ];
        for address in refused {
            assert!(is_refused(address.parse().unwrap()), "{address}");
        }
        for allowed in
            ["127.0.0.1", "10.0.0.8", "192.168.1.2", "8.8.8.8", "::1", "2001:db8::1", "100.100.100.201"]
        {
            assert!(!is_refused(allowed.parse().unwrap()), "{allowed}");
        }
    }

    #[tokio::test]
    async fn names_resolve_except_to_refused_addresses() {
        let resolve = |host: &str| RefuseMetadata.resolve(Name::from_str(host).unwrap());
        let local: Vec<SocketAddr> = resolve("localhost").await.unwrap().collect();
        assert!(local.iter().all(|addr| addr.ip().is_loopback()) && !local.is_empty(), "{local:?}");
        let Err(refused) = resolve("169.254.169.254").await else { panic!("a metadata address resolved") };
        assert_eq!(refused.downcast_ref::<Refused>(), Some(&Refused::name("169.254.169.254")));
        assert!(
            refused.to_string().contains("resolves only to addresses where cloud instance metadata lives")
        );
    }
}
