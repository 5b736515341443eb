// The order and the exact restore input of ufw 0.36.2's ufw-init-functions ufw_start(). Each
// generated input is tried on a copy of the state first (so iptables-restore's own checks decide,
// e.g. `-j drop` naming no chain), then applied rule by rule with an origin naming the file that
// caused it and the generated line ("ufw start sequence: -A ufw-reject-input -j REJECT").
#include "start_sequence.hpp"

#include <map>

#include "iptables/parser.hpp"
#include "shell_file.hpp"

namespace lifeline::ufw {
namespace {

constexpr const char* k_generated_prefix = "ufw start sequence: ";
constexpr const char* k_directions[] = {"input", "output", "forward"};

/// The primary chains and their hooks, in ufw-init's order: declarations kind by kind (each for
/// input, output, forward), then INPUT's six jumps, OUTPUT's, FORWARD's.
std::string primary_block(const std::string& p) {
    const char* kinds[] = {"before-logging", "before", "after", "after-logging", "reject", "track"};
    std::string s = "*filter\n";
    for (const char* k : kinds)
        for (const char* d : k_directions) s += ":" + p + "-" + k + "-" + d + " - [0:0]\n";
    const std::pair<const char*, const char*> hooks[] = {
        {"INPUT", "input"}, {"OUTPUT", "output"}, {"FORWARD", "forward"}};
    for (const auto& [builtin, d] : hooks)
        for (const char* k : kinds)
            s += std::string("-A ") + builtin + " -j " + p + "-" + k + "-" + d + "\n";
    return s + "COMMIT\n";
}

class Sequence {
  public:
    Sequence(FamilyStart& out, const UfwSettings& s, std::string type, std::string init)
        : m_out(out), m_s(s), m_prefix("ufw" + type), m_init(std::move(init)) {}

    void run(const FamilyFiles& files);
    void lockdown();

  private:
    bool exists(const std::string& chain) const;
    /// Where a generated line comes from: the setting that produced it (its file:line), or a
    /// file as a whole (line 0).
    struct Cause {
        std::string file;
        int line = 0;
        int column = 0;
        Cause(std::string f, int l = 0, int c = 0) : file(std::move(f)), line(l), column(c) {}
    };
    /// `chain_causes` names a different cause for some chains' declarations (the policies of
    /// INPUT, FORWARD and OUTPUT come from three settings but one restore).
    void generated(const std::string& text, const Cause& cause, bool noflush = true,
                   const std::map<std::string, Cause>& chain_causes = {});
    void restore_file(const RulesInput& in);
    const Setting& policy(const char* direction) const;
    Cause cause_of(const Setting& s) const {
        return s.set ? Cause(s.file, s.line, s.column) : Cause(m_s.defaults_path);
    }

    FamilyStart& m_out;
    const UfwSettings& m_s;
    std::string m_prefix;
    std::string m_init;
};

const Setting& Sequence::policy(const char* direction) const {
    std::string d = direction;
    return d == "input"    ? m_s.default_input
           : d == "output" ? m_s.default_output
                           : m_s.default_forward;
}

bool Sequence::exists(const std::string& chain) const {
    auto it = m_out.state.tables().find("filter");
    return it != m_out.state.tables().end() && it->second.find(chain) != nullptr;
}

/// One `printf … | $exe-restore [-n]` of ufw-init.
void Sequence::generated(const std::string& text, const Cause& cause, bool noflush,
                         const std::map<std::string, Cause>& chain_causes) {
    int family = m_out.state.family();
    iptables::SaveFile file = iptables::parse_save_file(text, k_init_path, family);
    iptables::XtablesState trial =
        noflush ? m_out.state : iptables::XtablesState(family, m_out.nft_backend);
    iptables::RestoreResult r = trial.restore(file, k_init_path, noflush);
    auto line_of = [&](int n) {
        size_t start = 0;
        for (int i = 1; i < n && start != std::string::npos; ++i) {
            start = text.find('\n', start);
            if (start != std::string::npos) ++start;
        }
        if (start == std::string::npos) return std::string();
        return text.substr(start, text.find('\n', start) - start);
    };
    if (!r.ok) {
        std::string bad = line_of(r.failed_line);
        m_out.failures.push_back({cause.file, cause.line, cause.column,
                                  "iptables-restore refuses ufw-init's generated line `" + bad +
                                      "`: " + r.failed_message,
                                  bad});
    }
    // Blocks committed before the failing line stay applied (printf reuses its format when the
    // policies split into more words than it has %s, so one input can hold several blocks).
    if (!noflush) m_out.state = iptables::XtablesState(family, m_out.nft_backend);
    for (const iptables::TableBlock& block : file.blocks) {
        if (!block.committed || (!r.ok && block.commit_line > r.failed_line)) break;
        for (const iptables::ChainDecl& d : block.chains) {
            auto own = chain_causes.find(d.name);
            const Cause& c = own == chain_causes.end() ? cause : own->second;
            nf::Origin o{c.file, c.line, c.column, k_generated_prefix + line_of(d.line)};
            if (d.policy == "-")
                m_out.state.new_chain(block.name, d.name, o);
            else
                m_out.state.set_policy(block.name, d.name, d.policy, o);
        }
        for (const iptables::RuleLine& line : block.rules) {
            std::string spec;
            for (const auto& t : line.args) spec += (spec.empty() ? "" : " ") + t.text;
            nf::Origin o{cause.file, cause.line, cause.column,
                         k_generated_prefix + line_of(line.line)};
            m_out.state.append(block.name, line.chain, spec, o);
        }
    }
}

void Sequence::restore_file(const RulesInput& in) {
    if (!in.file) {
        m_out.failures.push_back({in.path, 0, 0, "Couldn't find '" + in.path + "'", {}});
        return;
    }
    iptables::RestoreResult r = m_out.state.restore(*in.file, in.path, true);
    if (!r.ok) {
        m_out.failures.push_back({in.path,
                                  r.failed_line,
                                  r.failed_column,
                                  "Problem running '" + in.path + "': " + r.failed_message,
                                  {}});
    }
}

void Sequence::run(const FamilyFiles& files) {
    const std::string& p = m_prefix;
    if (!exists(p + "-before-logging-input")) generated(primary_block(p), m_init);
    for (const char* d : k_directions) {
        const Setting& pol = policy(d);
        if (pol.value == "REJECT")
            generated("*filter\n-A " + p + "-reject-" + d + " -j REJECT\nCOMMIT\n", cause_of(pol));
    }
    for (const char* d : k_directions) {
        const Setting& pol = policy(d);
        if (pol.value != "ACCEPT") continue;
        std::string chain = p + "-track-" + d;
        generated("*filter\n-A " + chain + " -p tcp -m conntrack --ctstate NEW -j ACCEPT\n-A " +
                      chain + " -p udp -m conntrack --ctstate NEW -j ACCEPT\nCOMMIT\n",
                  cause_of(pol));
    }
    if (!exists(p + "-logging-deny")) {
        generated(
            "*filter\n:" + p + "-logging-deny - [0:0]\n:" + p + "-logging-allow - [0:0]\nCOMMIT\n",
            m_init);
    }
    if (!exists(p + "-skip-to-policy-input")) {
        // The policies are pasted unquoted: sh splits them into words before printf sees them.
        std::vector<std::string> args;
        for (const char* d : k_directions)
            for (auto& w : split_fields(policy(d).value)) args.push_back(w);
        std::string format = "*filter\n";
        for (const char* d : k_directions)
            format += ":" + p + "-skip-to-policy-" + d + " - [0:0]\n";
        for (const char* d : k_directions)
            format += "-A " + p + "-skip-to-policy-" + d + " -j %s\n";
        generated(shell_printf(format + "COMMIT\n", args), cause_of(m_s.default_input));
    }
    restore_file(files.before);
    restore_file(files.after);
    if (files.user.file) {
        if (!exists(p + "-user-input")) {
            std::string s = "*filter\n";
            for (const char* c : {"input", "output", "forward", "logging-input", "logging-output",
                                  "logging-forward", "limit", "limit-accept"})
                s += ":" + p + "-user-" + c + " - [0:0]\n";
            generated(s + "COMMIT\n", files.user.path);
        }
        restore_file(files.user);
        std::string s = "*filter\n";
        for (const char* d : k_directions)
            s += "-A " + p + "-before-" + d + " -j " + p + "-user-" + d + "\n";
        generated(s + "COMMIT\n", files.user.path);
    } else {
        restore_file(files.user);  // records "Couldn't find"
    }
    // Policies last (LP: #1946804); REJECT becomes DROP plus the reject chain's rule.
    std::vector<std::string> args;
    for (const char* d : {"input", "forward", "output"}) {
        std::string v = policy(d).value == "REJECT" ? "DROP" : policy(d).value;
        for (auto& w : split_fields(v)) args.push_back(w);
    }
    generated(shell_printf(
                  "*filter\n:INPUT %s [0:0]\n:FORWARD %s [0:0]\n:OUTPUT %s [0:0]\nCOMMIT\n", args),
              cause_of(m_s.default_input), true,
              {{"INPUT", cause_of(m_s.default_input)},
               {"FORWARD", cause_of(m_s.default_forward)},
               {"OUTPUT", cause_of(m_s.default_output)}});
}

void Sequence::lockdown() {
    m_out.lockdown = true;
    generated(
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\n"
        "-A INPUT -i lo -j ACCEPT\n-A OUTPUT -o lo -j ACCEPT\nCOMMIT\n",
        cause_of(m_s.ipv6), false);
}

}  // namespace

StartResult run_start_sequence(const UfwSettings& settings, const FamilyFiles& v4,
                               const FamilyFiles& v6, bool nft_backend,
                               const std::string& init_path) {
    StartResult out(nft_backend);
    if (!settings.starts()) return out;
    out.started = true;
    // ufw-init handles IPv6 first when it is disabled (lock-down), then each enabled family.
    if (!settings.ipv6_enabled()) Sequence(out.v6, settings, "6", init_path).lockdown();
    Sequence(out.v4, settings, "", init_path).run(v4);
    if (settings.ipv6_enabled()) Sequence(out.v6, settings, "6", init_path).run(v6);
    return out;
}

}  // namespace lifeline::ufw
