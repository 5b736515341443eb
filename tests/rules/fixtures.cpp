#include "fixtures.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;

namespace lifeline::test {

bool Finding::operator<(const Finding& o) const {
    return std::tie(path, line, column, rule, severity, message) <
           std::tie(o.path, o.line, o.column, o.rule, o.severity, o.message);
}
bool Finding::operator==(const Finding& o) const {
    return std::tie(path, line, column, rule, severity, message) ==
           std::tie(o.path, o.line, o.column, o.rule, o.severity, o.message);
}

std::string to_string(const Finding& f) {
    std::ostringstream s;
    s << f.path << ':' << f.line << ':' << f.column << ": " << f.rule << ' ' << f.severity << ": "
      << f.message;
    return s.str();
}

std::vector<FixtureCase> find_fixtures(const fs::path& fixtures_dir) {
    std::vector<FixtureCase> out;
    std::error_code ec;
    for (const auto& plugin : fs::directory_iterator(fixtures_dir, ec)) {
        if (!plugin.is_directory()) continue;
        for (const auto& rule : fs::directory_iterator(plugin.path())) {
            if (!rule.is_directory()) continue;
            std::string name = rule.path().filename().string();
            auto dash = name.find('-');
            if (dash == std::string::npos) continue;
            for (const char* variant : {"bad", "good"}) {
                fs::path root = rule.path() / variant;
                if (!fs::is_directory(root)) continue;
                out.push_back({plugin.path().filename().string(), name.substr(0, dash),
                               name.substr(dash + 1), variant, root});
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const FixtureCase& a, const FixtureCase& b) {
        return a.root < b.root;
    });
    return out;
}

std::vector<Finding> read_expectations(const fs::path& root) {
    static const std::regex k_expect(R"(^\s*#> (\S+) @(\d+) (error|warning|info): (.*)$)");
    std::vector<Finding> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string line;
        int number = 0;
        int target = 0;
        while (std::getline(in, line)) {
            ++number;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            std::smatch m;
            if (std::regex_match(line, m, k_expect)) {
                // Before any line, an expectation is about the whole file: reported at 1:1.
                out.push_back({m[1], fs::relative(entry.path(), root).string(),
                               target == 0 ? 1 : target,
                               target == 0 ? 1 : std::max(1, std::stoi(m[2])), m[3], m[4]});
            } else {
                target = number;
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Finding> parse_lint_json(const std::string& json, const fs::path& root) {
    std::vector<Finding> out;
    auto doc = nlohmann::json::parse(json);
    std::string prefix = root.string() + "/";
    for (const auto& d : doc.at("diagnostics")) {
        std::string path = d.at("path");
        if (path.rfind(prefix, 0) == 0) path = path.substr(prefix.size());
        out.push_back({d.at("rule"), path, d.at("line"), d.at("column"), d.at("severity"),
                       d.at("message")});
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace lifeline::test
