// Fresh-login probes: target parsing, the probe's argv, and the classifier. The stderr texts
// below were recorded from Debian 12's real OpenSSH 9.2 client (`ssh -T -o BatchMode=yes …`)
// against the real sshd in a throw-away network namespace on 2026-11-24: each case names the
// situation that produced it.
#include "probe.hpp"

#include <gtest/gtest.h>

namespace lifeline::gate {
namespace {

Target parse_ok(std::string_view text) {
    std::string err;
    auto t = parse_target(text, err);
    EXPECT_TRUE(t) << text << ": " << err;
    return t.value_or(Target{});
}

std::string parse_err(std::string_view text) {
    std::string err;
    EXPECT_FALSE(parse_target(text, err)) << text;
    return err;
}

TEST(GateTarget, Forms) {
    Target t = parse_ok("alice@[2001:db8::7]:2222");
    EXPECT_EQ(t.user, "alice");
    EXPECT_EQ(t.host, "2001:db8::7");
    EXPECT_EQ(t.port, 2222);
    t = parse_ok("db1.example.org");
    EXPECT_EQ(t.user, "");
    EXPECT_EQ(t.host, "db1.example.org");
    EXPECT_EQ(t.port, 0);
    t = parse_ok("root@10.0.0.2:22");
    EXPECT_EQ(t.host, "10.0.0.2");
    EXPECT_EQ(t.port, 22);
    t = parse_ok("2001:db8::7");  // bare IPv6: no port
    EXPECT_EQ(t.host, "2001:db8::7");
    EXPECT_EQ(t.port, 0);
    t = parse_ok("[2001:db8::7]");
    EXPECT_EQ(t.host, "2001:db8::7");
}

TEST(GateTarget, Errors) {
    EXPECT_EQ(parse_err("alice@[2001:db8::7"), "unbalanced '[' in 'alice@[2001:db8::7'");
    EXPECT_EQ(parse_err("[10.0.0.1]:22"), "'10.0.0.1' in brackets is not an IPv6 address");
    EXPECT_EQ(parse_err("db1:0"), "'0' is not a port number (1-65535)");
    EXPECT_EQ(parse_err("db1:"), "'' is not a port number (1-65535)");
    EXPECT_EQ(parse_err("db1:ssh"), "'ssh' is not a port number (1-65535)");
    EXPECT_EQ(parse_err("2001:db8::7:22x"),
              "'2001:db8::7:22x' is not an IPv6 address (write an IPv6 address with a port as "
              "[2001:db8::7]:22)");
    EXPECT_EQ(parse_err("-oProxyCommand=x"), "'-oProxyCommand=x' is not a host name or address");
    EXPECT_EQ(parse_err("@db1"), "'' is not a user name");
    EXPECT_EQ(parse_err("alice@"), "'' is not a host name or address");
}

TEST(GateTarget, FormatBracketsIpv6OnlyWithAPort) {
    EXPECT_EQ(format_target({"alice", "2001:db8::7", 22}), "alice@[2001:db8::7]:22");
    EXPECT_EQ(format_target({"alice", "2001:db8::7", 0}), "alice@2001:db8::7");
    EXPECT_EQ(format_target({"", "db1", 2222}), "db1:2222");
    EXPECT_EQ(format_target({"root", "10.0.0.2", 0}), "root@10.0.0.2");
}

TEST(GateProbe, ArgvNeverSharesAConnectionAndNeverPrompts) {
    ProbeOptions o;
    o.connect_timeout = std::chrono::seconds(3);
    o.ssh_options = {"UserKnownHostsFile=/tmp/kh"};
    o.identity = "/tmp/id";
    auto argv = probe_argv({"alice", "2001:db8::7", 2222}, o, "echo n-42");
    std::vector<std::string> want{"ssh",  "-T",
                                  "-o",   "BatchMode=yes",
                                  "-o",   "ControlMaster=no",
                                  "-o",   "ControlPath=none",
                                  "-o",   "ConnectionAttempts=1",
                                  "-o",   "LogLevel=INFO",
                                  "-o",   "ConnectTimeout=3",
                                  "-o",   "UserKnownHostsFile=/tmp/kh",
                                  "-i",   "/tmp/id",
                                  "-p",   "2222",
                                  "-l",   "alice",
                                  "--",   "2001:db8::7",
                                  "echo n-42"};
    EXPECT_EQ(argv, want);
}

sys::RunResult exited(int code, std::string out, std::string err) {
    sys::RunResult r;
    r.status = sys::RunStatus::exited;
    r.exit_code = code;
    r.out = std::move(out);
    r.err = std::move(err);
    return r;
}

void expect(const sys::RunResult& run, ProbeOutcome outcome, std::string detail) {
    ProbeResult r = classify_probe(run, "N");
    EXPECT_EQ(outcome_name(r.outcome), outcome_name(outcome)) << run.err;
    EXPECT_EQ(r.detail, detail);
}

TEST(GateProbe, ClassifiesTheRealClientsMessages) {
    // Logged in; the first line is what LogLevel INFO prints on a first connection.
    expect(exited(0, "N\n",
                  "Warning: Permanently added '[127.0.0.1]:2222' (ED25519) to the list of known "
                  "hosts.\n"),
           ProbeOutcome::ok, "");
    // Nothing listens on the port (also `reject with tcp reset` and an ICMP port-unreachable).
    expect(exited(255, "", "ssh: connect to host 127.0.0.1 port 1: Connection refused\n"),
           ProbeOutcome::refused, "ssh: connect to host 127.0.0.1 port 1: Connection refused");
    // nft `reject with icmp type host-unreachable`.
    expect(exited(255, "", "ssh: connect to host 127.0.0.1 port 2222: No route to host\n"),
           ProbeOutcome::refused, "ssh: connect to host 127.0.0.1 port 2222: No route to host");
    expect(exited(255, "", "ssh: connect to host 10.99.99.99 port 2222: Network is unreachable\n"),
           ProbeOutcome::refused,
           "ssh: connect to host 10.99.99.99 port 2222: Network is unreachable");
    expect(exited(255, "",
                  "ssh: Could not resolve hostname no-such-host.invalid: Temporary failure in "
                  "name resolution\n"),
           ProbeOutcome::refused,
           "ssh: Could not resolve hostname no-such-host.invalid: Temporary failure in name "
           "resolution");
    // nft `tcp dport 2222 drop`, ConnectTimeout=2.
    expect(exited(255, "", "ssh: connect to host 127.0.0.1 port 2222: Connection timed out\n"),
           ProbeOutcome::timed_out,
           "ssh: connect to host 127.0.0.1 port 2222: Connection timed out");
    // nft `tcp dport 2222 ct state established drop`: the handshake completes, nothing more.
    expect(exited(255, "",
                  "Connection timed out during banner exchange\n"
                  "Connection to 127.0.0.1 port 2222 timed out\n"),
           ProbeOutcome::timed_out, "Connection timed out during banner exchange");
    // The server's KexAlgorithms and the client's have nothing in common.
    expect(exited(255, "",
                  "Unable to negotiate with 127.0.0.1 port 2222: no matching key exchange method "
                  "found. Their offer: curve25519-sha256,kex-strict-s-v00@openssh.com\n"),
           ProbeOutcome::key_exchange,
           "Unable to negotiate with 127.0.0.1 port 2222: no matching key exchange method found. "
           "Their offer: curve25519-sha256,kex-strict-s-v00@openssh.com");
    // A listener that closes at once (sshd dying per connection, MaxStartups).
    expect(exited(255, "",
                  "kex_exchange_identification: Connection closed by remote host\n"
                  "Connection closed by 127.0.0.1 port 2300\n"),
           ProbeOutcome::key_exchange,
           "kex_exchange_identification: Connection closed by remote host");
    // Something that is not sshd answers (an HTTP server, then a reset).
    expect(exited(255, "",
                  "kex_exchange_identification: read: Connection reset by peer\n"
                  "Connection reset by 127.0.0.1 port 2301\n"),
           ProbeOutcome::key_exchange, "kex_exchange_identification: read: Connection reset by peer");
    // A host key that is not the known one, StrictHostKeyChecking yes (the banner is shortened).
    expect(exited(255, "",
                  "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                  "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
                  "Offending ED25519 key in /tmp/sshx/kh2:1\n"
                  "Host key for [127.0.0.1]:2222 has changed and you have requested strict "
                  "checking.\n"
                  "Host key verification failed.\n"),
           ProbeOutcome::key_exchange, "Host key verification failed.");
    // No accepted key.
    expect(exited(255, "",
                  "root@127.0.0.1: Permission denied (publickey,password,keyboard-interactive).\n"),
           ProbeOutcome::auth_denied,
           "root@127.0.0.1: Permission denied (publickey,password,keyboard-interactive).");
    // Seven keys offered against MaxAuthTries 6.
    expect(exited(255, "",
                  "Received disconnect from 127.0.0.1 port 2222:2: Too many authentication "
                  "failures\nDisconnected from 127.0.0.1 port 2222\n"),
           ProbeOutcome::auth_denied,
           "Received disconnect from 127.0.0.1 port 2222:2: Too many authentication failures");
    // MaxSessions 0: authenticated, but no session opens.
    expect(exited(255, "", "channel 0: open failed: connect failed: open failed\n"),
           ProbeOutcome::command_failed, "channel 0: open failed: connect failed: open failed");
    // The account's shell is nologin.
    expect(exited(1, "", "This account is currently not available.\n"),
           ProbeOutcome::command_failed,
           "the command exited with status 1: This account is currently not available.");
    // The command ran but exited 7 after echoing: not a working login for the gate.
    expect(exited(7, "N\n", ""), ProbeOutcome::command_failed,
           "the command exited with status 7");
    // The remote command itself exited 255 without a word (`exit 255`).
    expect(exited(255, "", ""), ProbeOutcome::command_failed,
           "ssh exited with status 255 and no message");
}

TEST(GateProbe, EchoOfAnotherNonceIsNoProof) {
    expect(exited(0, "M\n", ""), ProbeOutcome::command_failed,
           "logged in, but the command's output lacks the nonce N");
}

TEST(GateProbe, RunFailures) {
    sys::RunResult r;
    r.status = sys::RunStatus::timed_out;
    expect(r, ProbeOutcome::timed_out, "no answer before the probe's deadline (ssh was stopped)");
    r.status = sys::RunStatus::not_found;
    expect(r, ProbeOutcome::command_failed, "ssh is not installed on this machine");
}

TEST(ProbeAddress, NamesHostAndPortWithIpv6Bracketed) {
    EXPECT_EQ(probe_address(parse_ok("root@10.0.0.2:2222")), "10.0.0.2:2222");
    EXPECT_EQ(probe_address(parse_ok("alice@[2001:db8::7]:22")), "[2001:db8::7]:22");
    // No port given: ssh's configuration may choose one, so none is claimed.
    EXPECT_EQ(probe_address(parse_ok("db1")), "db1");
    EXPECT_EQ(probe_address(parse_ok("2001:db8::7")), "2001:db8::7");
}

}  // namespace
}  // namespace lifeline::gate
