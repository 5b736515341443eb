// f2b_model_dump: lifeline's fail2ban model (read_jails) on real configuration directories,
// printed as one JSON object per directory and line, for the differential against the real
// `fail2ban-client -d` (compare.py reads both).
//
//   f2b_model_dump CONFDIR [CONFDIR...]
//
// Per directory: {"dir", "errors": [{path, line, column, message}], "jails": [...]}; per jail, in
// section order: name, enabled and every setting the model resolves (null when not set anywhere).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "dir_source.hpp"
#include "fail2ban/jail.hpp"

namespace {

using lifeline::f2b::Jail;
using lifeline::f2b::Setting;
using nlohmann::json;

json setting(const std::optional<Setting>& s) {
    return s ? json(s->value) : json(nullptr);
}

template <typename T>
json optional(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json jail_json(const lifeline::f2b::Config& config, const Jail& j) {
    json out = json::object();
    out["name"] = j.name;
    out["enabled"] = j.enabled;
    out["enabled_raw"] = setting(j.enabled_raw);
    out["backend"] = setting(j.backend);
    out["filter"] = setting(j.filter);
    out["mode"] = setting(j.mode);
    out["port"] = setting(j.port);
    out["protocol"] = setting(j.protocol);
    out["banaction"] = setting(j.banaction);
    out["action"] = setting(j.action);
    // Uninterpolated texts, so the comparison knows where action parameters come from.
    json raw = json::object();
    for (const char* option : {"action", "action_", "action_mw"}) {
        const lifeline::f2b::Value* v = config.raw(j.name, option);
        raw[option] = v ? json(v->text) : json(nullptr);
    }
    out["raw"] = raw;
    out["logpath"] = setting(j.logpath);
    out["maxretry_raw"] = setting(j.maxretry_raw);
    out["maxretry"] = optional(j.maxretry);
    out["findtime"] = setting(j.findtime);
    out["bantime"] = setting(j.bantime);
    out["bantime_permanent"] = j.bantime_permanent;
    out["bantime.increment"] = optional(j.bantime_increment);
    out["bantime.factor"] = setting(j.bantime_factor);
    out["bantime.maxtime"] = setting(j.bantime_maxtime);
    out["ignorecommand"] = setting(j.ignorecommand);
    out["ignoreself"] = optional(j.ignoreself);
    out["ignoreip"] = j.ignoreip_raw ? json(j.ignoreip) : json(nullptr);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: f2b_model_dump CONFDIR [CONFDIR...]\n");
        return 2;
    }
    lifeline::f2b::testing::DirConfigSource source;
    for (int i = 1; i < argc; ++i) {
        std::string dir = argv[i];
        // fail2ban's setBaseDir: basedir.rstrip('/').
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        lifeline::f2b::JailConfig config = lifeline::f2b::read_jails(source, dir);
        json out = json::object();
        out["dir"] = dir;
        out["files"] = config.config.files;
        json errors = json::array();
        for (const auto& d : config.errors)
            errors.push_back({{"path", d.location.path},
                              {"line", d.location.line},
                              {"column", d.location.column},
                              {"message", d.message}});
        out["errors"] = errors;
        json skipped = json::array();
        for (const auto& d : config.config.skipped) skipped.push_back(d.location.path);
        out["skipped"] = skipped;
        json jails = json::array();
        for (const Jail& j : config.jails) jails.push_back(jail_json(config.config, j));
        out["jails"] = jails;
        // Invalid UTF-8 in a value must not abort the dump; replace it visibly.
        std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
    return 0;
}
