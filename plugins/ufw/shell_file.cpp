// A small sh (dash) reader for ufw's two sourced settings files. It follows what dash does when
// ufw-init runs `. /etc/default/ufw` under `set -e`: words are split on blanks, quotes are
// removed, `$NAME` expands, a line of assignments sets variables, and any other command runs —
// which for a stray `IPV6 = yes` means "IPV6: not found" and the end of ufw-init.
#include "shell_file.hpp"

#include <cctype>

namespace lifeline::ufw {
namespace {

/// Commands that succeed without effect on the variables ufw-init reads. Only the special
/// built-ins (`:`, `export`, `readonly`) keep assignments written before them.
constexpr std::string_view k_harmless_commands[] = {":", "true", "export", "readonly"};

bool is_name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool ends_word(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
           c == '>' || c == '(' || c == ')';
}

/// One word of a simple command.
struct Word {
    std::string text;     ///< after quote removal and expansion
    std::string literal;  ///< the unquoted, unexpanded prefix (decides whether it assigns)
    int line = 0;
    int column = 0;
    size_t name_end = std::string::npos;  ///< position of `=` when this is an assignment
};

class Reader {
  public:
    Reader(std::string_view text, std::map<std::string, std::string>& env)
        : m_text(text), m_env(env) {}

    ShellFile run();

  private:
    int column_of(size_t at) const { return static_cast<int>(at - m_line_start) + 1; }
    void newline_at(size_t at) {
        ++m_line;
        m_line_start = at + 1;
    }
    bool read_word(Word& w);
    bool read_single_quoted(Word& w);
    bool read_double_quoted(Word& w);
    void expand(std::string& out);
    void end_command();
    void fail(int line, int column, std::string message, bool stops = true);

    std::string_view m_text;
    std::map<std::string, std::string>& m_env;
    size_t m_i = 0;
    int m_line = 1;
    size_t m_line_start = 0;
    std::vector<Word> m_words;
    ShellFile m_out;
    bool m_stopped = false;  ///< sh stopped here: later assignments never run
};

void Reader::fail(int line, int column, std::string message, bool stops) {
    m_out.errors.push_back({line, column, std::move(message), stops});
    m_stopped = m_stopped || stops;
}

void Reader::expand(std::string& out) {
    // m_text[m_i] == '$'
    size_t i = m_i + 1;
    std::string name;
    if (i < m_text.size() && m_text[i] == '{') {
        size_t close = m_text.find('}', i);
        std::string_view inner = close == std::string_view::npos
                                     ? m_text.substr(i + 1)
                                     : m_text.substr(i + 1, close - i - 1);
        bool plain = !inner.empty() && is_name_start(inner[0]);
        for (char c : inner) plain = plain && is_name_char(c);
        if (!plain || close == std::string_view::npos) {
            out.push_back('$');  // not modelled: kept literally, so the value reads as invalid
            m_i = i;
            return;
        }
        name = std::string(inner);
        m_i = close + 1;
    } else if (i < m_text.size() && is_name_start(m_text[i])) {
        while (i < m_text.size() && is_name_char(m_text[i])) name.push_back(m_text[i++]);
        m_i = i;
    } else {
        out.push_back('$');
        m_i = i;
        return;
    }
    auto it = m_env.find(name);
    if (it != m_env.end()) out += it->second;
}

bool Reader::read_single_quoted(Word& w) {
    size_t open = m_i;
    int line = m_line, column = column_of(open);
    size_t close = m_text.find('\'', open + 1);
    if (close == std::string_view::npos) {
        fail(line, column, "unterminated quote: sh stops with a syntax error");
        return false;
    }
    for (size_t k = open + 1; k < close; ++k) {
        if (m_text[k] == '\n') newline_at(k);
        w.text.push_back(m_text[k]);
    }
    m_i = close + 1;
    return true;
}

bool Reader::read_double_quoted(Word& w) {
    int line = m_line, column = column_of(m_i);
    ++m_i;
    while (m_i < m_text.size()) {
        char c = m_text[m_i];
        if (c == '"') {
            ++m_i;
            return true;
        }
        if (c == '\\' && m_i + 1 < m_text.size()) {
            char n = m_text[m_i + 1];
            if (n == '\n') {
                newline_at(m_i + 1);
                m_i += 2;
                continue;
            }
            if (n == '$' || n == '`' || n == '"' || n == '\\') {
                w.text.push_back(n);
                m_i += 2;
                continue;
            }
        }
        if (c == '$') {
            expand(w.text);
            continue;
        }
        if (c == '\n') newline_at(m_i);
        w.text.push_back(c);
        ++m_i;
    }
    fail(line, column, "unterminated quote: sh stops with a syntax error");
    return false;
}

bool Reader::read_word(Word& w) {
    w.line = m_line;
    w.column = column_of(m_i);
    bool literal = true;
    while (m_i < m_text.size() && !ends_word(m_text[m_i])) {
        char c = m_text[m_i];
        if (c == '\\') {
            literal = false;
            if (m_i + 1 < m_text.size() && m_text[m_i + 1] == '\n') {
                newline_at(m_i + 1);
            } else if (m_i + 1 < m_text.size()) {
                w.text.push_back(m_text[m_i + 1]);
            }
            m_i += 2;
            continue;
        }
        if (c == '\'' || c == '"') {
            literal = false;
            if (!(c == '\'' ? read_single_quoted(w) : read_double_quoted(w))) return false;
            continue;
        }
        if (c == '$') {
            literal = false;
            expand(w.text);
            continue;
        }
        w.text.push_back(c);
        if (literal) w.literal.push_back(c);
        ++m_i;
    }
    size_t eq = w.literal.find('=');
    if (eq != std::string::npos && eq > 0 && is_name_start(w.literal[0])) {
        bool name = true;
        for (size_t k = 0; k < eq; ++k) name = name && is_name_char(w.literal[k]);
        if (name) w.name_end = eq;
    }
    return true;
}

void Reader::end_command() {
    std::vector<Word> words = std::move(m_words);
    m_words.clear();
    if (words.empty()) return;
    size_t k = 0;
    while (k < words.size() && words[k].name_end != std::string::npos) ++k;
    bool assigns = k == words.size();
    if (!assigns) {
        const std::string& cmd = words[k].text;
        bool harmless = false;
        for (auto h : k_harmless_commands) harmless = harmless || cmd == h;
        if (!harmless) {
            fail(words[k].line, words[k].column,
                 "`" + cmd +
                     "` is not a variable assignment: sh runs it as a command, which fails, and "
                     "ufw-init (set -e) stops before the firewall starts");
            return;
        }
        // `export A=b` and `readonly A=b` assign too; `:`/`true` keep prefix assignments.
        if (cmd == "export" || cmd == "readonly") {
            std::vector<Word> rest;
            for (size_t j = k + 1; j < words.size(); ++j)
                if (words[j].name_end != std::string::npos) rest.push_back(words[j]);
            words.erase(words.begin() + static_cast<long>(k), words.end());
            words.insert(words.end(), rest.begin(), rest.end());
        } else {
            words.resize(cmd == ":" ? k : 0);
        }
    }
    if (m_stopped) return;
    for (const Word& w : words) {
        ShellAssignment a;
        a.name = w.literal.substr(0, w.name_end);
        a.value = w.text.substr(w.name_end + 1);
        a.line = w.line;
        a.column = w.column;
        a.value_column = w.column + static_cast<int>(w.name_end) + 1;
        m_env[a.name] = a.value;
        m_out.assignments.push_back(std::move(a));
    }
}

ShellFile Reader::run() {
    while (m_i < m_text.size()) {
        char c = m_text[m_i];
        if (c == '\n') {
            end_command();
            newline_at(m_i);
            ++m_i;
            continue;
        }
        if (c == ' ' || c == '\t') {
            ++m_i;
            continue;
        }
        if (c == ';') {
            end_command();
            ++m_i;
            continue;
        }
        if (c == '#') {
            while (m_i < m_text.size() && m_text[m_i] != '\n') ++m_i;
            continue;
        }
        if (ends_word(c)) {
            // Pipes, redirections, background jobs and subshells: the line runs in a subshell
            // or as a command, so whatever it assigns is lost.
            fail(m_line, column_of(m_i),
                 std::string("`") + c +
                     "` makes this line a command, not a variable assignment: what it assigns "
                     "does not reach ufw-init",
                 false);
            while (m_i < m_text.size() && m_text[m_i] != '\n') ++m_i;
            m_words.clear();
            continue;
        }
        Word w;
        if (!read_word(w)) return std::move(m_out);
        m_words.push_back(std::move(w));
    }
    end_command();
    return std::move(m_out);
}

/// The text of line `line` (1-based) of `text`.
std::string line_text(std::string_view text, int line) {
    size_t start = 0;
    for (int n = 1; n < line; ++n) {
        size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    size_t end = text.find('\n', start);
    return std::string(text.substr(start, end == std::string_view::npos ? end : end - start));
}

}  // namespace

ShellFile parse_shell_file(std::string_view text, std::map<std::string, std::string>& env) {
    ShellFile out = Reader(text, env).run();
    for (auto& a : out.assignments) a.text = line_text(text, a.line);
    return out;
}

std::vector<std::string> split_fields(std::string_view value) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == '\n') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

std::string shell_printf(std::string_view format, const std::vector<std::string>& args) {
    std::string out;
    size_t next = 0;
    do {
        size_t before = next;
        for (size_t i = 0; i < format.size(); ++i) {
            if (format[i] == '%' && i + 1 < format.size()) {
                if (format[i + 1] == 's') {
                    if (next < args.size()) out += args[next++];
                    ++i;
                    continue;
                }
                if (format[i + 1] == '%') {
                    out.push_back('%');
                    ++i;
                    continue;
                }
            }
            out.push_back(format[i]);
        }
        if (next == before) break;  // the format takes no argument: printed once
    } while (next < args.size());
    return out;
}

}  // namespace lifeline::ufw
