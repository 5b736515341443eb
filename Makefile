# lifeline: the two commands a newcomer runs (`make demo`, `make test`) and the plumbing behind them.
# Every target works from a fresh clone on Debian 12 as root: `deps` installs what is missing.

PREFIX     ?= /usr/local
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
SANITIZE   ?= address,undefined
# Extra arguments for both CMake configurations, e.g. CMAKE_ARGS=-DCMAKE_CXX_COMPILER=clang++
CMAKE_ARGS ?=
# Line tables only (-g1): backtraces and sanitizer reports keep file:line, and the builds take
# about a quarter less time than with full debug information (-g).
DEBUG_INFO ?= -g1
# Suites not repeated under the sanitizers: the differential and end-to-end suites test
# semantics against real daemons, sarif_schema tests the output's shape (the SARIF renderer
# itself runs under the sanitizers in core_tests).
ASAN_EXCLUDE_LABELS ?= differential|sarif

# ccache (used when installed) shares objects between checkouts: paths inside this one are
# hashed relative to it and the build directory is not hashed, so a fresh clone compiles only
# what changed. Without ccache these do nothing.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

# Tests pass a test-wide timeout so a hung test fails instead of stalling CI.
CTEST = ctest --output-on-failure --no-tests=error --timeout 600 -j$(JOBS)
# Build trees must not be group/other-writable: lifeline run as root refuses such plugin dirs.
UMASK = umask 022 &&

.PHONY: all deps build demo test test-asan asan bench bench-gate install clean
# Targets run in the order given (deps before build), even under `make -j`.
.NOTPARALLEL:

all: build

deps:
	@bash scripts/install-deps.sh

build:
	@$(UMASK) cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 $(DEBUG_INFO) -DNDEBUG" $(CMAKE_ARGS) >/dev/null
	@$(UMASK) cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	@echo '$$ lifeline lint --root examples/debian-host'
	@status=0; ./$(BUILD)/lifeline lint --root examples/debian-host || status=$$?; \
	case $$status in \
	  0) echo "demo: lint exited 0: no lockout risk found";; \
	  1) echo "demo: lint exited 1 because it found the lockout risk shown above (that is the point of the demo), so make demo still succeeds";; \
	  *) echo "demo: lint exited $$status: usage error or unreadable input" >&2; exit $$status;; \
	esac
	@echo
	@echo '$$ lifeline access alice@198.51.100.7 --root examples/debian-host'
	@status=0; ./$(BUILD)/lifeline access alice@198.51.100.7 --root examples/debian-host || status=$$?; \
	case $$status in \
	  0|1) echo "demo: access walked the firewall, then sshd, and named the first layer that denies";; \
	  *) echo "demo: access exited $$status: unknown or error" >&2; exit $$status;; \
	esac

test: deps build
	$(CTEST) --test-dir $(BUILD)
	@$(MAKE) --no-print-directory test-asan

# The same suites built with AddressSanitizer + UndefinedBehaviorSanitizer in a second tree
# (Debug: -O0 compiles faster, and the tests are small).
test-asan: asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(CTEST) --test-dir $(ASAN_BUILD) $(if $(ASAN_EXCLUDE_LABELS),-LE '$(ASAN_EXCLUDE_LABELS)')

asan:
	@$(UMASK) cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="$(DEBUG_INFO)" -DLIFELINE_SANITIZE=$(SANITIZE) \
	  -DLIFELINE_DIFFERENTIAL_SUITES=OFF $(CMAKE_ARGS) >/dev/null
	@$(UMASK) cmake --build $(ASAN_BUILD) -j $(JOBS)

bench: deps build
	bash bench/run.sh $(BUILD)

# The change gate's figures (README "The change gate"): the e2e suite's namespaced hosts, timed.
bench-gate: deps build
	bash bench/gate.sh $(BUILD)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
