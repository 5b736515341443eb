#include "fake_process.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lifeline::test {

FakeProcessRunner& FakeProcessRunner::on(const std::string& command, std::string out,
                                         int exit_code, std::string err) {
    sys::RunResult r;
    r.status = sys::RunStatus::exited;
    r.exit_code = exit_code;
    r.out = std::move(out);
    r.err = std::move(err);
    m_results[command] = std::move(r);
    return *this;
}

FakeProcessRunner& FakeProcessRunner::fail(const std::string& command, sys::RunStatus status,
                                           std::string error) {
    sys::RunResult r;
    r.status = status;
    r.error = std::move(error);
    m_results[command] = std::move(r);
    return *this;
}

FakeProcessRunner& FakeProcessRunner::on_file(const std::string& command, const std::string& path,
                                              int exit_code) {
    return on(command, read_test_file(path), exit_code);
}

sys::RunResult FakeProcessRunner::run(const std::vector<std::string>& argv,
                                      std::chrono::milliseconds timeout) const {
    (void)timeout;
    std::string command;
    for (const auto& a : argv) command += (command.empty() ? "" : " ") + a;
    m_calls.push_back(command);
    auto it = m_results.find(command);
    if (it == m_results.end()) return sys::RunResult{};  // not_found
    return it->second;
}

std::string read_test_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read test data " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace lifeline::test
