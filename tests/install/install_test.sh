#!/usr/bin/env bash
# Installs a lifeline build into a temporary prefix, builds the out-of-tree plugin in plugin/
# against that prefix only (find_package(lifeline) + lifeline_add_plugin()), and checks that the
# installed lifeline loads it (--plugin-dir, then installed next to the sshd plugin), that its
# rule fires with the exact expected output, and that it finds its own sshd plugin by itself.
#
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
umask 022
work=$(mktemp -d /tmp/lifeline-install-test-XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
prefix=$work/prefix
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# expect_eq WHAT EXPECTED ACTUAL: compares two strings, shows a diff when they differ.
expect_eq() {
    if [[ "$2" == "$3" ]]; then
        echo "ok: $1"
    else
        fail "$1"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") >&2 || true
    fi
}
# The block `lifeline plugins` prints for plugin $1 (header line plus indented lines).
plugin_block() {
    awk -v name="$1" '/^[^ ]/ { inside = index($0, name " ") == 1 } inside' 
}
# Runs the installed lifeline with no plugin path from the environment; sets out, err, status.
run() {
    status=0
    LIFELINE_PLUGIN_PATH= "$prefix/bin/lifeline" "$@" >"$work/out" 2>"$work/err" || status=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
}

# 1. Install, and build the plugin from a copy outside the source tree so that nothing but the
#    installed package can reach lifeline's headers.
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
cp -r "$src/tests/install/plugin" "$work/plugin-src"
cmake -S "$work/plugin-src" -B "$work/plugin-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/configure.log"
cmake --build "$work/plugin-build" >"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }

config=$(find "$prefix" -name lifelineConfig.cmake)
expect_eq "find_package found the installed package" "$(dirname "$config")" \
    "$(sed -n 's/^lifeline_DIR:PATH=//p' "$work/plugin-build/CMakeCache.txt")"
if grep -q -F -e "$src/" "$work/plugin-build/compile_commands.json"; then
    fail "the plugin was compiled with paths into the source tree $src"
fi
grep -q -F -e "-isystem $prefix/include" -e "-I$prefix/include" \
    "$work/plugin-build/compile_commands.json" || fail "the plugin did not use $prefix/include"
module=$work/plugin-build/lifeline-banner.so
[[ -f $module ]] || fail "no module at $module"

# 2. The installed lifeline loads the plugin from its build directory.
banner_block="banner 1.0.0  ($module)
  Pre-login banner (/etc/issue.net)
  formats:
    issue.net
    *.banner
  rules: BANNER001"
run --plugin-dir "$work/plugin-build" plugins
expect_eq "plugins exit status" 0 "$status"
expect_eq "plugins stderr" "" "$err"
expect_eq "plugins lists the out-of-tree plugin" "$banner_block" "$(plugin_block banner <<<"$out")"

# 3. Its rule fires on a file it claims, with the exact gcc-style line, caret and help.
printf 'Authorized use only.\nDebian GNU/Linux 12\n' >"$work/login.banner"
run --plugin-dir "$work/plugin-build" lint "$work/login.banner"
expect_eq "lint exit status (a warning fails the default --fail-on)" 1 "$status"
expect_eq "lint stderr" "" "$err"
# "Debian " is 7 bytes: the finding starts at column 8 and spans the 9 bytes of "GNU/Linux".
expect_eq "lint output" "$work/login.banner:2:8: warning: the banner names the operating system [BANNER001 banner-reveals-os]
 2 | Debian GNU/Linux 12
   |        ^~~~~~~~~
  help: show a legal notice only; the OS name helps attackers pick exploits
0 errors, 1 warning, 0 info" "$out"

mkdir -p "$work/host/etc"
printf 'Debian GNU/Linux 12\n' >"$work/host/etc/issue.net"
run --plugin-dir "$work/plugin-build" lint --root "$work/host" --fail-on error
expect_eq "lint --root exit status (--fail-on error)" 0 "$status"
expect_eq "lint --root first line" \
    "$work/host/etc/issue.net:1:8: warning: the banner names the operating system [BANNER001 banner-reveals-os]" \
    "$(head -n 1 <<<"$out")"

# Without --policy or a .lifeline.yaml, lint uses the installed lockout pack (selecting ALL, so
# the out-of-tree rule above ran). Run from $work: no repository policy above it.
pushd "$work" >/dev/null
run policy show --origin
popd >/dev/null
expect_eq "policy show exit status" 0 "$status"
expect_eq "policy show reads the installed lockout pack" \
    "# effective policy of $prefix/share/lifeline/policies/lockout.yaml" "$(head -n 1 <<<"$out")"

run --plugin-dir "$work/plugin-build" rules BANNER001
expect_eq "rules exit status" 0 "$status"
expect_eq "rules prints the embedded doc page" "# BANNER001 banner-reveals-os

Plugin: banner; default severity: warning

$(cat "$src/tests/install/plugin/rules/banner-reveals-os.md")" "$out"

# 4. By itself, the installed lifeline finds the installed sshd plugin (and nothing else).
sshd_line="^sshd [^ ]+  \\($prefix/lib/lifeline/plugins/lifeline-sshd\\.so\\)\$"
run plugins
expect_eq "plugins (no flags) exit status" 0 "$status"
expect_eq "plugins (no flags) stderr" "" "$err"
grep -q -E "$sshd_line" <<<"$out" || fail "installed sshd plugin not listed: $out"
expect_eq "plugins (no flags) has no banner" "" "$(plugin_block banner <<<"$out")"

# 5. Installed with the plugin's own install rule, it lands where lifeline looks, and resolves
#    liblifeline-core through its RPATH.
cmake --install "$work/plugin-build" >"$work/plugin-install.log"
installed=$prefix/lib/lifeline/plugins/lifeline-banner.so
[[ -f $installed ]] || fail "plugin not installed at $installed"
resolved=$(ldd "$installed" | sed -n 's/^[[:space:]]*liblifeline-core\.so\.0 => \([^ ]*\) .*/\1/p')
expect_eq "installed plugin resolves liblifeline-core through its RPATH" \
    "$prefix/lib/liblifeline-core.so.0" "$(realpath -s -m "${resolved:-none}")"
run plugins
grep -q -E "$sshd_line" <<<"$out" || fail "installed sshd plugin not listed: $out"
expect_eq "plugins lists the installed out-of-tree plugin" \
    "${banner_block/"$module"/$installed}" "$(plugin_block banner <<<"$out")"

if ((failures)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "install test: all checks passed"
