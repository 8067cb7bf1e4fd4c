package slimstest

// Socket is the path of the server's Unix socket. The databases' kiosk
// users are granted from 127.0.0.1 only, so over the socket (as
// localhost) they are refused: a host grant missing.
func (s *Server) Socket() string { return s.sock }
