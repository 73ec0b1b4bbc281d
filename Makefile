# Parley: `make run` starts the demo, `make test` runs every test. Both install missing Debian packages first.
SHELL := /bin/bash
SWIFT ?= swift
# Packages the build needs, and what the tests add (a real browser, the sqlite3 CLI, load tools).
BUILD_DEBS := libmicrohttpd-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev pkg-config ca-certificates
TEST_DEBS := chromium chromium-driver sqlite3 wrk python3
RELEASE_FLAGS := -c release --static-swift-stdlib -Xlinker -s
RELEASE_BIN := .build/release/parley

.PHONY: all deps test-deps build release run demo test assets bench clean deb deb-test

all: build

# Installs only what dpkg says is missing, so a ready machine spends no time here.
define install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_DEBS))

test-deps: deps
	$(call install_missing,$(TEST_DEBS))

# Regenerates the #embed table of web/ and Resources/ (needed only when files are added or removed).
assets:
	@sh Sources/CParleyWeb/generate.sh

build: deps assets
	$(SWIFT) build

release: deps assets
	$(SWIFT) build $(RELEASE_FLAGS)

run: release
	$(RELEASE_BIN) demo

demo: run

# Debug build for the suites; the binary smoke test also needs the stripped release binary.
test: test-deps assets
	$(SWIFT) build $(RELEASE_FLAGS)
	PARLEY_RELEASE_BIN=$(CURDIR)/$(RELEASE_BIN) $(SWIFT) test 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

# Debian package: .build/parley_<version>_<arch>.deb (binary, unit, env file as conffile, postinst makes the user).
deb: release
	sh packaging/build-deb.sh

# Installs the .deb on this machine, runs it as the parley user, then removes it (not part of `make test`).
deb-test: deb
	PARLEY_DEB_TEST=1 PARLEY_DEB=$$(ls -t $(CURDIR)/.build/parley_*.deb | head -1) $(SWIFT) test --filter PackagingTests

# Benchmarks (not part of `make test`): ingest vs bench/ref_ingest.c, /healthz vs bench/hello.c, inbox queries over
# 20k conversations / 1M messages, footprint. Prints a table and writes bench/results.json.
bench: test-deps release
	$(call install_missing,gcc)
	PARLEY_BIN=$(CURDIR)/$(RELEASE_BIN) bash bench/run.sh

# The long fault suites (minutes): kill -9 crash consistency, disk full on a tmpfs, slowloris, schemathesis, libFuzzer.
.PHONY: test-faults
test-faults: test-deps release
	$(call install_missing,slowhttptest python3-venv gcc)
	PARLEY_BIN=$(CURDIR)/$(RELEASE_BIN) bash bench/faults/run.sh

clean:
	rm -rf .build
