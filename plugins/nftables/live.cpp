// Reading the running kernel's nftables ruleset (live.hpp).
#include "nftables/live.hpp"

#include "nftables/parser.hpp"

namespace lifeline::nft {
namespace {

/// How many times a rule whose rendering does not parse is swapped for its text form (or left
/// out) before giving up: each round fixes at least the first error.
constexpr int k_max_rounds = 32;

/// The rule rendered on `line`, or nullptr.
const JsonRule* rule_at(const RenderedRuleset& r, int line) {
    for (const auto& rule : r.rules)
        if (rule.line == line) return &rule;
    return nullptr;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> iptables_managed_tables(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string_view marker = "# Warning: table ";
    for (size_t at = text.find(marker); at != std::string_view::npos;
         at = text.find(marker, at + 1)) {
        std::string_view rest = text.substr(at + marker.size());
        rest = rest.substr(0, rest.find('\n'));
        size_t managed = rest.find(" is managed by iptables-nft");
        if (managed == std::string_view::npos) continue;
        std::string_view spec = rest.substr(0, managed);
        size_t sp = spec.find(' ');
        if (sp == std::string_view::npos) continue;
        std::pair<std::string, std::string> t{std::string(spec.substr(0, sp)),
                                              std::string(spec.substr(sp + 1))};
        bool seen = false;
        for (const auto& o : out) seen |= o == t;
        if (!seen) out.push_back(std::move(t));
    }
    return out;
}

LiveRuleset read_live_ruleset(const sys::ProcessRunner& runner, SourceManager& sources) {
    LiveRuleset out;
    const std::vector<std::string> command = {"nft", "-j", "list", "ruleset"};
    sys::RunResult json = runner.run(command);
    if (!json.ok()) {
        out.not_installed = json.status == sys::RunStatus::not_found;
        out.failure = sys::describe_failure(command, json);
        return out;
    }
    RenderedRuleset r = render_json_ruleset(json.out);
    if (!r.error.empty()) {
        out.failure = "lifeline cannot read `nft -j list ruleset`'s output: " + r.error;
        return out;
    }
    std::optional<std::map<RuleKey, std::string>> texts;
    auto need_texts = [&] {
        if (texts) return;
        sys::RunResult listing = runner.run({"nft", "-a", "list", "ruleset"});
        texts.emplace(listing.ok() ? rule_texts_by_handle(listing.out)
                                   : std::map<RuleKey, std::string>{});
        // nft 1.0.6 warns about iptables-nft's tables only in text listings ("# Warning: table
        // ip filter is managed by iptables-nft, do not touch!" on stderr); the JSON listing
        // neither warns nor marks them.
        out.iptables_tables = iptables_managed_tables(listing.err);
    };
    // Any table at all: the text listing says which ones iptables-nft manages.
    if (!r.text.empty()) need_texts();
    std::set<RuleKey> force_text, leave_out;
    if (!r.missing().empty()) r = render_json_ruleset(json.out, &*texts);
    for (int round = 0;; ++round) {
        const SourceFile& file = sources.add(std::string(k_live_source), r.text);
        out.doc = parse_string(file.text(), std::string(k_live_source));
        if (out.doc.errors.empty()) break;
        const Diagnostic& e = out.doc.errors.front();
        const JsonRule* bad = rule_at(r, e.location.line);
        if (!bad || round == k_max_rounds) {
            out.failure = "lifeline cannot read line " + std::to_string(e.location.line) +
                          " of its rendering of `nft -j list ruleset` (" + e.message + ")";
            return out;
        }
        // That rule's JSON does not read back: use its text form, or leave it out.
        if (bad->from_text) {
            leave_out.insert(bad->key);
        } else {
            force_text.insert(bad->key);
            need_texts();
        }
        r = render_json_ruleset(json.out, texts ? &*texts : nullptr, &force_text, &leave_out);
    }
    for (const auto& rule : r.rules) {
        if (rule.line == 0) out.missing.push_back(rule);
        if (rule.from_text) ++out.from_text;
    }
    out.loaded = load(out.doc);
    if (!out.loaded->errors.empty()) {
        const Diagnostic& e = out.loaded->errors.front();
        out.failure = "lifeline cannot load its rendering of `nft -j list ruleset` (line " +
                      std::to_string(e.location.line) + ": " + e.message + ")";
        return out;
    }
    out.read = true;
    return out;
}

}  // namespace lifeline::nft
