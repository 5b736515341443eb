// Per-jail effective settings (JailReader._configOpts, splitwords, _as_bool).
#include "jail.hpp"

#include <algorithm>

namespace lifeline::f2b {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// Looks an option up; an interpolation error is recorded (fail2ban-client aborts on it).
std::optional<Setting> lookup(const Config& config, const std::string& jail, const char* option,
                              std::vector<Diagnostic>& errors) {
    Lookup got = get(config, jail, option);
    if (got.error) {
        errors.push_back(*got.error);
        return std::nullopt;
    }
    if (!got.value) return std::nullopt;
    return Setting{*got.value, got.origin};
}

/// The other options JailReader._configOpts (with FilterReader's) reads for an enabled jail:
/// their values do not matter here, but an interpolation error in any of them aborts
/// fail2ban-client, so they are looked up for errors.
constexpr const char* k_checked_only[] = {
    "maxmatches",      "bantime.formula",      "bantime.multipliers",
    "bantime.rndtime", "bantime.overalljails", "ignorecache",
    "logtimezone",     "logencoding",          "usedns",
    "prefregex",       "ignoreregex",          "failregex",
    "maxlines",        "datepattern",          "journalmatch"};

void add_option(Config& config, const std::string& name, const std::string& value) {
    for (Option& o : config.defaults)
        if (o.name == name) {
            o.value.text = value;
            return;
        }
    config.defaults.push_back({name, {value, {}}});
}

Jail resolve(const Config& config, const Section& section, std::vector<Diagnostic>& errors) {
    Jail j;
    j.name = section.name;
    j.origin = section.origin;
    j.enabled_raw = lookup(config, j.name, "enabled", errors);
    j.enabled = j.enabled_raw && as_bool(j.enabled_raw->value);
    j.filter = lookup(config, j.name, "filter", errors);
    j.backend = lookup(config, j.name, "backend", errors);
    // Options of a disabled jail are never looked up, so their errors do not count.
    std::vector<Diagnostic> later;
    std::vector<Diagnostic>& sink = j.enabled ? errors : later;
    j.port = lookup(config, j.name, "port", later);
    j.protocol = lookup(config, j.name, "protocol", later);
    j.banaction = lookup(config, j.name, "banaction", later);
    j.mode = lookup(config, j.name, "mode", later);
    j.maxretry_raw = lookup(config, j.name, "maxretry", sink);
    if (j.maxretry_raw) j.maxretry = python_int(j.maxretry_raw->value);
    j.findtime = lookup(config, j.name, "findtime", sink);
    j.bantime = lookup(config, j.name, "bantime", sink);
    if (j.bantime) j.bantime_permanent = j.bantime->value == "-1";
    j.bantime_increment_raw = lookup(config, j.name, "bantime.increment", sink);
    if (j.bantime_increment_raw) j.bantime_increment = as_bool(j.bantime_increment_raw->value);
    j.bantime_factor = lookup(config, j.name, "bantime.factor", sink);
    j.bantime_maxtime = lookup(config, j.name, "bantime.maxtime", sink);
    j.ignorecommand = lookup(config, j.name, "ignorecommand", sink);
    j.ignoreself_raw = lookup(config, j.name, "ignoreself", sink);
    if (j.ignoreself_raw) j.ignoreself = as_bool(j.ignoreself_raw->value);
    j.ignoreip_raw = lookup(config, j.name, "ignoreip", sink);
    if (j.ignoreip_raw) j.ignoreip = split_words(j.ignoreip_raw->value);
    j.action = lookup(config, j.name, "action", sink);
    j.logpath = lookup(config, j.name, "logpath", sink);
    for (const char* option : k_checked_only) lookup(config, j.name, option, sink);
    return j;
}

}  // namespace

bool as_bool(std::string_view value) {
    std::string v = lower(value);
    return v == "1" || v == "on" || v == "true" || v == "yes";
}

std::optional<long long> python_int(std::string_view value) {
    value = py_strip(value);
    bool negative = false;
    if (!value.empty() && (value[0] == '+' || value[0] == '-')) {
        negative = value[0] == '-';
        value.remove_prefix(1);
    }
    if (value.empty() || value.front() == '_' || value.back() == '_') return std::nullopt;
    long long n = 0;
    for (size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c == '_' && value[i - 1] != '_') continue;
        if (c < '0' || c > '9') return std::nullopt;
        if (n > (1LL << 58)) return std::nullopt;  // far beyond any meaningful setting
        n = n * 10 + (c - '0');
    }
    return negative ? -n : n;
}

std::vector<std::string> split_words(std::string_view value) {
    std::vector<std::string> out;
    size_t p = 0;
    while (p <= value.size()) {
        size_t e = value.find_first_of(" ,\n", p);
        if (e == std::string_view::npos) e = value.size();
        std::string_view piece = py_strip(value.substr(p, e - p));
        if (!piece.empty()) out.emplace_back(piece);
        p = e + 1;
    }
    return out;
}

JailConfig read_jails(const ConfigSource& source, const std::string& basedir,
                      const std::string& version) {
    JailConfig result;
    result.config = read_config(source, basedir, "jail");
    result.errors = result.config.errors;
    // JailReader.getOptions merges these into DEFAULT before reading any jail.
    add_option(result.config, "fail2ban_version", version);
    add_option(result.config, "fail2ban_confpath", basedir);
    for (const Section& s : result.config.sections) {
        if (s.name == "INCLUDES") continue;
        result.jails.push_back(resolve(result.config, s, result.errors));
    }
    return result;
}

}  // namespace lifeline::f2b
