#pragma once
/// What `nft -f FILE` leaves in the kernel: the document's commands applied in nft's batch
/// order (config-semantics §3.4). A table block expands to the table, then all its chains,
/// then its sets with their elements, then every rule in chain order; declarations merge into
/// existing objects; `flush ruleset` removes every table. Each check nft or the kernel makes
/// while loading is an error here, and any error means the whole file is not applied.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ast.hpp"

namespace lifeline::nft {

/// Rule IDs for load errors that have their own catalogue entry (others are NFT001).
inline constexpr std::string_view k_jump_loop_id = "NFT002";
inline constexpr std::string_view k_jump_loop_slug = "jump-loop";
inline constexpr std::string_view k_set_interval_id = "NFT006";
inline constexpr std::string_view k_set_interval_slug = "set-needs-interval-flag";
inline constexpr std::string_view k_hook_change_id = "NFT007";
inline constexpr std::string_view k_hook_change_slug = "base-chain-redeclared";
inline constexpr std::string_view k_jump_depth_id = "NFT009";
inline constexpr std::string_view k_jump_depth_slug = "jumps-too-deep";
/// The kernel's NFT_JUMP_STACK_SIZE: a chain 16 jumps below a base chain is refused.
inline constexpr int k_max_jump_depth = 16;

/// A chain as it stands after the load.
struct LiveChain {
    std::string name;
    Loc loc;                       ///< the first declaration
    std::optional<HookSpec> hook;  ///< set for base chains
    int priority = 0;              ///< the evaluated priority of a base chain
    std::string policy = "accept";
    std::optional<Loc> policy_loc;  ///< where the policy was last set
    std::vector<const RuleDecl*> rules;
    bool anonymous = false;  ///< a `jump { … }` chain
};

/// A named set or map as it stands after the load.
struct LiveSet {
    std::string name;
    Loc loc;
    bool is_map = false;
    std::vector<std::string> key_types;
    std::string data_type;
    unsigned flags = 0;
    std::vector<const Value*> elements;  ///< element values (nested sets flattened)
    bool updated_by_rules = false;       ///< some rule adds, updates or deletes elements
};

/// A table as it stands after the load.
struct LiveTable {
    nf::Family family = nf::Family::ip;
    std::string name;
    Loc loc;
    bool family_given = false;  ///< false: `table NAME` without a family (= ip)
    bool dormant = false;
    std::vector<std::unique_ptr<LiveChain>> chains;  ///< creation order; deleted = null
    std::unordered_map<std::string, size_t> chain_index;
    std::vector<std::unique_ptr<LiveSet>> sets;
    std::unordered_map<std::string, size_t> set_index;

    LiveChain* chain(const std::string& chain_name);
    const LiveChain* chain(const std::string& chain_name) const;
    LiveSet* set(const std::string& set_name);
    const LiveSet* set(const std::string& set_name) const;
};

/// The result of loading a document.
struct LoadResult {
    std::vector<std::unique_ptr<LiveTable>> tables;  ///< creation order; deleted = null
    /// Names given to `jump { … }` chains ("__chain0", …), by statement.
    std::unordered_map<const Statement*, std::string> anonymous_chains;
    std::vector<Diagnostic> errors;  ///< any error: nft applies nothing
    /// Commands whose effect depends on the live ruleset (replace/delete by handle, rename).
    std::vector<std::pair<Loc, std::string>> unmodelled;
    /// The file's `flush ruleset` commands, in order.
    struct Flush {
        Loc loc;
        bool family_given = false;
        nf::Family family = nf::Family::ip;
    };
    std::vector<Flush> flushes;

    bool ok() const { return errors.empty(); }
};

/// Applies every command of `doc`. After parse errors nft still evaluates the commands that
/// parsed (but sends nothing to the kernel): then only evaluation errors count, see
/// is_kernel_error.
LoadResult load(const Document& doc);

/// True for errors only the kernel reports at commit ("Could not process rule: …", jump
/// loops), which nft never reaches when the file has syntax errors.
bool is_kernel_error(const Diagnostic& d);

/// Every error nft reports for `doc`: the parse errors, then the evaluation errors of what did
/// parse; or, when the parse succeeded, all load errors.
std::vector<Diagnostic> all_errors(const Document& doc, const LoadResult& loaded);

/// The priority nft gives a named priority in `family` at `hook` ("filter" → 0); nullopt when
/// the name is not valid there.
std::optional<int> named_priority(std::string_view name, nf::Family family, std::string_view hook);

/// The nf hook of a hook name, nullopt for `egress` and unknown names.
std::optional<nf::Hook> hook_of(std::string_view name);

}  // namespace lifeline::nft
