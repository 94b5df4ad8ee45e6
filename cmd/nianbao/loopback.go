package main

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// checkLoopback returns an error unless addr (host:port) listens on
// loopback only: 127.0.0.0/8, ::1 or localhost. An empty host (":8760"),
// 0.0.0.0, ::, a LAN address and any other host name are refused: they
// would serve every machine that can reach this one.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	switch ip, err := netip.ParseAddr(host); {
	case host == "":
		return fmt.Errorf("address %q listens on every interface, not on loopback only", addr)
	case err != nil:
		return fmt.Errorf("address %q: host %s is not localhost or a loopback IP address", addr, host)
	case ip.IsUnspecified():
		return fmt.Errorf("address %q listens on every interface, not on loopback only", addr)
	case !ip.Unmap().IsLoopback():
		return fmt.Errorf("address %q: %s is not a loopback address", addr, host)
	}
	return nil
}
