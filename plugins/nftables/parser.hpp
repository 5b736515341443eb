#pragma once
/// The nft file parser: `nft -f` input and `nft list ruleset` output (the same grammar).
///
/// ARCHITECTURE — why a hand-written recursive-descent parser. Debian ships no tree-sitter
/// grammar for nftables, and the grammar that matters is nftables 1.0.6's bison grammar with
/// its quirks: statements end at a newline or `;` (so `} }` on one line is an error), blank
/// lines are errors inside `{ … }` lists but comment lines are not, keywords are plain words
/// in most positions, `include` splices a file's tokens into the middle of a block, `define`
/// variables are block-scoped and expanded at parse time, and errors are reported where
/// bison reports them. A recursive-descent parser mirrors each bison rule with one function,
/// reproduces nft's error recovery (skip to the next statement separator inside the innermost
/// block), keeps a location on every node, and is fast: one pass, no backtracking, tokens are
/// views of the file text.
///
/// The parser is pure: files come through a SourceReader (the plugin reads a host tree, tests
/// use MemorySourceReader). It produces a Document of commands; load.hpp applies them with
/// nft's batch semantics.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast.hpp"

namespace lifeline::nft {

/// The permanent ID and slug of every error nft itself would report for the file.
inline constexpr std::string_view k_load_error_id = "NFT001";
inline constexpr std::string_view k_load_error_slug = "ruleset-load-error";
/// nft gives up after this many syntax errors (parser_max_errors).
inline constexpr size_t k_max_parse_errors = 10;
/// nft's MAX_INCLUDE_DEPTH (the main file is depth 1).
inline constexpr int k_max_include_depth = 16;
/// Nested `{ … }` values deeper than this are refused (bounded recursion on hostile input).
inline constexpr int k_max_value_depth = 64;

/// Where the parser gets files: by host path, and glob(3) expansion of include patterns.
class SourceReader {
  public:
    virtual ~SourceReader() = default;
    struct File {
        std::string display_path;  ///< the path diagnostics show (the file as read on disk)
        std::string_view text;     ///< must stay valid while the Document is used
    };
    /// Reads `host_path`; nullopt with `error` (strerror text) when it cannot be read.
    virtual std::optional<File> read(const std::string& host_path, std::string& error) = 0;
    /// Expands an absolute host-path pattern as glob(3) with GLOB_MARK does: sorted matches,
    /// directories with a trailing '/', wildcards never matching a leading '.'; a pattern
    /// without wildcards yields itself when it exists. Empty when nothing matches.
    virtual std::vector<std::string> glob(const std::string& pattern) = 0;
};

/// Files held in memory (tests; `parse_string`).
class MemorySourceReader final : public SourceReader {
  public:
    /// Adds a file at `host_path`; `text` is copied.
    MemorySourceReader& add(const std::string& host_path, std::string text);
    std::optional<File> read(const std::string& host_path, std::string& error) override;
    std::vector<std::string> glob(const std::string& pattern) override;

  private:
    std::map<std::string, std::string> m_files;
};

/// How includes resolve.
struct ParseOptions {
    /// `include "name"` for a name not starting with `/`, `./` or `../` is searched here
    /// (Debian's nft: /etc).
    std::vector<std::string> include_paths = {"/etc"};
    /// What `./` and `../` includes are relative to (nftables.service runs in `/`).
    std::string cwd = "/";
};

/// Parses the file at `host_path` with everything it includes.
Document parse_file(SourceReader& reader, const std::string& host_path,
                    const ParseOptions& options = {});

/// Parses `text` as the file `path`; includes resolve through `reader` when given.
Document parse_string(std::string_view text, const std::string& path,
                      SourceReader* reader = nullptr, const ParseOptions& options = {});

/// Matches one path component against a glob(3) pattern component (`*`, `?`, `[…]`, `[!…]`;
/// no escapes, as nft passes GLOB_NOESCAPE).
bool glob_match(std::string_view name, std::string_view pattern);

}  // namespace lifeline::nft
