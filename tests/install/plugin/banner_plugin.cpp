// An example out-of-tree plugin: checks the pre-login banner that sshd shows (Debian's
// /etc/issue.net) for a line that names the operating system, which tells a scanner which
// exploits to try before it has even logged in.
#include <lifeline/plugin.hpp>
#include <string>
#include <string_view>

#include "banner_rule_docs.hpp"

namespace {

using namespace lifeline;

constexpr std::string_view k_banner_path = "/etc/issue.net";

const PluginInfo& plugin_info() {
    // Built on first use, so the embedded doc table is certainly initialised.
    static const RuleInfo k_rules[] = {
        {"BANNER001", "banner-reveals-os", Severity::warning,
         "the pre-login banner names the operating system", banner_rule_doc("banner-reveals-os")},
    };
    static const PluginInfo k_info{"banner",   "1.0.0", "Pre-login banner (/etc/issue.net)",
                                   {"issue.net", "*.banner"}, k_rules,  "BANNER"};
    return k_info;
}

/// BANNER001 at the first "GNU/Linux" on each line.
void check(const SourceFile& file, DiagnosticSink& out) {
    constexpr std::string_view k_os = "GNU/Linux";
    for (int n = 1; n <= file.line_count(); ++n) {
        auto at = file.line(n).find(k_os);
        if (at == std::string_view::npos) continue;
        int col = static_cast<int>(at) + 1;
        out.report({"BANNER001", "banner-reveals-os", Severity::warning,
                    {file.path(), n, col, n, col + static_cast<int>(k_os.size())},
                    "the banner names the operating system",
                    "show a legal notice only; the OS name helps attackers pick exploits",
                    {}});
    }
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class BannerPlugin final : public Plugin {
public:
    const PluginInfo& info() const override { return plugin_info(); }
    bool claims_file(std::string_view path) const override {
        return ends_with(path, "/issue.net") || path == "issue.net" || ends_with(path, ".banner");
    }
    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        if (request.files.empty()) {
            bool not_found = false;
            const SourceFile* f = request.host.load(k_banner_path, nullptr, &not_found);
            if (!f) return not_found ? LintStatus::absent : LintStatus::unreadable;
            check(*f, out);
            return LintStatus::checked;
        }
        for (const auto& path : request.files) {
            auto r = request.host.fs().read(path);
            if (!r.text) return LintStatus::unreadable;
            check(request.host.sources().add(path, std::move(*r.text)), out);
        }
        return LintStatus::checked;
    }
};

}  // namespace

LIFELINE_PLUGIN(BannerPlugin)
