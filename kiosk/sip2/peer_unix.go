//go:build unix

package sip2

import (
	"net"
	"syscall"
)

// peerGone looks at a socket without waiting and without reading: true
// when the peer closed or reset it, or sent bytes nobody asked for.
func peerGone(nc net.Conn) bool {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	gone := false
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case err == syscall.EAGAIN || err == syscall.EWOULDBLOCK:
			gone = false // nothing to read: alive and quiet
		case err != nil, n == 0:
			gone = true // reset, or end of stream
		default:
			gone = true // data nobody asked for
		}
		return true // never wait
	})
	return gone || err != nil
}
