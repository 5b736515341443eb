#pragma once
/// A host tree in memory for sshd unit tests.

#include <fstream>
#include <sstream>
#include <string>

#include "config.hpp"
#include "effective.hpp"
#include "fake_fs.hpp"
#include "lifeline/host.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::sshd::test {

/// A fake host rooted at "/" with a file system the test fills.
struct TestHost {
    lifeline::test::FakeFileSystem fs;
    SourceManager sources;
    Host host{"/", fs, sources};

    TestHost& file(const std::string& path, std::string content) {
        fs.add_file(path, std::move(content));
        return *this;
    }
    TestHost& config(std::string content) {
        return file("/etc/ssh/sshd_config", std::move(content));
    }
    Config load() { return load_config(host); }
};

/// The first value of `keyword` for `conn`.
inline std::string value_of(const Config& cfg, const Connection& conn, const UserDb& users,
                            std::string_view keyword) {
    Effective e = evaluate(cfg, conn, users);
    const Setting& s = e.get(keyword);
    return s.values.empty() ? std::string("<none>") : s.values.front();
}

/// Reads a file of the test data directory.
inline std::string read_data(const std::string& name) {
    std::ifstream in(std::string(LIFELINE_SSHD_TEST_DATA) + "/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The messages of a config's errors (severity error), in order.
inline std::vector<std::string> error_messages(const Config& cfg) {
    std::vector<std::string> out;
    for (const auto& e : cfg.errors)
        if (e.severity == Severity::error) out.push_back(e.rule_id + " " + e.message);
    return out;
}

}  // namespace lifeline::sshd::test
