// Reads /etc/fail2ban from a host tree and prepares each jail for the rules and the access layer.
#include "model.hpp"

#include "lifeline/sys/fs.hpp"

namespace lifeline::f2b {
namespace {

constexpr const char* k_basedir = "/etc/fail2ban";

/// Files of a host tree, read through the Host so that diagnostics can show their lines.
class HostConfigSource final : public ConfigSource {
  public:
    explicit HostConfigSource(Host& host) : m_host(host) {}

    std::optional<std::string> read(const std::string& path) const override {
        auto st = m_host.fs().stat(m_host.path(path));
        if (!st || st->type != sys::FileStat::Type::regular) return std::nullopt;
        const SourceFile* file = m_host.load(path);
        if (!file) return std::nullopt;
        return std::string(file->text());
    }

    std::vector<std::string> list(const std::string& dir) const override {
        auto names = m_host.fs().list(m_host.path(dir));
        return names ? *names : std::vector<std::string>{};
    }

  private:
    Host& m_host;
};

bool sshd_filter(const Jail& jail) {
    if (!jail.filter) return false;
    std::string_view f = py_strip(jail.filter->value);
    size_t end = f.find_first_of("[ \t");
    std::string_view name = f.substr(0, end);
    return name == "sshd" || name == "sshd-ddos" || name == "sshd-aggressive";
}

}  // namespace

std::string shown_path(const Host& host, const std::string& host_path) {
    if (host_path.empty() || host_path[0] != '/') return host_path;
    return host.path(host_path);
}

Exposure assess(const JailView& view, const net::Network& sources, int port) {
    Exposure e;
    if (!view.jail->enabled || !view.reach.blocks(port)) return e;
    if (view.ignoreself && is_self_address(sources)) {
        e.verdict = Exposure::Verdict::ignored;
        e.by_self = true;
        return e;
    }
    for (const IgnoreEntry& entry : view.ignores)
        if (ignores_all(entry, sources)) {
            e.verdict = Exposure::Verdict::ignored;
            e.ignored_by = &entry;
            return e;
        }
    e.verdict = Exposure::Verdict::bannable;
    for (const IgnoreEntry& entry : view.ignores)
        if (entry.kind == IgnoreEntry::Kind::name && entry.problem.empty()) {
            e.caveat = "unless host name '" + entry.text +
                       "' in ignoreip resolves to the source when the ban is due";
            break;
        }
    if (view.jail->ignorecommand && !py_strip(view.jail->ignorecommand->value).empty())
        e.caveat += std::string(e.caveat.empty() ? "unless " : ", or unless ") +
                    "ignorecommand decides to ignore it (lifeline does not run it)";
    return e;
}

std::optional<ServerRefusal> Fail2banModel::server_refusal() const {
    for (const JailView& view : jails) {
        if (!view.jail->enabled) continue;
        for (const IgnoreEntry& entry : view.ignores)
            if (entry.kind == IgnoreEntry::Kind::refused) return ServerRefusal{&view, &entry};
    }
    return std::nullopt;
}

std::unique_ptr<Fail2banModel> load_model(Host& host) {
    auto m = std::make_unique<Fail2banModel>();
    for (const char* name : {"jail.conf", "jail.local"}) {
        auto st = host.fs().stat(host.path(std::string(k_basedir) + "/" + name));
        if (st && st->type == sys::FileStat::Type::regular) m->present = true;
    }
    if (!m->present) return m;
    HostConfigSource source(host);
    m->config = read_jails(source, k_basedir);
    std::string error;
    bool not_found = false;
    auto st = host.fs().stat(host.path("/etc/services"));
    const SourceFile* services =
        st && st->type == sys::FileStat::Type::regular ? host.load("/etc/services", &error, &not_found)
                                                       : nullptr;
    m->services = services ? ServiceTable::parse(services->text()) : ServiceTable::debian();
    for (const Jail& jail : m->config.jails) {
        JailView v;
        v.jail = &jail;
        v.reach = ban_reach(jail, m->services);
        for (const std::string& word : jail.ignoreip) v.ignores.push_back(parse_ignore_entry(word));
        v.sshd_filter = sshd_filter(jail);
        if (jail.maxretry) v.maxretry = *jail.maxretry;
        if (jail.ignoreself) v.ignoreself = *jail.ignoreself;
        m->jails.push_back(std::move(v));
    }
    return m;
}

}  // namespace lifeline::f2b
