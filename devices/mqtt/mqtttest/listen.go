package mqtttest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// listening reports whether process pid holds the socket listening on TCP
// port on 127.0.0.1 (or any address): a dial can reach whoever listens
// there, this asks Linux whose socket it is (/proc/net/tcp and the
// process's file descriptors). held is true when some socket listens on
// the port, ours or not.
func listening(pid, port int) (ours, held bool, err error) {
	inodes, err := listenInodes(port)
	if err != nil || len(inodes) == 0 {
		return false, false, err
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return false, true, nil // the process has exited
	}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join(fmt.Sprintf("/proc/%d/fd", pid), fd.Name()))
		if err != nil {
			continue
		}
		if inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] {
			return true, true, nil
		}
	}
	return false, true, nil
}

// listenInodes are the inodes of the sockets listening on TCP port, IPv4
// or IPv6, from /proc/net/tcp and /proc/net/tcp6.
func listenInodes(port int) (map[string]bool, error) {
	inodes := map[string]bool{}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			if table == "/proc/net/tcp6" && os.IsNotExist(err) {
				continue // no IPv6
			}
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // heading
		for sc.Scan() {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
			f := strings.Fields(sc.Text())
			if len(f) < 10 || f[3] != "0A" { // 0A: LISTEN
				continue
			}
			i := strings.LastIndexByte(f[1], ':')
			p, err := strconv.ParseUint(f[1][i+1:], 16, 16)
			if err == nil && int(p) == port {
				inodes[f[9]] = true
			}
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return inodes, nil
}
