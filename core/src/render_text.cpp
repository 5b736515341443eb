#include <algorithm>
#include <ostream>

#include "lifeline/render.hpp"

namespace lifeline {
namespace {

/// Replaces tabs and control bytes so the caret lines up under the quoted source line.
std::string printable(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (char c : line) {
        unsigned char u = static_cast<unsigned char>(c);
        out += (c == '\t' || u < 0x20 || u == 0x7f) ? ' ' : c;
    }
    return out;
}

void render_one(const Diagnostic& d, const SourceManager& sources, std::ostream& out,
                bool color) {
    const char* bold = color ? "\033[1m" : "";
    const char* reset = color ? "\033[0m" : "";
    const char* sev_color = !color                          ? ""
                            : d.severity == Severity::error ? "\033[1;31m"
                            : d.severity == Severity::warning ? "\033[1;35m"
                                                              : "\033[1;36m";
    const auto& loc = d.location;
    out << bold << loc.path;
    if (loc.line > 0) out << ':' << loc.line << ':' << std::max(loc.column, 1);
    out << ":" << reset << ' ' << sev_color << severity_name(d.severity) << ':' << reset << ' '
        << bold << d.message << reset << " [" << d.rule_id << ' ' << d.slug << "]\n";
    const SourceFile* file = loc.line > 0 ? sources.find(loc.path) : nullptr;
    if (file && loc.line <= file->line_count()) {
        std::string text = printable(file->line(loc.line));
        std::string num = std::to_string(loc.line);
        std::string pad(num.size(), ' ');
        out << ' ' << num << " | " << text << '\n';
        size_t col = static_cast<size_t>(std::max(loc.column, 1) - 1);
        col = std::min(col, text.size());
        size_t end = text.size();
        if (loc.end_line == 0 || loc.end_line == loc.line) {
            if (loc.end_column > loc.column) end = static_cast<size_t>(loc.end_column - 1);
        }
        end = std::min(std::max(end, col + 1), std::max(text.size(), col + 1));
        out << ' ' << pad << " | " << std::string(col, ' ') << sev_color << '^'
            << std::string(end - col - 1, '~') << reset << '\n';
    }
    for (const auto& r : d.related) {
        out << "  note: " << r.location.path;
        if (r.location.line > 0) out << ':' << r.location.line << ':' << std::max(r.location.column, 1);
        out << ": " << r.message << '\n';
    }
    if (!d.help.empty()) out << "  help: " << d.help << '\n';
}

}  // namespace

void render_text(const std::vector<Diagnostic>& items, const SourceManager& sources,
                 std::ostream& out, bool color, bool summary) {
    for (const auto& d : items) render_one(d, sources, out, color);
    if (items.empty() || !summary) return;
    int counts[3] = {0, 0, 0};
    for (const auto& d : items) ++counts[static_cast<int>(d.severity)];
    out << counts[2] << (counts[2] == 1 ? " error, " : " errors, ") << counts[1]
        << (counts[1] == 1 ? " warning, " : " warnings, ") << counts[0] << " info\n";
}

}  // namespace lifeline
