// Application profiles as ufw 0.36.2 reads them. The INI part follows Python 3.11's
// RawConfigParser (strict, `=`/`:` delimiters, `#`/`;` whole-line comments, indented
// continuation lines, lower-cased keys, [DEFAULT] inherited by every section); any error it
// raises makes ufw skip the whole file ("Skipping 'F': couldn't process").
#include "app_profiles.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "diag.hpp"

namespace lifeline::ufw {
namespace {

constexpr std::uint64_t k_max_size = 10 * 1024 * 1024;
constexpr size_t k_max_name = 64;
constexpr size_t k_max_value = 1024;
constexpr std::string_view k_skipped_suffixes[] = {".dpkg-new", ".dpkg-old", ".dpkg-dist",
                                                   ".rpmnew",   ".rpmsave",  "~"};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// Valid UTF-8 (Python opens the file as text and fails on anything else).
bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t extra = c < 0x80         ? 0
                       : (c >> 5) == 6  ? 1
                       : (c >> 4) == 14 ? 2
                       : (c >> 3) == 30 ? 3
                                        : 4;
        if (extra == 4) return false;
        for (size_t k = 1; k <= extra; ++k) {
            if (i + k >= s.size()) return false;
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
        }
        i += extra + 1;
    }
    return true;
}

/// Splits into lines as Python's universal newlines do.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            out.push_back(text.substr(start, i - start));
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    if (start < text.size()) out.push_back(text.substr(start));
    return out;
}

/// A section being read: values as lists of lines, joined at the end.
struct RawSection {
    std::string name;
    int line = 0;
    std::vector<std::string> order;
    std::map<std::string, std::pair<std::vector<std::string>, int>> values;
};

/// Python's `int(name)` succeeds: optional blanks and sign, digits with single underscores.
bool python_int(std::string_view s) {
    s = strip(s);
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
    if (s.empty() || s.front() == '_' || s.back() == '_') return false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_' && s[i + 1] != '_') continue;
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

/// applications.py valid_profile_name.
bool valid_profile_name(std::string_view name) {
    if (name == "all" || python_int(name) || name.empty()) return false;
    auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(name[0])) return false;
    for (char c : name.substr(1))
        if (!alnum(c) && c != ' ' && c != '_' && c != '-' && c != '.' && c != '+') return false;
    return true;
}

/// The sections with their values joined as configparser joins continuation lines, and the
/// [DEFAULT] items every section inherits (its own items win).
std::vector<IniSection> merge_defaults(const std::vector<RawSection>& sections,
                                       const RawSection& defaults) {
    auto join = [](const std::vector<std::string>& lines) {
        std::string v;
        for (size_t i = 0; i < lines.size(); ++i) v += (i ? "\n" : "") + lines[i];
        while (!v.empty() && is_space(v.back())) v.pop_back();
        return v;
    };
    std::vector<IniSection> out;
    for (const RawSection& s : sections) {
        IniSection sec{s.name, s.line, {}};
        std::vector<std::string> keys = defaults.order;
        for (const auto& k : s.order)
            if (!defaults.values.count(k)) keys.push_back(k);
        for (const auto& k : keys) {
            auto it = s.values.find(k);
            const auto& v = it != s.values.end() ? it->second : defaults.values.at(k);
            sec.items.push_back({k, {join(v.first), v.second}});
        }
        out.push_back(std::move(sec));
    }
    return out;
}

}  // namespace

const AppProfile* ProfileDb::find(std::string_view name) const {
    auto it = profiles.find(std::string(name));
    return it == profiles.end() ? nullptr : &it->second;
}

std::vector<const ProfileFile*> profile_read_order(const std::vector<ProfileFile>& entries) {
    std::vector<const ProfileFile*> sorted;
    for (const auto& e : entries) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(),
              [](const ProfileFile* a, const ProfileFile* b) { return a->name < b->name; });
    std::vector<const ProfileFile*> out;
    std::uint64_t total = 0;
    for (const ProfileFile* f : sorted) {
        if (!f->regular || f->name.empty() || f->name[0] == '.') continue;
        bool leftover = false;
        for (auto s : k_skipped_suffixes) leftover = leftover || ends_with(f->name, s);
        if (leftover || f->size > k_max_size || total + f->size > k_max_size) continue;
        total += f->size;
        out.push_back(f);
    }
    return out;
}

IniFile parse_ini(std::string_view text) {
    IniFile out;
    if (!valid_utf8(text)) {
        out.errors.push_back({1, "the file is not valid UTF-8"});
        return out;
    }
    std::vector<RawSection> sections;
    RawSection defaults;
    RawSection* cur = nullptr;
    std::string opt;
    bool have_opt = false;
    size_t indent_level = 0;
    std::set<std::string> seen_sections;
    int lineno = 0;
    for (std::string_view line : split_lines(text)) {
        ++lineno;
        std::string_view stripped = strip(line);
        bool comment = !stripped.empty() && (stripped[0] == '#' || stripped[0] == ';');
        std::string_view value = comment ? std::string_view() : stripped;
        if (value.empty()) {
            // A blank line inside a value is kept (and trailing ones dropped at the join).
            if (!comment && cur && have_opt) cur->values[opt].first.push_back("");
            continue;
        }
        size_t indent = line.find_first_not_of(" \t\n\r\v\f");
        if (cur && have_opt && indent > indent_level) {
            cur->values[opt].first.push_back(std::string(value));
            continue;
        }
        indent_level = indent;
        size_t close = value.rfind(']');
        if (value[0] == '[' && close != std::string_view::npos && close >= 2) {
            std::string name(value.substr(1, close - 1));
            have_opt = false;
            if (name == "DEFAULT") {
                cur = &defaults;
                continue;
            }
            if (!seen_sections.insert(name).second) {
                out.errors.push_back({lineno, "section [" + name +
                                                  "] appears twice in this file (Python's "
                                                  "configparser refuses the file)"});
                return out;
            }
            sections.push_back({name, lineno, {}, {}});
            cur = &sections.back();
            continue;
        }
        if (!cur) {
            out.errors.push_back({lineno, "no [section] header before this line"});
            return out;
        }
        size_t delim = value.find_first_of("=:");
        if (delim == std::string_view::npos) {
            out.errors.push_back({lineno, "not a `key=value` line"});
            continue;
        }
        std::string key = lower(strip(value.substr(0, delim)));
        if (key.empty()) out.errors.push_back({lineno, "a value without a key"});
        if (cur->values.count(key)) {
            out.errors.push_back({lineno, "`" + key + "` appears twice in [" + cur->name + "]"});
            return out;
        }
        cur->order.push_back(key);
        cur->values[key] = {{std::string(strip(value.substr(delim + 1)))}, lineno};
        opt = key;
        have_opt = !key.empty();
    }
    out.sections = merge_defaults(sections, defaults);
    return out;
}

namespace {

/// applications.py verify_profile: the mandatory fields, then every `ports=` entry.
std::optional<std::string> verify(const IniSection& s, AppProfile& p, const ServiceDb& services,
                                  int& line) {
    std::map<std::string, std::pair<std::string, int>> items(s.items.begin(), s.items.end());
    for (const char* field : {"title", "description", "ports"}) {
        auto it = items.find(field);
        if (it == items.end())
            return "Profile '" + s.name + "' missing required field '" + field + "'";
        if (it->second.first.empty()) {
            line = it->second.second;
            return "Profile '" + s.name + "' has empty required field '" + field + "'";
        }
    }
    p.title = items["title"].first;
    p.description = items["description"].first;
    p.ports_text = items["ports"].first;
    line = items["ports"].second;
    std::string_view rest = p.ports_text;
    while (true) {
        size_t bar = rest.find('|');
        std::string_view entry = rest.substr(0, bar);
        std::string port(entry), proto = "any";
        size_t slash = entry.find('/');
        if (slash != std::string_view::npos) {
            port = std::string(entry.substr(0, slash));
            proto = std::string(entry.substr(slash + 1));
        }
        std::string why;
        if (slash != std::string_view::npos && entry.find('/', slash + 1) != std::string::npos)
            why = "more than one '/'";
        else if (is_portless_protocol(proto))
            why = "protocol '" + proto + "' takes no port";
        else if (proto == "any" && port.find_first_of(",:") != std::string::npos)
            why = "a list or range needs a protocol (/tcp or /udp)";
        else if (!is_ufw_protocol(proto))
            why = "unsupported protocol '" + proto + "'";
        std::optional<PortSpec> spec;
        if (why.empty()) spec = parse_ports(port, services, why);
        if (!spec) {
            return "Invalid ports in profile '" + s.name + "': " + why + " in '" +
                   std::string(entry) + "'";
        }
        p.ports.push_back({spec->text, proto});
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
    }
    return std::nullopt;
}

/// The reason ufw skips section `s` before verifying it, if any.
std::optional<std::string> skip_reason(const IniSection& s, const ServiceDb& services) {
    if (s.name.size() > k_max_name) return "profile name longer than 64 characters";
    if (!valid_profile_name(s.name))
        return "invalid profile name (letters, digits, space, '_', '-', '.', '+', starting "
               "with a letter or digit; not a number, not 'all')";
    if (services.find(s.name)) return "'" + s.name + "' is also a service in /etc/services";
    for (const auto& [key, value] : s.items) {
        if (key.size() > k_max_name) return "field name '" + key + "' longer than 64 characters";
        if (value.first.size() > k_max_value)
            return "value of '" + key + "' longer than 1024 characters";
    }
    return std::nullopt;
}

}  // namespace

ProfileDb read_profiles(const std::vector<ProfileFile>& entries, const std::string& dir,
                        const ServiceDb& services, std::vector<Diagnostic>& findings) {
    ProfileDb db;
    for (const ProfileFile* f : profile_read_order(entries)) {
        std::string path = dir + "/" + f->name;
        if (!f->text) continue;
        IniFile ini = parse_ini(*f->text);
        if (!ini.errors.empty()) {
            for (const auto& [line, message] : ini.errors)
                findings.push_back(
                    make_diagnostic(k_syntax_error, path, line, 1,
                                    message + ": ufw skips every profile of " + f->name));
            continue;
        }
        for (const IniSection& s : ini.sections) {
            if (auto why = skip_reason(s, services)) {
                findings.push_back(make_diagnostic(k_syntax_error, path, s.line, 1,
                                                   *why + ": ufw skips profile '" + s.name + "'"));
                continue;
            }
            AppProfile p;
            p.name = s.name;
            p.file = path;
            p.line = s.line;
            int line = s.line;
            if (auto why = verify(s, p, services, line)) {
                findings.push_back(
                    make_diagnostic(k_syntax_error, path, line, 1, *why + ": ufw skips it"));
                continue;
            }
            db.profiles[p.name] = std::move(p);
        }
    }
    return db;
}

}  // namespace lifeline::ufw
