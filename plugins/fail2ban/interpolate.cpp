// ConfigParser.get with BasicInterpolation, as fail2ban 1.0.2 extends it (__name__ and
// section/option references mapped in before each level is interpolated).
#include <algorithm>
#include <map>

#include "config.hpp"

namespace lifeline::f2b {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

const Value* find_option(const std::vector<Option>& options, std::string_view name) {
    for (const Option& o : options)
        if (o.name == name) return &o.value;
    return nullptr;
}

bool word_char(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-' || u >= 0x80;
}

class Interpolator {
  public:
    Interpolator(const Config& config, std::string_view section, std::string_view option,
                 const Value& top)
        : m_config(config), m_section(section), m_option(option), m_top(top) {}

    /// Appends the interpolation of `rest` to `out`; false with m_error set on failure.
    bool run(std::string& out, std::string_view rest, std::map<std::string, std::string> map,
             int depth);
    std::optional<Diagnostic> m_error;

  private:
    bool fail(std::string message) {
        Diagnostic d;
        d.rule_id = std::string(k_config_error_id);
        d.slug = std::string(k_config_error_slug);
        d.location = m_top.origin;
        d.message = std::move(message);
        m_error = std::move(d);
        return false;
    }
    void map_section_options(std::string_view rest, std::map<std::string, std::string>& map) const;

    const Config& m_config;
    std::string m_section;
    std::string m_option;
    const Value& m_top;
};

/// _map_section_options: every `%(sec/opt)s` in `rest` (SECTION_OPTSUBST_CRE) not yet in the
/// map gets the raw value of opt in sec (`known`: the value before the last override; both
/// fall back to DEFAULT; an unknown section is left unmapped).
void Interpolator::map_section_options(std::string_view rest,
                                       std::map<std::string, std::string>& map) const {
    for (size_t p = rest.find("%("); p != std::string_view::npos; p = rest.find("%(", p + 1)) {
        size_t s = p + 2, e = s;
        while (e < rest.size() && word_char(rest[e])) ++e;
        if (e == s || e >= rest.size() || rest[e] != '/') continue;
        size_t close = rest.find(')', e + 1);
        if (close == std::string_view::npos || close == e + 1 || close + 1 >= rest.size() ||
            rest[close + 1] != 's')
            continue;
        std::string key(rest.substr(s, close - s));
        std::string sec(rest.substr(s, e - s));
        std::string opt(rest.substr(e + 1, close - e - 1));
        if (map.count(key)) continue;
        const Value* v = nullptr;
        std::string seclwr = lower(sec);
        if (seclwr == "known") {
            auto it = m_config.known.find(m_section);
            if (it != m_config.known.end()) v = find_option(it->second, opt);
        } else if (seclwr != "default") {
            const Section* target = m_config.find(sec);
            if (!target) continue;
            v = find_option(target->options, opt);
        }
        if (!v) v = find_option(m_config.defaults, opt);
        if (v) map[key] = v->text;
    }
}

bool Interpolator::run(std::string& out, std::string_view rest,
                       std::map<std::string, std::string> map, int depth) {
    map["__name__"] = m_section;
    map_section_options(rest, map);
    if (depth > k_max_interpolation_depth)
        return fail("Recursion limit exceeded in value substitution: option '" + m_option +
                    "' in section '" + m_section + "' contains an interpolation key which "
                    "cannot be substituted in " + std::to_string(k_max_interpolation_depth) +
                    " steps");
    while (!rest.empty()) {
        size_t p = rest.find('%');
        if (p == std::string_view::npos) {
            out += rest;
            return true;
        }
        out += rest.substr(0, p);
        rest.remove_prefix(p);
        char c = rest.size() > 1 ? rest[1] : '\0';
        if (c == '%') {
            out += '%';
            rest.remove_prefix(2);
            continue;
        }
        if (c != '(')
            return fail("'%' must be followed by '%' or '(', found: '" + std::string(rest) + "'");
        size_t close = rest.find(')', 2);
        if (close == std::string_view::npos || close == 2 || close + 1 >= rest.size() ||
            rest[close + 1] != 's')
            return fail("bad interpolation variable reference '" + std::string(rest) + "'");
        std::string var = lower(rest.substr(2, close - 2));
        rest.remove_prefix(close + 2);
        auto it = map.find(var);
        if (it == map.end())
            return fail("Bad value substitution: option '" + m_option + "' in section '" +
                        m_section + "' contains an interpolation key '" + var +
                        "' which is not a valid option name");
        std::string v = it->second;
        if (v.find('%') == std::string::npos) {
            out += v;
        } else if (!run(out, v, map, depth + 1)) {
            return false;
        }
    }
    return true;
}

}  // namespace

Lookup get(const Config& config, std::string_view section, std::string_view option) {
    Lookup result;
    std::string name = lower(option);
    const Section* sec = config.find(section);
    if (!sec && section != "DEFAULT") return result;
    const Value* raw = sec ? find_option(sec->options, name) : nullptr;
    if (!raw) raw = find_option(config.defaults, name);
    if (!raw) return result;
    result.origin = raw->origin;
    // The ChainMap ConfigParser hands the interpolation: the section over DEFAULT.
    std::map<std::string, std::string> map;
    for (const Option& o : config.defaults) map[o.name] = o.value.text;
    if (sec)
        for (const Option& o : sec->options) map[o.name] = o.value.text;
    Interpolator interp(config, section, name, *raw);
    std::string out;
    if (interp.run(out, raw->text, std::move(map), 1)) {
        result.value = std::move(out);
    } else {
        result.error = interp.m_error;
    }
    return result;
}

}  // namespace lifeline::f2b
