#pragma once
/// The xtables state after a sequence of iptables-restore runs (config-semantics §2.3), and its
/// translation to the normalised netfilter graph (lifeline/netfilter.hpp).
///
/// Pure: parsed files in, tables out. The ufw plugin uses the same state to replay ufw's start
/// sequence (generated chains and rules plus `iptables-restore -n` of its rule files).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "iptables/document.hpp"
#include "iptables/ipset.hpp"
#include "lifeline/netfilter.hpp"

namespace lifeline::iptables {

/// A rule as it stands in a chain, with where it came from.
struct LiveRule {
    Rule rule;
    nf::Origin origin;
    std::string spec;  ///< the rule specification as written (for `-D CHAIN spec`)
};

/// A chain of the live state.
struct LiveChain {
    std::string name;
    bool builtin = false;
    std::string policy = "ACCEPT";  ///< built-ins only
    nf::Origin origin;
    nf::Origin policy_origin;
    std::vector<LiveRule> rules;
};

/// One table of the live state (chains in creation order).
struct LiveTable {
    std::string name;
    nf::Origin origin;
    /// Whoever adds, removes or reorders chains calls touch() so that find() reindexes.
    std::vector<LiveChain> chains;
    LiveChain* find(std::string_view chain);
    const LiveChain* find(std::string_view chain) const;
    void touch() { m_index_valid = false; }
    /// Appends `chain` and indexes it (no touch() needed): declaring 1,000 chains one by one
    /// must not rebuild the index 1,000 times.
    LiveChain& add(LiveChain chain);

private:
    /// Hashes std::string and std::string_view alike, so lookups need no temporary string.
    struct NameHash {
        using is_transparent = void;
        size_t operator()(std::string_view name) const {
            return std::hash<std::string_view>{}(name);
        }
    };
    const LiveChain* lookup(std::string_view chain) const;
    mutable std::unordered_map<std::string, size_t, NameHash, std::equal_to<>>
        m_index;  // indices, so copies stay valid
    mutable bool m_index_valid = false;
};

/// What one restore run did.
struct RestoreResult {
    /// Why a restore failed.
    enum class Failure { none, syntax, missing_chain, loop, rejected };
    bool ok = true;
    Failure failure = Failure::none;
    int failed_line = 0;           ///< the line iptables-restore names ("Error occurred at line")
    int failed_column = 1;
    std::string failed_message;
    std::vector<std::string> replaced_tables;  ///< tables that appeared twice (2nd flushes the 1st)
};

/// The xtables state of one family and one backend.
class XtablesState {
public:
    /// `family` 4 or 6; `nft_backend` decides whether undeclared built-in policies reset to
    /// ACCEPT on restore (nft) or keep their old value (legacy).
    XtablesState(int family, bool nft_backend);

    /// Applies `file` as `iptables-restore [-n]` does: each `*table … COMMIT` block is one
    /// transaction (flushing the table first unless `noflush`); the first failing line aborts
    /// its block and everything after it, while earlier blocks stay applied.
    RestoreResult restore(const SaveFile& file, const std::string& path, bool noflush = false);
    /// The same, moving the rules out of `file` instead of copying them: afterwards `file` keeps
    /// its errors, block headers and chain declarations, but its blocks' rule lines are gone.
    RestoreResult restore(SaveFile&& file, const std::string& path, bool noflush = false);
    /// Parses `text` (diagnostics at `file_path`) and restores it, with the result of
    /// parse_save_file + restore(SaveFile&&), in one pass when the file has no error: each rule
    /// line goes into the state as soon as it is parsed, so a 100,000-rule file is never held
    /// as parsed lines. `parsed` receives the document (blocks without rule lines). A file with
    /// an error or a failing block is parsed a second time for the two-step path.
    RestoreResult restore_text(std::string_view text, const std::string& path,
                               const std::string& file_path, SaveFile& parsed);

    /// Creates `chain` in `table` (no-op when present). Built-in chains always exist.
    void new_chain(std::string_view table, std::string_view chain, const nf::Origin& origin);
    /// Appends a rule given as rule-specification text (`-p tcp --dport 22 -j ACCEPT`), for
    /// rules a front-end generates. Returns the parse error, if any.
    std::optional<std::string> append(std::string_view table, std::string_view chain,
                                      std::string_view spec, const nf::Origin& origin);
    /// Sets a built-in chain's policy (ACCEPT or DROP).
    void set_policy(std::string_view table, std::string_view chain, std::string_view policy,
                    const nf::Origin& origin);

    int family() const { return m_family; }
    const std::map<std::string, LiveTable>& tables() const { return m_tables; }

    /// The normalised tables (`ip`/`ip6` family, priorities of §2.5), labelled with `source`.
    /// Set matches resolve through `sets`; a set it does not hold becomes an unknown term.
    std::vector<nf::Table> to_netfilter(const std::string& source, const IpsetDb& sets) const&;
    /// The same from a state given up: rules are moved out (and freed chain by chain) instead
    /// of copied, and the state is left empty.
    std::vector<nf::Table> to_netfilter(const std::string& source, const IpsetDb& sets) &&;

private:
    friend class StreamingRestore;  // restore_text's sink (restore_stream.cpp) commits blocks
    LiveTable& table(std::string_view name);
    template <class File>
    RestoreResult restore_blocks(File& file, const std::string& path, bool noflush);

    int m_family;
    bool m_nft;
    std::map<std::string, LiveTable> m_tables;
};

/// The built-in chains of an xtables table, in hook order; empty for an unknown table.
std::vector<std::string_view> builtin_chains(std::string_view table);

}  // namespace lifeline::iptables
