package crawler

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
)

// A specialRange is one entry of the IANA IPv4 or IPv6 Special-Purpose
// Address Registry (RFC 6890 and its updates), or another block that is
// no public web server's: multicast, the deprecated site-local block.
type specialRange struct {
	prefix netip.Prefix
	name   string
}

func special(prefix, name string) specialRange {
	return specialRange{netip.MustParsePrefix(prefix), name}
}

// specialRanges are the blocks the crawler never connects to. Every
// block of both registries is here, the globally reachable ones too
// (anycast DNS, AMT, PCP): no portal serves its reports from them, and
// a block left out is a door.
var specialRanges = []specialRange{
	special("0.0.0.0/8", `"this network"`),
	special("10.0.0.0/8", "private-use"),
	special("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
	special("127.0.0.0/8", "loopback"),
	special("169.254.0.0/16", "link-local"),
	special("172.16.0.0/12", "private-use"),
	special("192.0.0.0/24", "IETF protocol assignments"),
	special("192.0.2.0/24", "documentation (TEST-NET-1)"),
	special("192.31.196.0/24", "AS112-v4"),
	special("192.52.193.0/24", "AMT"),
	special("192.88.99.0/24", "deprecated 6to4 relay anycast"),
	special("192.168.0.0/16", "private-use"),
	special("192.175.48.0/24", "direct delegation AS112 service"),
	special("198.18.0.0/15", "benchmarking"),
	special("198.51.100.0/24", "documentation (TEST-NET-2)"),
	special("203.0.113.0/24", "documentation (TEST-NET-3)"),
	special("224.0.0.0/4", "multicast"),
	special("240.0.0.0/4", "reserved"),
	special("255.255.255.255/32", "limited broadcast"),

	special("::/128", "unspecified"),
	special("::1/128", "loopback"),
	special("::/96", "IPv4-compatible (deprecated)"),
	special("::ffff:0:0/96", "IPv4-mapped"),
	special("64:ff9b::/96", "NAT64"),
	special("64:ff9b:1::/48", "local-use NAT64"),
	special("100::/64", "discard-only"),
	special("100:0:0:1::/64", "dummy prefix"),
	special("2001::/32", "Teredo"),
	special("2001::/23", "IETF protocol assignments"),
	special("2001:db8::/32", "documentation"),
	special("2002::/16", "6to4"),
	special("2620:4f:8000::/48", "direct delegation AS112 service"),
	special("3fff::/20", "documentation"),
	special("5f00::/16", "segment routing SIDs"),
	special("fc00::/7", "unique local"),
	special("fe80::/10", "link-local"),
	special("fec0::/10", "site-local (deprecated)"),
	special("ff00::/8", "multicast"),
}

// globalUnicast6 is the only IPv6 block allocated for global unicast;
// anything outside it is reserved.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// specialAddr says why ip may not be connected to, or "" when it is a
// public unicast address. An IPv4-mapped IPv6 address is the IPv4
// address it maps (the dialler connects to that). The other forms that
// embed an IPv4 address (IPv4-compatible, NAT64, 6to4, Teredo) are
// special-purpose blocks in themselves; the reason also names the
// embedded address when that one is special too, since that is what a
// translator or relay would reach.
func specialAddr(ip netip.Addr) string {
	ip = ip.WithZone("") // a prefix never contains a zoned address
	if !ip.IsValid() {
		return "not an IP address"
	}
	if ip.Is4In6() {
		v4 := ip.Unmap()
		if r := specialAddr(v4); r != "" {
			return fmt.Sprintf("IPv4-mapped %s: %s", v4, r)
		}
		return ""
	}
	var found *specialRange
	for i := range specialRanges {
		s := &specialRanges[i]
		if s.prefix.Contains(ip) && (found == nil || s.prefix.Bits() > found.prefix.Bits()) {
			found = s // the most specific entry names it best
		}
	}
	reason := ""
	switch {
	case found != nil:
		reason = found.name + " " + found.prefix.String()
	case ip.Is6() && !globalUnicast6.Contains(ip):
		reason = "reserved, outside global unicast " + globalUnicast6.String()
	default:
		return ""
	}
	for _, v4 := range embeddedIPv4(ip) {
		if r := specialAddr(v4); r != "" {
			reason += fmt.Sprintf(", embedding %s: %s", v4, r)
		}
	}
	return reason
}

var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local = netip.MustParsePrefix("64:ff9b:1::/48")
	compat4    = netip.MustParsePrefix("::/96")
	sixToFour  = netip.MustParsePrefix("2002::/16")
	teredo     = netip.MustParsePrefix("2001::/32")
)

// embeddedIPv4 returns the IPv4 addresses an IPv6 address of an
// embedding form carries: the last 32 bits of an IPv4-compatible or
// NAT64 address (the /96 format of RFC 6052, for the local-use prefix
// too), bits 16–47 of a 6to4 address, and a Teredo address's server
// (bits 32–63) and client (the last 32 bits, inverted).
func embeddedIPv4(ip netip.Addr) []netip.Addr {
	if !ip.Is6() {
		return nil
	}
	b := ip.As16()
	last := netip.AddrFrom4([4]byte(b[12:16]))
	switch {
	case nat64.Contains(ip), nat64Local.Contains(ip):
		return []netip.Addr{last}
	case compat4.Contains(ip):
		if binary.BigEndian.Uint32(b[12:16]) <= 1 {
			return nil // :: and ::1 are themselves, not IPv4
		}
		return []netip.Addr{last}
	case sixToFour.Contains(ip):
		return []netip.Addr{netip.AddrFrom4([4]byte(b[2:6]))}
	case teredo.Contains(ip):
		client := binary.BigEndian.Uint32(b[12:16]) ^ 0xffffffff
		var c [4]byte
		binary.BigEndian.PutUint32(c[:], client)
		return []netip.Addr{netip.AddrFrom4([4]byte(b[4:8])), netip.AddrFrom4(c)}
	}
	return nil
}

// checkAddr refuses to dial an address (host:port, or a bare host) that
// is not a public unicast address.
func checkAddr(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
	}
	if reason := specialAddr(ip); reason != "" {
		return fmt.Errorf("dial %s: %s: %w", ip, reason, ErrPrivateAddress)
	}
	return nil
}
