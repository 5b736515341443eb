#include "access/walk.hpp"

namespace lifeline::sshd {

void Walk::step(const Directive* d, std::string note, std::string_view keyword) {
    if (!d) {
        result.trace.push_back({"(default)", 0, std::string(keyword), std::move(note)});
        return;
    }
    std::string_view text = d->file ? d->file->line(d->line) : std::string_view{};
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    result.trace.push_back({d->path(), d->line, std::string(text), std::move(note)});
}

void Walk::step(std::string file, int line, std::string text, std::string note) {
    result.trace.push_back({std::move(file), line, std::move(text), std::move(note)});
}

void Walk::deny(std::string reason) {
    result.denies = true;
    result.verdict = "denied";
    result.reason = std::move(reason);
}

void Walk::unknown(std::string reason) {
    result.unknown = true;
    result.verdict = "unknown";
    result.reason = std::move(reason);
}

void Walk::fact(std::string key, std::string value) {
    result.facts.emplace_back(std::move(key), std::move(value));
}

}  // namespace lifeline::sshd
