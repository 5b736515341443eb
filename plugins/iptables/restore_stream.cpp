// The one-pass restore (XtablesState::restore_text): the parser hands each rule line to the
// state as soon as it has parsed it, so a 100,000-rule file is never held as parsed lines.

#include <algorithm>
#include <unordered_map>

#include "iptables/parser.hpp"
#include "iptables/restore.hpp"
#include "restore_steps.hpp"

namespace lifeline::iptables {
namespace {

/// How many `-A CHAIN` lines each block of `text` has per chain, by the block's line: a quick
/// look ahead, so that the streamed restore can size its chains as reserve_rules() does (the
/// parser has not seen the lines yet). Only a hint: the parser decides what the lines are.
using AppendCounts = std::unordered_map<int, std::unordered_map<std::string_view, size_t>>;
AppendCounts count_appends(std::string_view text) {
    AppendCounts counts;
    std::unordered_map<std::string_view, size_t>* block = nullptr;
    int number = 0;
    for (size_t start = 0; start < text.size();) {
        size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (!line.empty() && line[0] == '*') block = &counts[number];
        if (!block || line.substr(0, 3) != "-A ") continue;
        line.remove_prefix(3);
        ++(*block)[line.substr(0, line.find(' '))];
    }
    return counts;
}

}  // namespace

/// The sink of XtablesState::restore_text: applies each block's lines to a copy of its table as
/// the parser hands them over and commits the copy at COMMIT. It gives up (failed()) at the
/// first failure or unusual order; restore_text then takes the two-step path, whose handling of
/// failures (which block, which line, which message wins) is the reference.
class StreamingRestore final : public RuleLineSink {
  public:
    StreamingRestore(XtablesState& state, const std::string& path, AppendCounts appends)
        : m_state(state), m_path(path), m_appends(std::move(appends)) {}

    void line(const TableBlock& block, RuleLine& line) override {
        if (!open(block)) return;
        if (apply_line(*m_table, line, m_path)) m_failed = true;
    }

    void commit(const TableBlock& block) override {
        if (!open(block)) return;
        // restore() applies all declarations before the first rule line: a declaration after
        // it would be applied in a different order here.
        if (block.chains.size() != m_declarations || find_loop(*m_table)) {
            m_failed = true;
            return;
        }
        if (std::find(m_seen.begin(), m_seen.end(), block.name) != m_seen.end())
            m_result.replaced_tables.push_back(block.name);
        m_seen.push_back(block.name);
        m_state.m_tables[block.name] = std::move(*m_table);
        m_table.reset();
    }

    bool failed() const { return m_failed; }
    RestoreResult result() const { return m_result; }

  private:
    /// Starts `block` on its first line (a copy of the table, the flush, the declarations).
    /// False once the restore failed.
    bool open(const TableBlock& block) {
        if (m_failed) return false;
        if (m_table && m_block_line == block.line) return true;
        m_block_line = block.line;
        m_table = m_state.table(block.name);
        m_declarations = block.chains.size();
        if (begin_block(*m_table, block, m_path, m_state.m_nft, false)) {
            m_failed = true;
            return false;
        }
        for (const auto& [chain, count] : m_appends[block.line])
            if (LiveChain* c = m_table->find(chain)) c->rules.reserve(c->rules.size() + count);
        return true;
    }

    XtablesState& m_state;
    const std::string& m_path;
    AppendCounts m_appends;
    std::optional<LiveTable> m_table;  ///< the open block's table
    int m_block_line = 0;
    size_t m_declarations = 0;  ///< declarations applied when the block opened
    std::vector<std::string> m_seen;
    RestoreResult m_result;
    bool m_failed = false;
};

RestoreResult XtablesState::restore_text(std::string_view text, const std::string& path,
                                         const std::string& file_path, SaveFile& parsed) {
    std::map<std::string, LiveTable> before = m_tables;
    StreamingRestore stream(*this, path, count_appends(text));
    parsed = parse_save_file(text, file_path, m_family, &stream);
    if (!stream.failed() && parsed.errors.empty()) return stream.result();
    // A file with an error or a failing block is parsed again and restored in two steps.
    m_tables = std::move(before);
    parsed = parse_save_file(text, file_path, m_family);
    return restore(std::move(parsed), path);
}

}  // namespace lifeline::iptables
