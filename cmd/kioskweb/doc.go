// Command kioskweb is the patrons' makerspace booking site: the pages of
// kiosk/web over the kiosk's booking store and library system, read from
// the kiosk's own TOML file.
//
//	kioskweb [-config kiosk.toml]
//
// It reads [kiosk] site and data_dir, [library], [sip2], [slims],
// [patron] max_pin_attempts and lockout, [makerspace] and its own [web]
// section (listen, tls_cert, tls_key, base_url, behind_proxy,
// trusted_proxies, insecure_cookies, session_idle, session_max); other
// sections are the kiosk's and are left alone. With no config it serves
// the demo library and a demo makerspace, made in a temporary folder, on
// http://127.0.0.1:8080. SIGTERM or SIGINT stops it gracefully.
package main
