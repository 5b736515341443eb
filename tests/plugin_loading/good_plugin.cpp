// A minimal well-formed plugin for the loader tests: one rule (LT001) that flags every line of a
// `*.loadtest` file containing the word "forbidden". With --root it reads /etc/loadtest.conf.
#include <string>
#include <string_view>

#include "lifeline/plugin.hpp"
#include "loadtest_rule_docs.hpp"

namespace {

using namespace lifeline;

const RuleInfo k_rules[] = {
    {"LT001", "forbidden-word", Severity::error, "a line contains the word \"forbidden\"",
     loadtest_rule_doc("forbidden-word")},
};

/// Reports LT001 at every occurrence of "forbidden" (first per line), 1-based line and column.
void check(const SourceFile& file, DiagnosticSink& out) {
    constexpr std::string_view k_word = "forbidden";
    for (int n = 1; n <= file.line_count(); ++n) {
        auto at = file.line(n).find(k_word);
        if (at == std::string_view::npos) continue;
        int col = static_cast<int>(at) + 1;
        out.report({"LT001", "forbidden-word", Severity::error,
                    {file.path(), n, col, n, col + static_cast<int>(k_word.size())},
                    "the word \"forbidden\" appears",
                    "remove it",
                    {}});
    }
}

class LoadTestPlugin final : public Plugin {
public:
    const PluginInfo& info() const override {
        static const PluginInfo k_info{
            "loadtest", "1.2.3", "Loader test plugin", {"*.loadtest", "/etc/loadtest.conf"},
            k_rules,    "LT"};
        return k_info;
    }
    bool claims_file(std::string_view path) const override {
        return path.size() > 9 && path.substr(path.size() - 9) == ".loadtest";
    }
    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        if (request.files.empty()) {
            bool not_found = false;
            const SourceFile* f = request.host.load("/etc/loadtest.conf", nullptr, &not_found);
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

LIFELINE_PLUGIN(LoadTestPlugin)
