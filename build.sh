#!/usr/bin/env bash
# Cookie Playground build script.
#
#   ./build.sh                 build web/app.wasm, then bin/cookieplay with web/ in it
#   ./build.sh run [flags]     build, then serve (default -addr 127.0.0.1:8000)
#   ./build.sh test            vet, staticcheck and every test, browser tests included
#   ./build.sh screenshots     refresh the screenshots under web/ (README)
#   ./build.sh fuzz [TIME]     run every fuzz target for TIME each (default 30s)
#   ./build.sh replay [N]      replay the presets and N generated scenarios (default
#                              500), and many sessions recorded as HARs, in Chromium
#                              against the engine; print the agreement
#   ./build.sh bench [flags]   playground vs go-app hello world: sizes, load in
#                              Chromium, server throughput; then go test -bench
set -euo pipefail
cd "$(dirname "$0")"

# step runs a command as one numbered step of the build: a line saying what
# it does, the command's own output (if any) indented, and its duration.
steps_total=4
step_no=0
step() {
	local what=$1 start end
	shift
	step_no=$((step_no + 1))
	echo "[$step_no/$steps_total] $what"
	start=$(date +%s%N)
	"$@" 2>&1 | sed -u 's/^/      /'
	end=$(date +%s%N)
	printf '      done in %s s\n' "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')"
}

# wasm_opt shrinks the wasm with binaryen's wasm-opt when it is installed.
# It is optional: without it the wasm works the same and is a little larger.
wasm_opt() {
	if ! command -v wasm-opt >/dev/null 2>&1; then
		echo "optional tool wasm-opt not installed (Debian package binaryen): skipped, nothing is wrong"
		return
	fi
	wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
		web/app.wasm -o web/app.wasm.opt && mv web/app.wasm.opt web/app.wasm
}

build() {
	# The first build on a machine also downloads the Go modules it needs.
	step "building web/app.wasm (the UI: Go compiled to WebAssembly)" \
		env GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/app.wasm ./app/wasm
	step "optimising web/app.wasm with wasm-opt (optional)" wasm_opt
	# Brotli 11 is slow (about 40 s for app.wasm on two cores); it runs only
	# for files whose content changed since the last build.
	step "compressing web/ with gzip and brotli (only files that changed)" go run ./server/cmd/precompress -dir web
	# Last, so that web/ as it is now (wasm and precompressed copies) is
	# embedded: the binary alone serves everything.
	step "building bin/cookieplay (the server, web/ embedded)" go build -trimpath -o bin/cookieplay ./server/cmd/cookieplay
	echo "web/app.wasm: $(wc -c <web/app.wasm) bytes raw, $(wc -c <web/app.wasm.gz) gzip, $(wc -c <web/app.wasm.br) brotli"
	echo "bin/cookieplay: $(wc -c <bin/cookieplay) bytes"
}

# find_browser prints the path of a Chromium-family browser, if any: the one
# the browser tests and the bench would use (internal/chromium).
find_browser() {
	go run ./internal/chromium/findchromium
}

# ensure_browser installs Debian's chromium when no browser is there and we
# may (root with apt-get); otherwise it stops with what to do.
ensure_browser() {
	if [[ -n "$(find_browser)" ]]; then
		return
	fi
	if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "no browser found: installing Debian's chromium with apt-get"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq chromium >/dev/null
	fi
	if [[ -z "$(find_browser)" ]]; then
		cat >&2 <<'MSG'
build.sh test: no Chromium found, and it cannot be installed here (that needs
root and apt-get). Install Chromium (Debian/Ubuntu: sudo apt-get install chromium),
or set CHROME_PATH to a Chromium or Chrome binary, then run ./build.sh test again.
MSG
		exit 1
	fi
}

# ensure_curl installs curl, the real peer of the jar's cookies.txt tests,
# when it is missing and we may (root with apt-get); otherwise those tests
# fail and say so.
ensure_curl() {
	if command -v curl >/dev/null 2>&1; then
		return
	fi
	if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "no curl found: installing Debian's curl with apt-get"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq curl >/dev/null
	fi
	if ! command -v curl >/dev/null 2>&1; then
		echo "build.sh test: no curl found; the cookies.txt round-trip tests need it (Debian/Ubuntu: sudo apt-get install curl)" >&2
	fi
}

# staticcheck checks the host packages and the wasm's. It is installed
# outside go.mod (its x/tools would move our x/net, and with it the public
# suffix list in the wasm); where it cannot be fetched, a note says so.
STATICCHECK_VERSION=v0.8.2
staticcheck() {
	local bin="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/cookieplay/staticcheck-$STATICCHECK_VERSION"
	if [[ ! -x "$bin/staticcheck" ]] &&
		! GOBIN="$bin" GOFLAGS=-mod=mod go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" >/dev/null 2>&1; then
		echo "note: staticcheck $STATICCHECK_VERSION could not be installed (no module proxy?); skipped"
		return 0
	fi
	echo "staticcheck $STATICCHECK_VERSION"
	"$bin/staticcheck" ./...
	GOOS=js GOARCH=wasm "$bin/staticcheck" ./app/...
}

# ensure_axe installs npm's axe-core, which the accessibility browser test
# injects into every page, in a cache outside the repository, and passes
# its path in COOKIEPLAY_AXE; npm itself comes from apt-get where it is
# missing and we may (root). Without npm the test skips, with a note here;
# under CI it fails instead.
AXE_VERSION=4.14.1
ensure_axe() {
	local dir="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/cookieplay/axe-core-$AXE_VERSION"
	local file="$dir/node_modules/axe-core/axe.min.js"
	if [[ ! -f "$file" ]] && ! command -v npm >/dev/null 2>&1 &&
		[[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "no npm found: installing Debian's npm with apt-get (for axe-core)"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq npm >/dev/null || true
	fi
	if [[ ! -f "$file" ]] && command -v npm >/dev/null 2>&1; then
		echo "installing axe-core $AXE_VERSION with npm (accessibility test)"
		npm install --silent --no-save --no-audit --no-fund --prefix "$dir" "axe-core@$AXE_VERSION" >/dev/null 2>&1 || true
	fi
	if [[ -f "$file" ]]; then
		export COOKIEPLAY_AXE="$file"
	else
		echo "note: axe-core could not be installed (npm missing or offline): the accessibility test skips${CI:+, and fails under CI}"
	fi
}

cmd=${1:-build}
[[ $# -gt 0 ]] && shift
case "$cmd" in
build)
	build
	;;
run)
	build
	exec bin/cookieplay "$@"
	;;
test)
	build
	ensure_browser
	ensure_curl
	export CHROME_PATH="${CHROME_PATH:-$(find_browser)}"
	echo "go vet"
	go vet ./...
	GOOS=js GOARCH=wasm go vet ./app/...
	unformatted=$(gofmt -l app server)
	if [[ -n "$unformatted" ]]; then
		echo "gofmt would change: $unformatted" >&2
		exit 1
	fi
	staticcheck
	ensure_axe
	echo "go test (browser: $CHROME_PATH)"
	go test -count=1 -timeout 30m "$@" ./...
	;;
bench)
	# Figures, not tests: run it on an otherwise idle machine.
	build
	ensure_browser
	export CHROME_PATH="${CHROME_PATH:-$(find_browser)}"
	go run ./server/cmd/bench "$@"
	go test ./server ./app/cookierules -run '^$' -bench . -benchmem
	;;
replay)
	# The scenario replay in full: the explainer's presets and N scenarios
	# generated from COOKIEPLAY_SCENARIO_SEED (default 1, so that the
	# README's figures can be reproduced), performed in Chromium and compared
	# with the engine step by step. ./build.sh test runs a sample of 60 with
	# a new seed each time. Then the HAR replay: COOKIEPLAY_HAR_SESSIONS
	# random sessions (default 40, seed COOKIEPLAY_HAR_SEED) recorded under
	# each third-party cookie setting, explained and compared with Chromium.
	ensure_browser
	export CHROME_PATH="${CHROME_PATH:-$(find_browser)}"
	n=${1:-500}
	if ! [[ "$n" =~ ^[0-9]+$ ]]; then
		echo "usage: ./build.sh replay [N]   (N scenarios; default 500)" >&2
		exit 2
	fi
	out=$(mktemp)
	trap 'rm -f "$out"' EXIT
	status=0
	COOKIEPLAY_SCENARIOS="$n" COOKIEPLAY_SCENARIO_SEED="${COOKIEPLAY_SCENARIO_SEED:-1}" \
		COOKIEPLAY_HAR_SESSIONS="${COOKIEPLAY_HAR_SESSIONS:-40}" \
		go test -count=1 -timeout 120m -run '^(TestBrowserScenarioReplay|TestBrowserHARReplay)$' -v ./server >"$out" 2>&1 || status=$?
	grep -E 'scenario seed|replayed [0-9]+ scenarios|known difference|disagree|not replayed|sessions recorded|difference:|verdict differs|not judged:|^(--- |FAIL|ok)' "$out" | sed 's/^ *//'
	if [[ $status -ne 0 ]]; then
		echo "the replay failed; every line: go test -run 'TestBrowserScenarioReplay|TestBrowserHARReplay' -v ./server (output kept in $out.log)" >&2
		cp "$out" "$out.log"
	fi
	exit $status
	;;
fuzz)
	# Every fuzz target, one after the other, each for a bounded time.
	fuzztime=${1:-30s}
	targets=(
		"./server FuzzAPIAgreesWithEngine"
		"./server FuzzSessionDecode"
		"./server FuzzAPICookiesSet"
		"./server FuzzLogin"
		"./server FuzzQueryString"
		"./app/api FuzzParseCookieString"
		"./app/cookierules FuzzSetCookie"
		"./app/explainer FuzzScenario"
		"./app/explainer FuzzDecodeScenario"
	)
	for target in "${targets[@]}"; do
		read -r pkg name <<<"$target"
		echo "fuzzing $name ($pkg) for $fuzztime"
		out=$(go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" 2>&1) || {
			echo "$out" >&2
			exit 1
		}
		echo "$out" | grep -E '^fuzz: elapsed' | tail -1
	done
	;;
screenshots)
	build
	ensure_browser
	CHROME_PATH="${CHROME_PATH:-$(find_browser)}" COOKIEPLAY_SCREENSHOTS=1 go test -count=1 -run 'Screenshot' ./server/
	;;
*)
	echo "usage: ./build.sh [build | run [server flags] | test [go test flags] | replay [N] | fuzz [time] | screenshots | bench]" >&2
	exit 2
	;;
esac
