// File order, [INCLUDES], merging with KNOWN/ sections (SafeConfigParserWithIncludes.read).
#include "config.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace lifeline::f2b {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// os.path.splitext(path)[0]: the last '.' of the base name, leading dots not counting.
std::string strip_extension(const std::string& path) {
    size_t base = path.rfind('/');
    base = base == std::string::npos ? 0 : base + 1;
    size_t first = path.find_first_not_of('.', base);
    if (first == std::string::npos) return path;
    size_t dot = path.rfind('.');
    return dot != std::string::npos && dot > first ? path.substr(0, dot) : path;
}

std::string dirname(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? "" : path.substr(0, slash == 0 ? 1 : slash);
}

/// sorted(glob.glob(dir + "/*" + ext)): names not starting with '.', Python (byte) order.
std::vector<std::string> glob_dir(const ConfigSource& source, const std::string& dir,
                                  std::string_view ext) {
    std::vector<std::string> out;
    for (const std::string& name : source.list(dir))
        if (!name.empty() && name[0] != '.' && ends_with(name, ext)) out.push_back(dir + "/" + name);
    std::sort(out.begin(), out.end());
    return out;
}

/// The length of the UTF-8 sequence a lead byte starts (0: not a valid lead byte).
size_t utf8_length(unsigned char c) {
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return 2;
    if (c >= 0xE0 && c <= 0xEF) return 3;
    if (c >= 0xF0 && c <= 0xF4) return 4;
    return 0;
}

/// The offset of the first byte Python's strict UTF-8 decoder rejects (overlong forms,
/// surrogates, code points above U+10FFFF, truncated sequences), or npos.
size_t invalid_utf8_at(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t n = utf8_length(c);
        if (n == 0 || i + n > s.size()) return i;
        for (size_t k = 1; k < n; ++k) {
            unsigned char d = static_cast<unsigned char>(s[i + k]);
            unsigned char lo = 0x80, hi = 0xBF;
            if (k == 1 && c == 0xE0) lo = 0xA0;
            if (k == 1 && c == 0xED) hi = 0x9F;
            if (k == 1 && c == 0xF0) lo = 0x90;
            if (k == 1 && c == 0xF4) hi = 0x8F;
            if (d < lo || d > hi) return i;
        }
        i += n;
    }
    return std::string_view::npos;
}

Diagnostic decoding_warning(const std::string& path, std::string_view text, size_t offset) {
    Diagnostic d;
    d.rule_id = std::string(k_config_error_id);
    d.slug = std::string(k_config_error_slug);
    d.severity = Severity::warning;
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            start = i + 1;
        }
    d.location = {path, line, static_cast<int>(offset - start) + 1};
    d.message =
        "not valid UTF-8: fail2ban-client skips this whole file (\"Error decoding config file\")";
    return d;
}

class Loader {
  public:
    explicit Loader(const ConfigSource& source) : m_source(source) {}

    /// The parsed file (cached, like fail2ban's share_config), or nullptr when unreadable.
    const IniFile* parse(const std::string& path) {
        auto it = m_cache.find(path);
        if (it != m_cache.end()) return it->second ? &*it->second : nullptr;
        auto text = m_source.read(path);
        auto& slot = m_cache[path];
        // fail2ban-client decodes every file as strict UTF-8; on a decoding error it logs
        // "Error decoding config file" and goes on WITHOUT that file.
        if (text) {
            if (size_t bad = invalid_utf8_at(*text); bad != std::string::npos) {
                m_warnings.push_back(decoding_warning(path, *text, bad));
                text.reset();
            }
        }
        if (text) slot = parse_ini(path, *text);
        return slot ? &*slot : nullptr;
    }

    /// Files skipped because they are not valid UTF-8.
    const std::vector<Diagnostic>& warnings() const { return m_warnings; }

    /// _getIncludes: each file followed by its `.local` twin, includes expanded around it.
    /// fail2ban-client caches the result per expanded file list (share_config's
    /// `inc-path:` entries) whatever `seen` is, so a file included again from another chain
    /// gets the list computed the first time, loop cut-offs included.
    std::vector<std::string> includes(const std::vector<std::string>& files,
                                      const std::vector<std::string>& seen) {
        std::vector<std::string> expanded;
        for (const std::string& f : files) {
            expanded.push_back(f);
            std::string local = strip_extension(f) + ".local";
            if (std::find(files.begin(), files.end(), local) == files.end() && m_source.read(local))
                expanded.push_back(local);
        }
        if (auto hit = m_include_lists.find(expanded); hit != m_include_lists.end())
            return hit->second;
        std::vector<std::string> out;
        for (const std::string& f : expanded) {
            auto part = includes_of(f, seen);
            out.insert(out.end(), part.begin(), part.end());
        }
        m_include_lists[expanded] = out;
        return out;
    }

    /// Errors found while expanding [INCLUDES] (each reported once).
    const std::vector<Diagnostic>& errors() const { return m_errors; }

  private:
    std::vector<std::string> includes_of(const std::string& resource,
                                         const std::vector<std::string>& seen);
    void note_error(const Diagnostic& d) {
        for (const Diagnostic& have : m_errors)
            if (have.location.path == d.location.path && have.location.line == d.location.line &&
                have.message == d.message)
                return;
        m_errors.push_back(d);
    }

    const ConfigSource& m_source;
    std::map<std::string, std::optional<IniFile>> m_cache;
    std::map<std::vector<std::string>, std::vector<std::string>> m_include_lists;
    std::vector<Diagnostic> m_errors;
    std::vector<Diagnostic> m_warnings;
};

std::vector<std::string> Loader::includes_of(const std::string& resource,
                                             const std::vector<std::string>& seen) {
    const IniFile* file = parse(resource);
    if (!file) return {};
    // The include lists are read through this file alone (its own DEFAULT, interpolated).
    Config single;
    single.defaults = file->defaults;
    single.sections = file->sections;
    std::vector<std::string> before, after;
    if (single.find("INCLUDES")) {
        for (auto [name, list] : {std::pair{"before", &before}, std::pair{"after", &after}}) {
            Lookup got = get(single, "INCLUDES", name);
            // An interpolation error in an include list aborts fail2ban-client like any other.
            if (got.error) note_error(*got.error);
            if (!got.value) continue;
            size_t p = 0;
            const std::string& v = *got.value;
            while (p <= v.size()) {
                size_t e = v.find('\n', p);
                if (e == std::string::npos) e = v.size();
                std::string entry = v.substr(p, e - p);
                p = e + 1;
                std::string r = !entry.empty() && entry[0] == '/' ? entry
                                                                  : dirname(resource) + "/" + entry;
                if (std::find(seen.begin(), seen.end(), r) != seen.end()) continue;
                std::vector<std::string> s = seen;
                s.push_back(resource);
                auto part = includes({r}, s);
                list->insert(list->end(), part.begin(), part.end());
            }
        }
    }
    before.push_back(resource);
    before.insert(before.end(), after.begin(), after.end());
    return before;
}

void put(std::vector<Option>& options, const Option& o) {
    for (Option& have : options)
        if (have.name == o.name) {
            have.value = o.value;
            return;
        }
    options.push_back(o);
}

/// CONDITIONAL_RE `^(\w+)(\?.+)$`: `Init?family=inet6` -> ("Init", "?family=inet6").
std::optional<std::pair<std::string, std::string>> conditional(const std::string& name) {
    size_t q = name.find('?');
    if (q == std::string::npos || q == 0 || q + 1 >= name.size()) return std::nullopt;
    for (size_t i = 0; i < q; ++i) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        if (!(std::isalnum(c) || c == '_' || c >= 0x80)) return std::nullopt;
    }
    if (name.find('\n', q) != std::string::npos) return std::nullopt;
    return std::pair{name.substr(0, q), name.substr(q)};
}

void merge(Config& config, const IniFile& file) {
    for (const Option& o : file.defaults) put(config.defaults, o);
    for (Section s : file.sections) {
        if (auto cond = conditional(s.name)) {
            s.name = cond->first;
            for (Option& o : s.options) o.name += cond->second;
        }
        auto it = std::find_if(config.sections.begin(), config.sections.end(),
                               [&](const Section& have) { return have.name == s.name; });
        if (it == config.sections.end()) {
            config.sections.push_back(std::move(s));
            continue;
        }
        std::vector<Option>& known = config.known[s.name];
        for (const Option& o : s.options) {
            for (const Option& prev : it->options)
                if (prev.name == o.name) put(known, prev);
        }
        for (const Option& o : s.options) put(it->options, o);
    }
}

}  // namespace

MemoryConfigSource& MemoryConfigSource::add(const std::string& path, std::string text) {
    m_files[path] = std::move(text);
    return *this;
}

std::optional<std::string> MemoryConfigSource::read(const std::string& path) const {
    auto it = m_files.find(path);
    if (it == m_files.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> MemoryConfigSource::list(const std::string& dir) const {
    std::set<std::string> names;
    std::string prefix = dir + "/";
    for (auto it = m_files.lower_bound(prefix);
         it != m_files.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        std::string rest = it->first.substr(prefix.size());
        names.insert(rest.substr(0, rest.find('/')));
    }
    return {names.begin(), names.end()};
}

const Section* Config::find(std::string_view name) const {
    for (const Section& s : sections)
        if (s.name == name) return &s;
    return nullptr;
}

const Value* Config::raw(std::string_view section, std::string_view option) const {
    if (const Section* s = find(section))
        for (const Option& o : s->options)
            if (o.name == option) return &o.value;
    for (const Option& o : defaults)
        if (o.name == option) return &o.value;
    return nullptr;
}

Config read_config(const ConfigSource& source, const std::string& basedir,
                   const std::string& name) {
    std::string base = basedir + "/" + name;
    std::vector<std::string> candidates = {base + ".conf"};
    for (auto& f : glob_dir(source, base + ".d", ".conf")) candidates.push_back(f);
    candidates.push_back(base + ".local");
    for (auto& f : glob_dir(source, base + ".d", ".local")) candidates.push_back(f);
    std::vector<std::string> files;
    for (auto& f : candidates)
        if (source.read(f)) files.push_back(f);

    Loader loader(source);
    Config config;
    std::set<std::string> reported;
    for (const std::string& f : loader.includes(files, {})) {
        const IniFile* file = loader.parse(f);
        if (!file) continue;
        config.files.push_back(f);
        merge(config, *file);
        if (reported.insert(f).second)
            config.errors.insert(config.errors.end(), file->errors.begin(), file->errors.end());
    }
    config.errors.insert(config.errors.end(), loader.errors().begin(), loader.errors().end());
    config.skipped = loader.warnings();
    return config;
}

}  // namespace lifeline::f2b
