#include "ast.hpp"

namespace lifeline::nft {

std::string source_text(const Document& doc, const Loc& loc) {
    if (loc.file >= doc.files.size()) return {};
    std::string_view text = doc.files[loc.file].text;
    if (loc.end_offset <= loc.offset || loc.end_offset > text.size()) return {};
    std::string_view raw = text.substr(loc.offset, loc.end_offset - loc.offset);
    std::string out;
    out.reserve(raw.size());
    bool space = false;
    for (size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '"') {
            size_t close = raw.find('"', i + 1);
            if (close == std::string_view::npos) close = raw.size() - 1;
            if (space && !out.empty()) out += ' ';
            space = false;
            out.append(raw.substr(i, close + 1 - i));
            i = close;
        } else if (c == '#') {
            while (i + 1 < raw.size() && raw[i + 1] != '\n') ++i;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                   (c == '\\' && i + 1 < raw.size() && raw[i + 1] == '\n')) {
            space = true;
        } else {
            if (space && !out.empty()) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

}  // namespace lifeline::nft
