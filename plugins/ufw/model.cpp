// Reading the host's ufw files (the only I/O of the plugin's model) and running the pure parts.
#include "model.hpp"

#include "iptables/parser.hpp"

namespace lifeline::ufw {
namespace {

SettingsText read_settings_text(Host& host, const char* path) {
    SettingsText t{path, std::nullopt};
    if (const SourceFile* f = host.load(path); f && !f->text().empty()) t.text = f->text();
    return t;
}

RulesFile read_rules(Host& host, const std::string& host_path, int family) {
    RulesFile r;
    r.path = host_path;
    std::string error;
    bool not_found = false;
    const SourceFile* f = host.load(host_path, &error, &not_found);
    if (!f) {
        if (!not_found) r.read_error = error;
        return r;
    }
    r.present = !f->text().empty();
    r.parsed = iptables::parse_save_file(f->text(), r.path, family);
    return r;
}

std::vector<ProfileFile> list_profiles(Host& host) {
    std::vector<ProfileFile> out;
    std::string dir = host.path(k_applications_dir);
    auto names = host.fs().list(dir);
    if (!names) return out;
    for (const auto& name : *names) {
        ProfileFile f;
        f.name = name;
        auto st = host.fs().stat(dir + "/" + name);
        f.regular = st && st->type == sys::FileStat::Type::regular;
        f.size = st ? st->size : 0;
        if (f.regular) {
            if (const SourceFile* s = host.load(std::string(k_applications_dir) + "/" + name))
                f.text = s->text();
        }
        out.push_back(std::move(f));
    }
    return out;
}

FamilyRules read_family(Host& host, int family, const ServiceDb& services,
                        std::vector<Diagnostic>& findings) {
    std::string six = family == 6 ? "6" : "";
    FamilyRules fr;
    fr.before = read_rules(host, "/etc/ufw/before" + six + ".rules", family);
    fr.after = read_rules(host, "/etc/ufw/after" + six + ".rules", family);
    fr.user = read_rules(host, "/etc/ufw/user" + six + ".rules", family);
    if (const SourceFile* f = host.sources().find(host.path(fr.user.path)))
        fr.tuples = parse_user_rules(f->text(), fr.user.path, services, findings);
    return fr;
}

FamilyFiles inputs(const FamilyRules& fr) {
    auto in = [](const RulesFile& r) {
        return RulesInput{r.path, r.present ? &r.parsed : nullptr};
    };
    return {in(fr.before), in(fr.after), in(fr.user)};
}

}  // namespace

std::vector<nf::Table> UfwModel::tables() const {
    std::vector<nf::Table> out;
    if (!start.started) return out;
    iptables::IpsetDb no_sets;
    for (const FamilyStart* f : {&start.v4, &start.v6})
        for (auto& t : f->state.to_netfilter("ufw", no_sets)) out.push_back(std::move(t));
    return out;
}

std::unique_ptr<UfwModel> load_model(Host& host) {
    auto m = std::make_unique<UfwModel>();
    auto conf_stat = host.fs().stat(host.path(k_conf_path));
    m->present = conf_stat.has_value();
    if (!m->present) return m;
    SettingsText conf = read_settings_text(host, k_conf_path);
    SettingsText defaults = read_settings_text(host, k_defaults_path);
    m->settings = read_settings(conf, defaults, m->findings);
    if (const SourceFile* s = host.load("/etc/services")) m->services = parse_services(s->text());
    m->profiles = read_profiles(list_profiles(host), k_applications_dir, m->services, m->findings);
    m->v4 = read_family(host, 4, m->services, m->findings);
    m->v6 = read_family(host, 6, m->services, m->findings);
    // ufw runs `iptables`: whichever tool update-alternatives selects (nft on Debian 12).
    if (auto link = host.fs().read_link(host.path("/etc/alternatives/iptables")))
        m->nft_backend = link->find("legacy") == std::string::npos;
    m->start = run_start_sequence(m->settings, inputs(m->v4), inputs(m->v6), m->nft_backend);
    return m;
}

}  // namespace lifeline::ufw
