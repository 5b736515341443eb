#pragma once
/// The trace being built while the sshd layer walks a login.

#include <string>

#include "config.hpp"
#include "lifeline/access.hpp"

namespace lifeline::sshd {

/// Accumulates trace steps and stops at the first denial or unknown.
struct Walk {
    LayerResult result;

    /// Records the line of `d` (nullptr: a compiled-in default, shown as such).
    void step(const Directive* d, std::string note, std::string_view keyword = {});
    void step(std::string file, int line, std::string text, std::string note);
    void deny(std::string reason);
    void unknown(std::string reason);
    void fact(std::string key, std::string value);
    bool done() const { return result.denies || result.unknown; }
};

}  // namespace lifeline::sshd
