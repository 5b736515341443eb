// Python 3.11 ConfigParser._read with fail2ban 1.0.2's settings, on one file.
#include "ini.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace lifeline::f2b {
namespace {

/// A physical line (Python's universal newlines: \n, \r\n and \r all end a line).
struct Line {
    std::string_view text;
    int number = 0;
};

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> out;
    size_t p = 0;
    int n = 1;
    while (p < text.size()) {
        size_t e = text.find_first_of("\r\n", p);
        if (e == std::string_view::npos) e = text.size();
        out.push_back({text.substr(p, e - p), n++});
        if (e < text.size() && text[e] == '\r' && e + 1 < text.size() && text[e + 1] == '\n') ++e;
        p = e + 1;
    }
    return out;
}

/// Where the inline `;` comment starts (only `;` at column 0 or after whitespace, a Unicode
/// space such as U+00A0 included), or npos.
size_t inline_comment(std::string_view line) {
    for (size_t i = line.find(';'); i != std::string_view::npos; i = line.find(';', i + 1)) {
        if (i == 0 || py_space_before(line, i) > 0) return i;
    }
    return std::string_view::npos;
}

/// ConfigParser joins a value's lines with '\n' and strips the end (empty lines kept inside).
std::string join_value(const std::vector<std::string>& lines) {
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i) out += '\n';
        out += lines[i];
    }
    while (size_t n = py_space_before(out, out.size())) out.resize(out.size() - n);
    return out;
}

class Reader {
  public:
    Reader(const std::string& path, IniFile& file) : m_path(path), m_file(file) {}

    void run(std::string_view text);

  private:
    SourceLocation at(int line, int col) const { return {m_path, line, col}; }
    void error(int line, int col, std::string message) {
        Diagnostic d;
        d.rule_id = std::string(k_config_error_id);
        d.slug = std::string(k_config_error_slug);
        d.location = at(line, col);
        d.message = std::move(message);
        m_file.errors.push_back(std::move(d));
    }
    bool header(std::string_view value, const Line& line, size_t indent);
    void option(std::string_view value, const Line& line, size_t indent);
    void flush();

    const std::string& m_path;
    IniFile& m_file;
    std::vector<Option>* m_current = nullptr;  ///< the options of the current section
    std::string m_section;
    std::set<std::string> m_sections_seen;
    std::set<std::pair<std::string, std::string>> m_options_seen;
    // The value being collected (ConfigParser keeps a list of lines per option).
    Option* m_option = nullptr;
    std::vector<std::string> m_lines;
    size_t m_indent = 0;
    bool m_fatal = false;
};

void Reader::flush() {
    if (m_option) m_option->value.text = join_value(m_lines);
    m_option = nullptr;
    m_lines.clear();
}

bool Reader::header(std::string_view value, const Line& line, size_t indent) {
    // SECTCRE `\[(?P<header>.+)\]` with re.match: the header runs to the LAST ']' of the
    // stripped line, and anything after it is ignored.
    if (value.empty() || value[0] != '[') return false;
    size_t close = value.rfind(']');
    if (close == std::string_view::npos || close < 2) return false;
    flush();
    std::string name(value.substr(1, close - 1));
    int col = static_cast<int>(indent) + 1;
    if (name == "DEFAULT") {
        m_current = &m_file.defaults;
    } else if (m_sections_seen.count(name)) {
        error(line.number, col, "section '" + name + "' already exists in this file");
        m_fatal = true;
        return true;
    } else {
        m_sections_seen.insert(name);
        m_file.sections.push_back({name, at(line.number, col), {}});
        m_current = &m_file.sections.back().options;
    }
    m_section = name;
    return true;
}

void Reader::option(std::string_view value, const Line& line, size_t indent) {
    // OPTCRE: the name is everything (lazily) before the first '=' or ':'.
    size_t delim = value.find_first_of("=:");
    int col = static_cast<int>(indent) + 1;
    if (delim == std::string_view::npos || py_strip(value.substr(0, delim)).empty()) {
        error(line.number, col, "malformed line (expected 'name = value'): '" +
                                    std::string(line.text) + "'");
        if (delim == std::string_view::npos) return;
    }
    std::string name(py_strip(value.substr(0, delim)));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!m_options_seen.insert({m_section, name}).second) {
        error(line.number, col,
              "option '" + name + "' in section '" + m_section + "' already exists in this file");
        m_fatal = true;
        return;
    }
    flush();
    auto same = std::find_if(m_current->begin(), m_current->end(),
                             [&](const Option& o) { return o.name == name; });
    if (same == m_current->end()) {
        m_current->push_back({name, {}});
        same = m_current->end() - 1;
    }
    same->value.origin = at(line.number, col);
    m_option = &*same;
    m_lines = {std::string(py_strip(value.substr(delim + 1)))};
}

void Reader::run(std::string_view text) {
    for (const Line& line : split_lines(text)) {
        size_t comment = inline_comment(line.text);
        std::string_view stripped = py_strip(line.text);
        if (!stripped.empty() && (stripped[0] == '#' || stripped[0] == ';')) comment = 0;
        std::string_view value = py_strip(line.text.substr(0, comment));
        if (value.empty()) {
            // An empty line inside a value is kept; a comment-only line is not.
            if (comment == std::string_view::npos && m_option) m_lines.emplace_back();
            continue;
        }
        // ConfigParser compares indentation in characters (NONSPACECRE), where a no-break
        // space counts like any other whitespace; `indent` is in bytes, for columns.
        size_t indent = 0, level = 0;
        while (size_t n = py_space_at(line.text, indent)) {
            indent += n;
            ++level;
        }
        if (m_current && m_option && level > m_indent) {
            m_lines.emplace_back(value);
            continue;
        }
        m_indent = level;
        if (header(value, line, indent)) {
            if (m_fatal) return;
            continue;
        }
        if (!m_current) {
            error(line.number, static_cast<int>(indent) + 1,
                  "file contains no section headers before this line");
            m_fatal = true;
            return;
        }
        // A malformed line ends the current value (ConfigParser keeps `optname`, but the
        // file is rejected anyway).
        option(value, line, indent);
        if (m_fatal) return;
    }
    flush();
}

}  // namespace

bool py_isspace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

size_t py_space_at(std::string_view s, size_t pos) {
    if (pos >= s.size()) return 0;
    auto b = [&](size_t i) {
        return pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) : 0u;
    };
    if (py_isspace(s[pos])) return 1;
    // UTF-8 of U+0085, U+00A0.
    if (b(0) == 0xC2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;
    // U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    if (b(0) == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;
    if (b(0) == 0xE2 && b(1) == 0x80 &&
        ((b(2) >= 0x80 && b(2) <= 0x8A) || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF))
        return 3;
    if (b(0) == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;
    if (b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;
    return 0;
}

size_t py_space_before(std::string_view s, size_t pos) {
    for (size_t n = 1; n <= 3 && n <= pos; ++n)
        if (py_space_at(s, pos - n) == n) return n;
    return 0;
}

std::string_view py_strip(std::string_view s) {
    while (size_t n = py_space_at(s, 0)) s.remove_prefix(n);
    while (size_t n = py_space_before(s, s.size())) s.remove_suffix(n);
    return s;
}

const Section* IniFile::find(std::string_view name) const {
    for (const Section& s : sections)
        if (s.name == name) return &s;
    return nullptr;
}

IniFile parse_ini(const std::string& path, std::string_view text) {
    IniFile file;
    file.path = path;
    Reader reader(file.path, file);
    reader.run(text);
    return file;
}

}  // namespace lifeline::f2b
