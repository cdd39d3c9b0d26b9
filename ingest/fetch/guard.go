package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrForbiddenAddress: the request would connect to an address that is not
// on the public internet (loopback, private, link-local, multicast,
// unspecified, or another special range) and did not opt in.
var ErrForbiddenAddress = errors.New("address is not public")

// specialRanges are the special-purpose ranges (RFC 6890 and successors)
// that netip's predicates do not cover.
var specialRanges = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Forbidden says why addr may not be connected to without opting in, or ""
// when it is a public address.
func Forbidden(addr netip.Addr) string {
	addr = addr.Unmap()
	switch {
	case !addr.IsValid():
		return "invalid"
	case addr.IsUnspecified():
		return "unspecified"
	case addr.IsLoopback():
		return "loopback"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast():
		return "link-local"
	case addr.IsMulticast(), addr.IsLinkLocalMulticast(), addr.IsInterfaceLocalMulticast():
		return "multicast"
	}
	if nat64.Contains(addr) {
		// A NAT64 address reaches the IPv4 address it embeds.
		b := addr.As16()
		if r := Forbidden(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})); r != "" {
			return r + " (via NAT64)"
		}
	}
	for _, p := range specialRanges {
		if p.Contains(addr) {
			return "special-purpose"
		}
	}
	return ""
}

// guardControl is a net.Dialer Control func: it runs after name
// resolution, on the very address about to be connected to, before the
// connection is attempted.
func guardControl(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	if why := Forbidden(addr); why != "" {
		return &AddressError{Addr: addr.Unmap(), Why: why}
	}
	return nil
}

// AddressError is a connection the guard refused.
type AddressError struct {
	Addr netip.Addr
	Why  string
}

func (e *AddressError) Error() string {
	return fmt.Sprintf("%v: %s is %s; crawling it needs allow_private_networks: true on the source", ErrForbiddenAddress, e.Addr, e.Why)
}

// Is makes errors.Is(err, ErrForbiddenAddress) hold.
func (e *AddressError) Is(target error) bool { return target == ErrForbiddenAddress }
