// `### tuple ###` comments, read like ufw 0.36.2's backend_iptables._read_rules (6 to 9 fields,
// an optional ` comment=HEX`, interface suffixes on the direction) and validated like
// common.UFWRule; and the rule lines _write_rules would put under each one.
#include "tuples.hpp"

#include <regex>

#include "diag.hpp"
#include "lifeline/net.hpp"

namespace lifeline::ufw {
namespace {

constexpr std::string_view k_tuple_prefix = "### tuple ###";
constexpr size_t k_max_iface = 15;

std::vector<std::string> split_blanks(std::string_view s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
        size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') ++i;
        if (i > b) out.emplace_back(s.substr(b, i - b));
    }
    return out;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string decode_spaces(const std::string& s) {
    return std::regex_replace(s, std::regex("%20"), " ");
}

/// util.valid_address(addr, "any"): an IPv4 or IPv6 address with an optional CIDR length (or,
/// for IPv4, a dotted netmask).
bool valid_address(const std::string& addr) {
    auto slash = addr.find('/');
    std::string host = addr.substr(0, slash);
    auto ip = net::parse_ip(host);
    if (!ip) return false;
    if (slash == std::string::npos) return true;
    std::string mask = addr.substr(slash + 1);
    if (mask.find('/') != std::string::npos || mask.empty()) return false;
    bool digits = mask.find_first_not_of("0123456789") == std::string::npos;
    if (digits && mask.size() <= 3) return std::stoi(mask) <= ip->bit_count();
    auto dotted = net::parse_ip(mask);
    return ip->family == 4 && dotted && dotted->family == 4;
}

/// common.UFWRule.set_interface.
bool valid_interface(const std::string& name) {
    if (name.empty() || name.size() > k_max_iface || name == "." || name == "..") return false;
    static const std::regex k_ok("^[a-zA-Z0-9_\\-\\.\\+,=%@]+$");
    return std::regex_match(name, k_ok);
}

/// Fills `t` from the fields of a tuple; the reason ufw skips it, or empty.
std::string fill(Tuple& t, const std::vector<std::string>& f, const ServiceDb& services) {
    if (f.size() < 6 || f.size() > 9)
        return std::to_string(f.size()) + " fields where ufw reads 6 to 9";
    t.direction = "in";
    if (f.size() == 7 || f.size() == 9) {
        const std::string& last = f.back();
        t.direction = last.substr(0, last.find('_'));
        if (last.find('_') != std::string::npos) {
            static const std::regex k_in("in_\\w+"), k_out("out_\\w+");
            if (last.find('!') != std::string::npos && std::regex_search(last, k_in) &&
                std::regex_search(last, k_out)) {
                std::string a = last.substr(0, last.find('!')), b = last.substr(last.find('!') + 1);
                t.iface_in = a.substr(a.find('_') + 1);
                t.iface_out = b.substr(b.find('_') + 1);
            } else if (last.rfind("in_", 0) == 0) {
                t.iface_in = last.substr(3);
            } else if (last.rfind("out_", 0) == 0) {
                t.iface_out = last.substr(4);
            } else {
                return "bad interface in '" + last + "'";
            }
        }
    }
    std::string action = f[0];
    if (action.find(':') != std::string::npos) {
        t.forward = true;
        action = action.substr(action.find(':') + 1);
        action = action.substr(0, action.find(':'));
    }
    std::string act = lower(action);
    std::string base = act.substr(0, act.find('_'));
    // ufw turns every other action word into deny.
    t.action = base == "allow" || base == "reject" || base == "limit" ? base : "deny";
    if (act.find('_') != std::string::npos) {
        std::string rest = act.substr(act.find('_') + 1);
        t.logtype = rest.substr(0, rest.find('_'));
        if (t.logtype != "log" && t.logtype != "log-all") return "invalid log type";
    }
    t.protocol = f[1];
    if (!is_ufw_protocol(t.protocol)) return "unsupported protocol '" + t.protocol + "'";
    std::string error;
    auto dport = parse_ports(f[2], services, error);
    if (!dport) return error;
    auto sport = parse_ports(f[4], services, error);
    if (!sport) return error;
    t.dport = *dport;
    t.sport = *sport;
    t.src = lower(f[5]);
    t.dst = lower(f[3]);
    if (t.src != "any" && !valid_address(t.src)) return "bad source address '" + f[5] + "'";
    if (t.dst != "any" && !valid_address(t.dst)) return "bad destination address '" + f[3] + "'";
    if (t.direction != "in" && t.direction != "out")
        return "unsupported direction '" + t.direction + "'";
    if (f.size() >= 8) {
        if (f[6] != "-") t.dapp = decode_spaces(f[6]);
        if (f[7] != "-") t.sapp = decode_spaces(f[7]);
    }
    for (const std::string* i : {&t.iface_in, &t.iface_out})
        if (!i->empty() && !valid_interface(*i)) return "bad interface name '" + *i + "'";
    return {};
}

/// A rule of the chains `ufw status` lists (ufw[6]-user-input/output/forward); the limit and
/// logging chains' lines never have a tuple (Debian's packaged user.rules has them right
/// after `### RULES ###`).
bool shown_by_status(std::string_view line) {
    auto parts = split_blanks(line);
    if (parts.size() < 2) return false;
    const std::string& chain = parts[1];
    for (const char* p : {"ufw-user-", "ufw6-user-"}) {
        if (chain.rfind(p, 0) != 0) continue;
        std::string rest = chain.substr(std::string(p).size());
        return rest == "input" || rest == "output" || rest == "forward";
    }
    return false;
}

}  // namespace

UserRules parse_user_rules(std::string_view text, const std::string& path,
                           const ServiceDb& services, std::vector<Diagnostic>& findings) {
    UserRules out;
    bool in_rules = false;
    bool after_tuple = false;  // rule lines now belong to the last tuple (valid or not)
    Tuple* current = nullptr;
    int number = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        std::string_view line = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        start = end == std::string_view::npos ? text.size() : end + 1;
        ++number;
        if (line.rfind(k_tuple_prefix, 0) == 0) {
            std::string body(line.substr(k_tuple_prefix.size()));
            Tuple t;
            t.line = number;
            t.text = std::string(line);
            auto c = body.find(" comment=");
            if (c != std::string::npos) {
                t.comment = split_blanks(body.substr(c + 9)).empty()
                                ? ""
                                : split_blanks(body.substr(c + 9)).front();
                body = body.substr(0, c);
            }
            std::string why = fill(t, split_blanks(body), services);
            after_tuple = true;
            current = nullptr;
            if (!why.empty()) {
                findings.push_back(make_diagnostic(
                    k_syntax_error, path, number, 1,
                    "malformed tuple (" + why +
                        "): `ufw status` does not show this rule, while the rule lines under it "
                        "are enforced"));
                continue;
            }
            out.tuples.push_back(std::move(t));
            current = &out.tuples.back();
            continue;
        }
        if (line.rfind("### RULES ###", 0) == 0) in_rules = true;
        if (line.rfind("### END RULES ###", 0) == 0) {
            in_rules = false;
            after_tuple = false;
            current = nullptr;
        }
        bool rule_line = line.rfind("-A ", 0) == 0 || line.rfind("-I ", 0) == 0;
        if (!rule_line) continue;
        if (current) {
            current->rule_lines.push_back(number);
        } else if (in_rules && !after_tuple && shown_by_status(line)) {
            out.untupled_lines.push_back(number);
        }
    }
    return out;
}

namespace {

/// common.UFWRule.format_rule.
std::string format_rule(const Tuple& t) {
    std::string s;
    if (!t.iface_in.empty()) s += " -i " + t.iface_in;
    if (!t.iface_out.empty()) s += " -o " + t.iface_out;
    bool multi = t.dport.multi || t.sport.multi;
    bool dany = t.dport.text == "any", sany = t.sport.text == "any";
    if (t.protocol == "any") {
        s += " -p all";
    } else {
        s += " -p " + t.protocol;
        if (multi) {
            s += " -m multiport";
            if (!dany && !sany)
                s += " --dports " + t.dport.text + " -m multiport --sports " + t.sport.text;
            else if (!dany)
                s += " --dports " + t.dport.text;
            else if (!sany)
                s += " --sports " + t.sport.text;
        }
    }
    auto anywhere = [](const std::string& a) {
        return a == "0.0.0.0/0" || a == "::/0" || a == "any";
    };
    if (!anywhere(t.dst)) s += " -d " + t.dst;
    if (!multi && !dany) s += " --dport " + t.dport.text;
    if (!anywhere(t.src)) s += " -s " + t.src;
    if (!multi && !sany) s += " --sport " + t.sport.text;
    std::string log = t.logtype.empty() ? "" : "_" + t.logtype;
    if (t.action == "allow") {
        s += " -j ACCEPT" + log;
    } else if (t.action == "reject") {
        s += " -j REJECT" + log;
        if (t.protocol == "tcp") s += " --reject-with tcp-reset";
    } else if (t.action == "limit") {
        s += " -j LIMIT" + log;
    } else {
        s += " -j DROP" + log;
    }
    if (!t.dapp.empty() || !t.sapp.empty()) {
        auto enc = [](const std::string& a) {
            return std::regex_replace(a, std::regex(" "), "%20");
        };
        s += " -m comment --comment '";
        if (!t.dapp.empty()) s += "dapp_" + enc(t.dapp);
        if (!t.dapp.empty() && !t.sapp.empty()) s += ",";
        if (!t.sapp.empty()) s += "sapp_" + enc(t.sapp);
        s += "'";
    }
    return s.substr(s.find_first_not_of(' '));
}

/// backend_iptables._get_rules_from_formatted: protocol `all` with ports becomes a tcp and a udp
/// rule, `_log` actions get a logging chain, `LIMIT` becomes the three recent-match rules.
std::vector<std::string> expand(const std::string& rule, const std::string& prefix,
                                const std::string& suffix) {
    std::vector<std::string> out;
    static const std::regex k_all("-p all "), k_port("port "),
        k_reject("-j (REJECT(_log(-all)?)?)");
    if (rule.find("-p all ") != std::string::npos) {
        if (std::regex_search(rule, k_port)) {
            std::string tcp =
                std::regex_search(rule, k_reject)
                    ? std::regex_replace(rule, k_reject, "-j $1 --reject-with tcp-reset")
                    : rule;
            out.push_back(std::regex_replace(tcp, k_all, "-p tcp "));
            out.push_back(std::regex_replace(rule, k_all, "-p udp "));
        } else {
            out.push_back(std::regex_replace(rule, k_all, ""));
        }
    } else {
        out.push_back(rule);
    }
    static const std::regex k_log("(.*)-j ([A-Z]+)_log(-all)?(.*)"), k_logall("-j [A-Z]+_log-all"),
        k_chain("(-A|-D) ([a-zA-Z0-9\\-]+)");
    std::string logchain = prefix + "-user-logging-" + suffix;
    for (size_t i = 0; i < out.size(); ++i) {
        std::smatch m;
        std::string s = out[i];
        if (!std::regex_search(s, m, k_log)) continue;
        std::string policy = m[2].str();
        policy = policy == "ACCEPT" ? "ALLOW" : policy == "LIMIT" ? "LIMIT" : "BLOCK";
        std::string lstr =
            "-m limit --limit 3/min --limit-burst 10 -j LOG --log-prefix \"[UFW " + policy + "] \"";
        if (!std::regex_search(s, k_logall)) lstr = "-m conntrack --ctstate NEW " + lstr;
        auto to_log_chain = [&](const std::string& x) {
            return std::regex_replace(x, k_chain, "$1 " + logchain);
        };
        std::vector<std::string> repl = {
            to_log_chain(std::regex_replace(s, k_log, "$1" + lstr)),
            to_log_chain(std::regex_replace(s, k_log, "$1-j RETURN")),
            std::regex_replace(s, k_log, "$1-j " + logchain),
            std::regex_replace(s, k_log, "$1-j $2$4"),
        };
        out.erase(out.begin() + static_cast<long>(i));
        out.insert(out.begin() + static_cast<long>(i), repl.begin(), repl.end());
        i += repl.size() - 1;
    }
    static const std::regex k_limit(" -j LIMIT");
    for (size_t i = 0; i < out.size(); ++i) {
        std::string s = out[i];
        if (!std::regex_search(s, k_limit)) continue;
        std::vector<std::string> repl = {
            std::regex_replace(s, k_limit, " -m conntrack --ctstate NEW -m recent --set"),
            std::regex_replace(s, k_limit,
                               " -m conntrack --ctstate NEW -m recent --update --seconds 30 "
                               "--hitcount 6 -j " +
                                   prefix + "-user-limit"),
            std::regex_replace(s, k_limit, " -j " + prefix + "-user-limit-accept"),
        };
        out.erase(out.begin() + static_cast<long>(i));
        out.insert(out.begin() + static_cast<long>(i), repl.begin(), repl.end());
        i += repl.size() - 1;
    }
    return out;
}

}  // namespace

std::vector<std::string> expected_rule_lines(const Tuple& t, bool v6) {
    std::string prefix = v6 ? "ufw6" : "ufw";
    std::string suffix = t.forward ? "forward" : t.direction == "out" ? "output" : "input";
    std::string rule = "-A " + prefix + "-user-" + suffix + " " + format_rule(t);
    return expand(rule, prefix, suffix);
}

std::string describe_destination(const Tuple& t) {
    std::string port = t.dport.text == "any" ? "" : t.dport.text;
    std::string proto = t.protocol == "any" ? "" : t.protocol;
    std::string out = port.empty() ? (proto.empty() ? "Anywhere" : "Anywhere/" + proto)
                                   : (proto.empty() ? port : port + "/" + proto);
    if (!t.dapp.empty()) out = t.dapp + " (" + out + ")";
    return out;
}

}  // namespace lifeline::ufw
