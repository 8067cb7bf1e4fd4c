// Package sip2 speaks 3M Standard Interchange Protocol 2.00 with a
// library system (Koha, Evergreen, or the SIP2 gateways of SLiMS and
// INLISLite).
//
// A message is a two-digit code, a fixed-length part whose layout the
// code decides, and variable fields "XXvalue|" in any order, some
// repeatable. With error detection on, the message ends "AY<seq>AZ<sum>":
// a sequence digit the answer repeats, and the two's complement of the
// 16-bit sum of the bytes up to and including "AZ", as four hex digits.
// Messages end with a carriage return.
//
// This file set is the codec: Message, Encode, Parse and Checksum, strict
// where the specification is clear and tolerant where real servers
// differ (line ends, lower-case checksums, missing fields, unknown fields).
package sip2
