#pragma once
/// Reading nft files from a host tree (or an explicit file) for the parser.

#include <optional>
#include <string>

#include "lifeline/host.hpp"
#include "load.hpp"
#include "parser.hpp"

namespace lifeline::nft {

/// Files by host path under the host's root; they are registered with the host's source
/// manager so renderers can quote them. An explicit file (from the command line) is read by
/// its own path instead.
class HostSourceReader final : public SourceReader {
  public:
    explicit HostSourceReader(Host& host, std::optional<std::string> explicit_file = {});
    std::optional<File> read(const std::string& host_path, std::string& error) override;
    std::vector<std::string> glob(const std::string& pattern) override;

  private:
    Host& m_host;
    std::optional<std::string> m_explicit;
};

/// The host's nftables configuration, parsed and loaded.
struct HostConfig {
    bool present = false;   ///< the file exists
    std::string host_path;  ///< "/etc/nftables.conf" or the explicit file
    Document doc;
    std::optional<LoadResult> loaded;  ///< set when the file could be read
    std::vector<Diagnostic> errors;    ///< everything nft reports (all_errors)
    /// Why nothing of the file applies (first error), or why the result is uncertain.
    std::string failure;

    /// The file loads, and its result does not depend on rules loaded before.
    bool applied() const { return loaded && errors.empty() && loaded->unmodelled.empty(); }
};

/// Parses and loads `/etc/nftables.conf` (or `explicit_file`) as nftables.service would:
/// `nft -f` with include path `/etc` and working directory `cwd` (`/` for the service).
HostConfig read_host_config(Host& host, const std::string& explicit_file = {},
                            const std::string& cwd = "/");

}  // namespace lifeline::nft
