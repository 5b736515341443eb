#pragma once
/// The steps of one iptables-restore block (config-semantics §2.3), shared by the two-step
/// restore (restore.cpp) and the one-pass restore (restore_stream.cpp). Internal to the model.

#include <optional>
#include <string>
#include <vector>

#include "iptables/restore.hpp"

namespace lifeline::iptables {

/// Why a block fails: the line iptables-restore names, the message, the kind of failure.
struct BlockFailure {
    int line = 0;
    std::string message;
    RestoreResult::Failure kind = RestoreResult::Failure::rejected;
    int column = 1;
    BlockFailure(int l, std::string m, RestoreResult::Failure k = RestoreResult::Failure::rejected,
                 int c = 1)
        : line(l), message(std::move(m)), kind(k), column(c) {}
};

/// A jump cycle among `t`'s chains, as "A -> B -> A", with the rule line closing it.
std::optional<BlockFailure> find_loop(const LiveTable& t);

/// The start of a block on `t` (a copy of the live table): the flush, then the chain
/// declarations. Returns the failure, if any.
std::optional<BlockFailure> begin_block(LiveTable& t, const TableBlock& block,
                                        const std::string& path, bool nft, bool noflush);

/// Applies one command line to `t`. Returns the failure, if any. A const line's rule is copied;
/// a line the caller gives up has its rule moved into the state and its arguments freed.
std::optional<BlockFailure> apply_line(LiveTable& t, const RuleLine& line, const std::string& path);
std::optional<BlockFailure> apply_line(LiveTable& t, RuleLine& line, const std::string& path);

/// Reserves room in `t`'s chains for the rules `block` adds.
void reserve_rules(LiveTable& t, const TableBlock& block);

/// The rule specification text of a line (the tokens after the command), for `-D` by spec.
std::string spec_text(const std::vector<Token>& args);

}  // namespace lifeline::iptables
