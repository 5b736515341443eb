// Randomised malformed input: any bytes in any file must give a bounded run, no crash, and either
// findings with a file:line:col location or a clean pass. Runs in the sanitizer build as well.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include <sys/stat.h>
#include <unistd.h>

#include "run_command.hpp"

namespace fs = std::filesystem;
using lifeline::test::lifeline_bin;
using lifeline::test::run_command;

namespace {

const char* const k_fragments[] = {
    "Port 22\n", "Port 0\n", "Port 99999999999999999999\n", "PermitRootLogin maybe\n",
    "Match User alice\n", "Match Address 10.0.0.1/8\n", "Match\n", "Match all User x\n",
    "Include /etc/ssh/sshd_config\n", "Include /etc/ssh/sshd_config.d/*.conf\n",
    "Include \"unterminated\n", "AllowUsers a,b c@10.0.0.0/33 \"q\n", "ListenAddress [::1]:22\n",
    "ListenAddress [::1\n", "AuthenticationMethods publickey,password any\n",
    "AuthorizedKeysFile %h/%n/%\n", "LoginGraceTime 1h30x\n", "MaxStartups 10:30:5\n",
    "Subsystem sftp a\nSubsystem sftp b\n", "\"PasswordAuthentication\" no\n", "Port=\n",
    "Port == 22\n", "   \t\r\n", "#", "\\", "=", "\"", "'", "%", "*", "?", "!", ",",
    "ForceCommand echo \"hi # there\n", "Ciphers +aes128-ctr,^chacha20-poly1305@openssh.com\n",
    "IPQoS af11 af12 af13\n", "RekeyLimit 1G 1h\n", "PerSourceNetBlockSize 33:129\n",
};

std::string random_config(std::mt19937& rng) {
    std::string text;
    std::uniform_int_distribution<int> pieces(0, 40);
    std::uniform_int_distribution<size_t> frag(0, std::size(k_fragments) - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> mode(0, 9);
    int n = pieces(rng);
    for (int i = 0; i < n; ++i) {
        switch (mode(rng)) {
            case 0:  // raw random bytes, NULs included
                for (int k = byte(rng) % 64; k > 0; --k) text += static_cast<char>(byte(rng));
                break;
            case 1:  // a very long line
                text += "AllowUsers " + std::string(static_cast<size_t>(byte(rng)) * 400, 'a') + "\n";
                break;
            default:
                text += k_fragments[frag(rng)];
        }
    }
    return text;
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

TEST(Malformed, RandomHostTreesNeverCrashOrHang) {
    const unsigned seed = 20261124;
    std::mt19937 rng(seed);
    fs::path base = fs::temp_directory_path() / ("lifeline-malformed-" + std::to_string(::getpid()));
    for (int i = 0; i < 60; ++i) {
        fs::path root = base / std::to_string(i);
        write(root / "etc/ssh/sshd_config", random_config(rng));
        write(root / "etc/ssh/sshd_config.d/a.conf", random_config(rng));
        write(root / "etc/passwd", random_config(rng));
        write(root / "etc/group", random_config(rng));
        SCOPED_TRACE("seed " + std::to_string(seed) + " case " + std::to_string(i) + " " +
                     root.string());
        auto lint = run_command({lifeline_bin(), "lint", "--root", root.string(), "--format",
                                 "json"},
                                std::chrono::seconds(20));
        ASSERT_FALSE(lint.timed_out);
        ASSERT_TRUE(lint.exit_code == 0 || lint.exit_code == 1) << lint.err;
        auto doc = nlohmann::json::parse(lint.out);
        for (const auto& d : doc["diagnostics"]) {
            EXPECT_GE(d["line"].get<int>(), 1) << d.dump();
            EXPECT_GE(d["column"].get<int>(), 1) << d.dump();
        }
        auto dump = run_command({lifeline_bin(), "dump", "sshd", "--root", root.string(), "-C",
                                 "user=alice,addr=192.0.2.1,host=192.0.2.1,laddr=10.0.0.1,lport=22"},
                                std::chrono::seconds(20));
        ASSERT_FALSE(dump.timed_out);
        EXPECT_TRUE(dump.exit_code == 0 || dump.exit_code == 1 || dump.exit_code == 255)
            << dump.exit_code << dump.err;
        auto access = run_command({lifeline_bin(), "access", "alice@192.0.2.1", "--root",
                                   root.string(), "--format", "json"},
                                  std::chrono::seconds(20));
        ASSERT_FALSE(access.timed_out);
        EXPECT_TRUE(access.exit_code >= 0 && access.exit_code <= 2) << access.err;
        for (const auto* r : {&lint, &dump, &access}) {
            EXPECT_EQ(r->err.find("runtime error"), std::string::npos) << r->err;
            EXPECT_EQ(r->err.find("Sanitizer"), std::string::npos) << r->err;
        }
    }
    fs::remove_all(base);
}

TEST(Malformed, IncludeLoopIsReportedNotFollowedForever) {
    fs::path root = fs::temp_directory_path() / ("lifeline-loop-" + std::to_string(::getpid()));
    write(root / "etc/ssh/sshd_config", "Include /etc/ssh/sshd_config\n");
    auto lint = run_command({lifeline_bin(), "lint", "--root", root.string(), "--format", "json"},
                            std::chrono::seconds(20));
    ASSERT_FALSE(lint.timed_out);
    EXPECT_EQ(lint.exit_code, 1);
    EXPECT_NE(lint.out.find("SSHD006"), std::string::npos) << lint.out;
    fs::remove_all(root);
}

TEST(Malformed, FifoInTheTreeDoesNotHang) {
    fs::path root = fs::temp_directory_path() / ("lifeline-fifo-" + std::to_string(::getpid()));
    write(root / "etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n");
    fs::create_directories(root / "etc/ssh/sshd_config.d");
    ASSERT_EQ(::mkfifo((root / "etc/ssh/sshd_config.d/x.conf").c_str(), 0600), 0);
    auto lint = run_command({lifeline_bin(), "lint", "--root", root.string()},
                            std::chrono::seconds(20));
    EXPECT_FALSE(lint.timed_out);
    EXPECT_EQ(lint.exit_code, 1) << lint.out << lint.err;
    EXPECT_NE(lint.out.find("SSHD007"), std::string::npos) << lint.out;
    fs::remove_all(root);
}

}  // namespace

namespace {

TEST(Malformed, RootWithNothingToCheckIsAUsageError) {
    fs::path root = fs::temp_directory_path() / ("lifeline-empty-" + std::to_string(::getpid()));
    fs::create_directories(root);
    auto lint = run_command({lifeline_bin(), "lint", "--root", root.string()});
    EXPECT_EQ(lint.exit_code, 2);
    EXPECT_EQ(lint.err, "lifeline: nothing to check under " + root.string() +
                            ": no layer found (e.g. etc/ssh/sshd_config); is --root right?\n");
    auto missing = run_command({lifeline_bin(), "lint", "--root", (root / "nope").string()});
    EXPECT_EQ(missing.exit_code, 2);
    fs::remove_all(root);
}

}  // namespace
