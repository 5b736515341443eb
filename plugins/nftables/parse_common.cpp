// `define`/`redefine`/`undefine` with block scopes, `$VAR` expansion, and `include` with
// nft's search rules (parser_bison.y common_block; scanner.l include_file/include_glob).
#include <algorithm>

#include "keywords.hpp"
#include "parser_impl.hpp"

namespace lifeline::nft::detail {
namespace {

constexpr size_t k_max_scopes = 4;       // nft's SCOPE_NEST_MAX
constexpr size_t k_max_included = 1000;  // lifeline's bound on files read through includes

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

/// `dir/name` with `.` and `..` components resolved (as the kernel resolves the path glob()
/// gets relative to the working directory).
std::string join_path(const std::string& dir, const std::string& name) {
    std::vector<std::string> parts;
    auto add = [&](std::string_view path) {
        size_t p = 0;
        while (p <= path.size()) {
            size_t slash = path.find('/', p);
            if (slash == std::string_view::npos) slash = path.size();
            std::string_view part = path.substr(p, slash - p);
            if (part == "..") {
                if (!parts.empty()) parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.emplace_back(part);
            }
            p = slash + 1;
        }
    };
    add(dir);
    add(name);
    std::string out;
    for (const auto& part : parts) out += "/" + part;
    return out.empty() ? "/" : out;
}

}  // namespace

const Value* Parser::lookup(const std::string& name) const {
    for (auto scope = m_scopes.rbegin(); scope != m_scopes.rend(); ++scope) {
        auto it = scope->find(name);
        if (it != scope->end()) return &it->second;
    }
    return nullptr;
}

Value Parser::expand_variable() {
    Token dollar = take();
    const Token& name_token = peek();
    if (name_token.kind != TokenKind::string || is_global_keyword(name_token.text))
        unexpected(name_token, "string");
    Token name = take();
    std::string key(name.text);
    if (const Value* v = lookup(key)) {
        Value copy = *v;
        copy.loc = span(dollar.loc, name.loc);
        return copy;
    }
    std::string best;
    size_t best_distance = 3;
    for (const auto& scope : m_scopes) {
        for (const auto& [known, value] : scope) {
            size_t d = edit_distance(known, key);
            if (d < best_distance) best_distance = d, best = known;
        }
    }
    fail(name.loc, "unknown identifier '" + key + "'",
         best.empty() ? std::string() : "did you mean '" + best + "'?");
}

void Parser::open_scope(const Token& at) {
    if (m_scopes.size() >= k_max_scopes) {
        report({at.loc, "too many levels of nesting", {}});
        ++m_scope_overflow;
        return;
    }
    m_scopes.emplace_back();
}

void Parser::close_scope() {
    if (m_scope_overflow > 0) {
        --m_scope_overflow;
        return;
    }
    if (m_scopes.size() > 1) m_scopes.pop_back();
}

void Parser::restore_scopes(size_t depth) {
    m_scope_overflow = 0;
    while (m_scopes.size() > depth && m_scopes.size() > 1) m_scopes.pop_back();
}

bool Parser::parse_common_block() {
    const Token& t = peek();
    if (t.kind != TokenKind::string) return false;
    if (t.text == "include") {
        Token keyword = take();
        if (peek().kind != TokenKind::quoted) unexpected(peek(), "quoted string");
        Token path = take();
        expect_separator();
        include_files(keyword, path);  // on failure nft's YYERROR also drops the next statement
        return true;
    }
    if (t.text != "define" && t.text != "redefine" && t.text != "undefine") return false;
    Token keyword = take();
    Token name = expect_identifier();
    std::string key(name.text);
    if (keyword.text == "undefine") {
        expect_separator();
        m_scopes.back().erase(key);
        return true;
    }
    if (!peek().is("=")) unexpected(peek(), "'='");
    take();
    Value value = parse_initializer();
    expect_separator();
    if (keyword.text == "define" && lookup(key)) {
        report({name.loc, "redefinition of symbol '" + key + "'", {}});
        recover();  // the YYERROR after the separator makes bison drop the next statement too
        return true;
    }
    m_scopes.back()[key] = std::move(value);
    return true;
}

void Parser::push_file(const std::string& host_path, const Loc& loc) {
    int depth = m_inputs.back().depth;
    if (depth >= k_max_include_depth) {
        report({loc,
                "Include nested too deeply, max " + std::to_string(k_max_include_depth) + " levels",
                {}});
        return;
    }
    if (m_doc.files.size() >= k_max_included) {
        report({loc,
                "too many included files (lifeline reads at most " +
                    std::to_string(k_max_included) + ")",
                {}});
        return;
    }
    std::string error;
    auto file = m_reader ? m_reader->read(host_path, error) : std::nullopt;
    if (!file) {
        report({loc, "Could not open file \"" + host_path + "\": " + error, {}});
        return;
    }
    auto index = static_cast<std::uint32_t>(m_doc.files.size());
    m_doc.files.push_back({host_path, file->display_path, file->text});
    m_inputs.push_back({Lexer(file->text, index), depth + 1});
}

bool Parser::include_glob(const std::string& pattern, const Token& at, const Loc& loc, bool& any) {
    (void)at;
    std::vector<std::string> matches =
        m_reader ? m_reader->glob(pattern) : std::vector<std::string>{};
    // Pushed last-first so the first match is read first (nft's input stack).
    for (auto it = matches.rbegin(); it != matches.rend(); ++it) {
        if (it->empty() || it->back() == '/') continue;
        push_file(*it, loc);
    }
    any = any || !matches.empty();
    return !matches.empty();
}

void Parser::include_files(const Token& keyword, const Token& path) {
    Loc loc = span(keyword.loc, path.loc);
    std::string name(path.text);
    bool wildcard = name.find_first_of("*?[") != std::string::npos;
    bool any = false;
    bool searched =
        !(name.rfind("/", 0) == 0 || name.rfind("./", 0) == 0 || name.rfind("../", 0) == 0);
    if (searched) {
        for (const std::string& dir : m_options.include_paths) {
            if (include_glob(join_path(dir, name), path, loc, any) && !wildcard) return;
        }
    } else {
        std::string full = name[0] == '/' ? name : join_path(m_options.cwd, name);
        include_glob(full, path, loc, any);
    }
    if (!any && !wildcard) {
        report({loc, "File not found: " + name, {}});
        recover();  // as after a redefinition: bison drops the next statement
    }
}

}  // namespace lifeline::nft::detail
