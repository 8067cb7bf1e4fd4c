package mqtttest

import (
	"os"
	"testing"
)

// TestShippedACL keeps the example Mosquitto ACL the one the tests run on.
func TestShippedACL(t *testing.T) {
	b, err := os.ReadFile("../../../mosquitto/anjungan.acl")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != KioskACL("staff") {
		t.Fatalf("mosquitto/anjungan.acl differs from KioskACL(\"staff\"):\n%s", b)
	}
}
