#pragma once
/// The real clock, reporter, nonces and change command of `lifeline run`.

#include <map>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "exec.hpp"
#include "gate.hpp"

namespace lifeline::gate {

class SteadyClock final : public Clock {
public:
    Millis now() const override;
    void sleep_for(Millis duration) override;
};

/// `[  12.34s] probe: fresh login works`, one line per report, flushed.
class StreamReporter final : public Reporter {
public:
    explicit StreamReporter(std::ostream& out) : m_out(out) {}
    void say(Phase phase, Millis elapsed, std::string_view message) override;

private:
    std::ostream& m_out;
};

/// 128 random bits as hex, from std::random_device.
class RandomNonces final : public NonceSource {
public:
    std::string next() override;

private:
    std::random_device m_random;
};

/// The wrapped command, on the operator's terminal, with `env` added.
class CommandChange final : public Change {
public:
    CommandChange(Exec& exec, std::vector<std::string> argv, std::map<std::string, std::string> env)
        : m_exec(exec), m_argv(std::move(argv)), m_env(std::move(env)) {}
    bool start(std::string& error) override;
    std::optional<int> wait_for(Millis timeout) override;

private:
    Exec& m_exec;
    std::vector<std::string> m_argv;
    std::map<std::string, std::string> m_env;
    std::unique_ptr<Child> m_child;
};

/// A new gate ID: UTC date and time plus 4 random hex digits (`20261124-225301-9f3a`).
std::string new_gate_id();

}  // namespace lifeline::gate
