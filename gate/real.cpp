#include "real.hpp"

#include <cstdio>
#include <ctime>
#include <thread>

namespace lifeline::gate {

Millis SteadyClock::now() const {
    return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

void SteadyClock::sleep_for(Millis duration) { std::this_thread::sleep_for(duration); }

void StreamReporter::say(Phase phase, Millis elapsed, std::string_view message) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%7.2fs] ", static_cast<double>(elapsed.count()) / 1000.0);
    m_out << stamp << phase_name(phase) << ": " << message << std::endl;
}

std::string RandomNonces::next() {
    char buf[48];
    std::snprintf(buf, sizeof buf, "lifeline-%08x%08x%08x%08x", m_random(), m_random(), m_random(),
                  m_random());
    return buf;
}

bool CommandChange::start(std::string& error) {
    m_child = m_exec.spawn(m_argv, m_env, false, error);
    return m_child != nullptr;
}

std::optional<int> CommandChange::wait_for(Millis timeout) {
    return m_child ? m_child->wait_for(timeout) : std::optional<int>(127);
}

std::string new_gate_id() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    std::random_device r;
    char tail[8];
    std::snprintf(tail, sizeof tail, "-%04x", r() & 0xffff);
    return std::string(buf) + tail;
}

}  // namespace lifeline::gate
