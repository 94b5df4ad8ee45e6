package crawler

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// TestSpecialAddr checks every block of the IANA IPv4 and IPv6
// Special-Purpose Address Registries, and the other blocks refused, at
// an address inside and at the addresses just outside. want is a part
// of the reason, or "" for an address that may be dialled.
func TestSpecialAddr(t *testing.T) {
	for _, c := range []struct{ addr, want string }{
		// Public addresses.
		{"202.96.134.133", ""},
		{"8.8.8.8", ""},
		{"2400:da00::6666", ""},
		{"240e::1", ""},

		{"0.0.0.0", `"this network" 0.0.0.0/8`},
		{"0.255.255.255", `"this network"`},
		{"1.0.0.0", ""},
		{"10.0.0.0", "private-use 10.0.0.0/8"},
		{"10.255.255.255", "private-use 10.0.0.0/8"},
		{"9.255.255.255", ""},
		{"11.0.0.0", ""},
		{"100.64.0.0", "shared address space"},
		{"100.127.255.255", "shared address space"},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"127.0.0.1", "loopback 127.0.0.0/8"},
		{"127.255.255.255", "loopback"},
		{"126.255.255.255", ""},
		{"128.0.0.0", ""},
		{"169.254.169.254", "link-local 169.254.0.0/16"},
		{"169.253.255.255", ""},
		{"169.255.0.0", ""},
		{"172.16.0.0", "private-use 172.16.0.0/12"},
		{"172.31.255.255", "private-use"},
		{"172.15.255.255", ""},
		{"172.32.0.0", ""},
		{"192.0.0.1", "IETF protocol assignments 192.0.0.0/24"},
		{"192.0.0.255", "IETF protocol assignments"},
		{"191.255.255.255", ""},
		{"192.0.1.0", ""},
		{"192.0.2.1", "TEST-NET-1"},
		{"192.0.3.0", ""},
		{"192.31.196.1", "AS112-v4"},
		{"192.31.197.0", ""},
		{"192.52.193.1", "AMT"},
		{"192.52.194.0", ""},
		{"192.88.99.1", "6to4 relay anycast"},
		{"192.88.98.255", ""},
		{"192.88.100.0", ""},
		{"192.168.1.1", "private-use 192.168.0.0/16"},
		{"192.167.255.255", ""},
		{"192.169.0.0", ""},
		{"192.175.48.1", "direct delegation AS112"},
		{"192.175.49.0", ""},
		{"198.18.0.0", "benchmarking 198.18.0.0/15"},
		{"198.19.255.255", "benchmarking"},
		{"198.17.255.255", ""},
		{"198.20.0.0", ""},
		{"198.51.100.1", "TEST-NET-2"},
		{"198.51.101.0", ""},
		{"203.0.113.1", "TEST-NET-3"},
		{"203.0.112.255", ""},
		{"203.0.114.0", ""},
		{"224.0.0.1", "multicast 224.0.0.0/4"},
		{"239.255.255.255", "multicast"},
		{"223.255.255.255", ""},
		{"240.0.0.0", "reserved 240.0.0.0/4"},
		{"255.255.255.254", "reserved 240.0.0.0/4"},
		{"255.255.255.255", "limited broadcast"},

		{"::", "unspecified ::/128"},
		{"::1", "loopback ::1/128"},
		{"::2", "IPv4-compatible (deprecated) ::/96"},
		{"::8.8.8.8", "IPv4-compatible"},
		{"::127.0.0.1", "IPv4-compatible (deprecated) ::/96, embedding 127.0.0.1: loopback"},
		{"::1:0:0", "outside global unicast 2000::/3"},
		{"::ffff:127.0.0.1", "IPv4-mapped 127.0.0.1: loopback"},
		{"::ffff:198.18.0.1", "IPv4-mapped 198.18.0.1: benchmarking"},
		{"::ffff:8.8.8.8", ""}, // the same host as 8.8.8.8
		{"::fffe:ffff:ffff", "outside global unicast"},
		{"::1:0:0:0", "outside global unicast"},
		{"64:ff9b::8.8.8.8", "NAT64 64:ff9b::/96"},
		{"64:ff9b::127.0.0.1", "NAT64 64:ff9b::/96, embedding 127.0.0.1: loopback"},
		{"64:ff9b::a9fe:a9fe", "embedding 169.254.169.254: link-local"},
		{"64:ff9b::1:0:0", "outside global unicast"},
		{"64:ff9b:1::10.0.0.1", "local-use NAT64 64:ff9b:1::/48, embedding 10.0.0.1: private-use"},
		{"64:ff9b:1:ffff::8.8.8.8", "local-use NAT64"},
		{"64:ff9b:2::", "outside global unicast"},
		{"100::1", "discard-only 100::/64"},
		{"100:0:0:1::1", "dummy prefix 100:0:0:1::/64"},
		{"100:0:0:2::", "outside global unicast"},
		{"2001:100::1", "IETF protocol assignments 2001::/23"},
		{"2001:1ff:ffff::", "IETF protocol assignments"},
		{"2001:1::1", "IETF protocol assignments"},
		{"2001:200::1", ""},
		{"2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ""},
		// RFC 4380's example: server 65.54.227.120, client 192.0.2.45.
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo 2001::/32, embedding 192.0.2.45: documentation (TEST-NET-1)"},
		{"2001:0:808:808:0:0:f7f7:f7f7", "Teredo 2001::/32"},
		{"2001:0:7f00:1::", "embedding 127.0.0.1: loopback"},
		{"2001:db8::1", "documentation 2001:db8::/32"},
		{"2001:db7:ffff:ffff::", ""},
		{"2001:db9::", ""},
		{"2002:808:808::1", "6to4 2002::/16"},
		{"2002:c0a8:101::1", "6to4 2002::/16, embedding 192.168.1.1: private-use"},
		{"2001:ffff:ffff:ffff::", ""},
		{"2003::1", ""},
		{"2620:4f:8000::1", "direct delegation AS112"},
		{"2620:4f:8001::", ""},
		{"3fff::1", "documentation 3fff::/20"},
		{"3fff:fff:ffff::", "documentation"},
		{"3fff:1000::", ""},
		{"5f00::1", "segment routing SIDs 5f00::/16"},
		{"5eff:ffff::", "outside global unicast"},
		{"4000::", "outside global unicast"},
		{"fc00::1", "unique local fc00::/7"},
		{"fdff:ffff::", "unique local"},
		{"fbff:ffff::", "outside global unicast"},
		{"fe80::1", "link-local fe80::/10"},
		{"fe80::1%eth0", "link-local fe80::/10"},
		{"febf:ffff::", "link-local"},
		{"fe7f:ffff::", "outside global unicast"},
		{"fec0::1", "site-local (deprecated) fec0::/10"},
		{"ff02::1", "multicast ff00::/8"},
		{"ff00::", "multicast"},
	} {
		got := specialAddr(netip.MustParseAddr(c.addr))
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("specialAddr(%s) = %q, want %q", c.addr, got, c.want)
		}
	}
}

func TestCheckAddr(t *testing.T) {
	for addr, refused := range map[string]bool{
		"[::1]:80":             true,
		"[fe80::1%eth0]:80":    true,
		"127.0.0.1:80":         true,
		"198.18.0.1:443":       true,
		"[64:ff9b::7f00:1]:80": true,
		"[2002:7f00:1::]:80":   true,
		"example.org:80":       true, // the dialler only ever checks IP addresses
		"8.8.8.8:443":          false,
		"[2400:da00::6666]:80": false,
	} {
		err := checkAddr(addr)
		if refused != errors.Is(err, ErrPrivateAddress) {
			t.Errorf("checkAddr(%s) = %v, refused %v", addr, err, refused)
		}
	}
	err := checkAddr("[64:ff9b::7f00:1]:80")
	if want := "dial 64:ff9b::7f00:1: NAT64 64:ff9b::/96, embedding 127.0.0.1: loopback 127.0.0.0/8: private or special-purpose address refused"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}
