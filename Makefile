# Anjungan — library self-service kiosk. `make` lists the targets.
SHELL := /bin/bash
GO ?= go
ARGS ?=
APT_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
AXE_DIR := $(HOME)/.cache/anjungan/axe
TEST_PKGS := mosquitto mariadb-server postgresql chromium xvfb xauth xdotool imagemagick poppler-utils

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

# apt-install installs the Debian packages in $(1) that are missing, with
# sudo when not root.
define apt-install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps: ## install apt packages for Fyne's cgo build (only the missing ones) and Go modules
	$(call apt-install,$(APT_PKGS))
	@command -v $(GO) >/dev/null || { echo "Go 1.26 or newer is needed: https://go.dev/doc/install"; exit 1; }
	$(GO) mod download

test-deps: deps ## also install what the tests use: Mosquitto (a real MQTT broker), MariaDB (SLiMS's database), PostgreSQL (a shared makerspace), Chromium and axe-core (the phones' pages), Xvfb, xdotool and ImageMagick (the real kiosk window) and poppler-utils (pdftotext reads the SKM report's PDF back)
	$(call apt-install,$(TEST_PKGS))
	@command -v npm >/dev/null || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; $$SUDO apt-get install -y -qq nodejs npm; }
	@# axe-core audits the web pages in Chromium; fetched from npm, never kept in the repository
	@test -f $(AXE_DIR)/node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund --prefix $(AXE_DIR) axe-core@4

run: deps ## run the kiosk full screen on the demo library (ARGS=-windowed for a window)
	$(GO) run ./cmd/kiosk $(ARGS)

build: deps ## build the binaries into bin/
	$(GO) build -o bin/ ./cmd/...

test: test-deps ## run every test
	$(GO) test -count=1 ./...

bench: test-deps ## run the benchmarks and print the figures
	$(GO) test -run '^$$' -bench . -benchmem -benchtime=2s ./...

check: test-deps ## gofmt, go vet, staticcheck, go mod tidy and the race detector
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	$(GO) mod tidy -diff
	$(GO) test -race -count=1 ./...

docs-charts: ## redraw the README's charts of the library's numbers (docs/library-numbers-*.png) with kioskctl from a generated year
	ANJUNGAN_DOCS=$(CURDIR)/docs $(GO) test -count=1 -run '^TestDocsCharts$$' ./cmd/kioskctl

package: deps ## build a Linux package (dist/) described by FyneApp.toml
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	mkdir -p dist
	@# fyne package reads FyneApp.toml from the folder it packages: stage the
	@# root one there, with its icon path made relative to that folder.
	sed 's#^Icon = "#Icon = "../../#' FyneApp.toml > cmd/kiosk/FyneApp.toml
	cd cmd/kiosk && $$($(GO) env GOPATH)/bin/fyne package -os linux --release; \
		status=$$?; rm -f FyneApp.toml fyne_metadata_init.go; exit $$status
	mv cmd/kiosk/*.tar.xz dist/

.PHONY: help deps test-deps run build test bench check docs-charts package
