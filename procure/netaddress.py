"""Which client a rate limit counts: an IPv4 address, or an IPv6 /64 network.

An IPv6 subscriber is usually given a whole /64 (2^64 addresses): counting per full
address would let one attacker step round every limit by changing the last bits.
Pure: no Flask.
"""
from __future__ import annotations

import ipaddress


def rate_limit_key(address: str | None) -> str:
    """The key a rate limit counts ``address`` under: IPv4 as it is, IPv6 by its /64
    (an IPv4-mapped IPv6 address as the IPv4 address). Anything else is kept as given."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)
