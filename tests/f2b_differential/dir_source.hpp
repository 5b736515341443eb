#pragma once
/// A fail2ban ConfigSource over the real file system, as fail2ban-client sees it: a path that
/// does not exist, is not a regular file (after following symlinks) or cannot be read reads as
/// absent, which is how fail2ban skips such files.

#include "fail2ban/config.hpp"

namespace lifeline::f2b::testing {

/// Reads files and lists directories from the host file system.
class DirConfigSource final : public ConfigSource {
  public:
    std::optional<std::string> read(const std::string& path) const override;
    std::vector<std::string> list(const std::string& dir) const override;
};

}  // namespace lifeline::f2b::testing
