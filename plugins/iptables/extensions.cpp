// Option tables of libxt_*/libipt_* extensions as shipped in iptables 1.8.9. Only extensions
// whose options the model reads, or whose unknown options must be reported, are listed.

#include "extensions.hpp"

#include <array>
#include <iterator>

namespace lifeline::iptables {
namespace {

constexpr OptionSpec k_tcp[] = {
    {"--sport"},  {"--source-port"},  {"--dport"},      {"--destination-port"},
    {"--syn", 0}, {"--tcp-flags", 2}, {"--tcp-option"},
};
constexpr OptionSpec k_udp[] = {
    {"--sport"},
    {"--source-port"},
    {"--dport"},
    {"--destination-port"},
};
constexpr OptionSpec k_sctp[] = {
    {"--sport"}, {"--source-port"}, {"--dport"}, {"--destination-port"}, {"--chunk-types", 2},
};
constexpr OptionSpec k_icmp[] = {{"--icmp-type"}};
constexpr OptionSpec k_icmp6[] = {{"--icmpv6-type"}};
constexpr OptionSpec k_multiport[] = {
    {"--sports"}, {"--source-ports"}, {"--dports"}, {"--destination-ports"}, {"--ports"},
};
constexpr OptionSpec k_conntrack[] = {
    {"--ctstate"},       {"--ctproto"},       {"--ctorigsrc"},     {"--ctorigdst"},
    {"--ctreplsrc"},     {"--ctrepldst"},     {"--ctorigsrcport"}, {"--ctorigdstport"},
    {"--ctreplsrcport"}, {"--ctrepldstport"}, {"--ctstatus"},      {"--ctexpire"},
    {"--ctdir"},
};
constexpr OptionSpec k_state[] = {{"--state"}};
constexpr OptionSpec k_set[] = {
    {"--match-set", 2},
    {"--set", 2},
    {"--return-nomatch", 0},
    {"--update-counters", 0},
    {"--update-subcounters", 0},
    {"--packets-eq"},
    {"--packets-lt"},
    {"--packets-gt"},
    {"--bytes-eq"},
    {"--bytes-lt"},
    {"--bytes-gt"},
};
constexpr OptionSpec k_comment[] = {{"--comment"}};
constexpr OptionSpec k_limit[] = {{"--limit"}, {"--limit-burst"}};
constexpr OptionSpec k_recent[] = {
    {"--set", 0},  {"--rcheck", 0},  {"--update", 0}, {"--remove", 0},
    {"--seconds"}, {"--reap", 0},    {"--hitcount"},  {"--rttl", 0},
    {"--name"},    {"--rsource", 0}, {"--rdest", 0},  {"--mask"},
};
constexpr OptionSpec k_hashlimit[] = {
    {"--hashlimit"},
    {"--hashlimit-upto"},
    {"--hashlimit-above"},
    {"--hashlimit-burst"},
    {"--hashlimit-mode"},
    {"--hashlimit-name"},
    {"--hashlimit-htable-size"},
    {"--hashlimit-htable-max"},
    {"--hashlimit-htable-expire"},
    {"--hashlimit-htable-gcinterval"},
    {"--hashlimit-srcmask"},
    {"--hashlimit-dstmask"},
    {"--hashlimit-rate-match", 0},
    {"--hashlimit-rate-interval"},
};
constexpr OptionSpec k_connlimit[] = {
    {"--connlimit-upto"},     {"--connlimit-above"},    {"--connlimit-mask"},
    {"--connlimit-saddr", 0}, {"--connlimit-daddr", 0},
};
constexpr OptionSpec k_mac[] = {{"--mac-source"}};
constexpr OptionSpec k_addrtype[] = {
    {"--src-type"},
    {"--dst-type"},
    {"--limit-iface-in", 0},
    {"--limit-iface-out", 0},
};
constexpr OptionSpec k_iprange[] = {{"--src-range"}, {"--dst-range"}};

constexpr OptionSpec k_time[] = {
    {"--datestart"}, {"--datestop"}, {"--timestart"},  {"--timestop"},    {"--monthdays"},
    {"--weekdays"},  {"--utc", 0},   {"--localtz", 0}, {"--kerneltz", 0}, {"--contiguous", 0},
};

constexpr OptionSpec k_reject[] = {{"--reject-with"}};
constexpr OptionSpec k_log[] = {
    {"--log-level"},         {"--log-prefix"}, {"--log-tcp-sequence", 0}, {"--log-tcp-options", 0},
    {"--log-ip-options", 0}, {"--log-uid", 0}, {"--log-macdecode", 0},
};

template <size_t N>
constexpr ExtensionSpec spec(std::string_view name, const OptionSpec (&options)[N],
                             bool may_match = false) {
    return {name, options, static_cast<int>(N), may_match};
}

constexpr std::array k_matches = {
    spec("tcp", k_tcp),
    spec("udp", k_udp),
    spec("udplite", k_udp),
    spec("sctp", k_sctp),
    spec("icmp", k_icmp),
    spec("icmp6", k_icmp6),
    spec("multiport", k_multiport),
    spec("conntrack", k_conntrack),
    spec("state", k_state),
    spec("set", k_set),
    spec("comment", k_comment),
    spec("limit", k_limit, true),
    spec("recent", k_recent, true),
    spec("hashlimit", k_hashlimit, true),
    spec("connlimit", k_connlimit, true),
    spec("mac", k_mac),
    spec("addrtype", k_addrtype),
    spec("iprange", k_iprange),
    spec("time", k_time),
};

constexpr OptionSpec k_none[1] = {{"", 0}};
constexpr std::array k_targets = {
    spec("REJECT", k_reject),           spec("LOG", k_log),
    ExtensionSpec{"ACCEPT", k_none, 0}, ExtensionSpec{"DROP", k_none, 0},
    ExtensionSpec{"RETURN", k_none, 0}, ExtensionSpec{"QUEUE", k_none, 0},
};

}  // namespace

const ExtensionSpec* find_match(std::string_view name) {
    for (const auto& m : k_matches) {
        if (m.name == name) return &m;
    }
    return nullptr;
}

const ExtensionSpec* find_target(std::string_view name) {
    for (const auto& t : k_targets) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

const OptionSpec* find_option(const ExtensionSpec& spec, std::string_view name, bool prefix) {
    const OptionSpec* prefixed = nullptr;
    int prefix_count = 0;
    for (int i = 0; i < spec.option_count; ++i) {
        if (spec.options[i].name == name) return &spec.options[i];
        if (prefix && name.size() > 2 && spec.options[i].name.substr(0, name.size()) == name) {
            prefixed = &spec.options[i];
            ++prefix_count;
        }
    }
    return prefix_count == 1 ? prefixed : nullptr;
}

}  // namespace lifeline::iptables

namespace lifeline::iptables {

bool is_target_extension(std::string_view name) {
    // The upper-case modules in /usr/lib/x86_64-linux-gnu/xtables of Debian 12's iptables 1.8.9.
    static constexpr std::string_view k_names[] = {
        "AUDIT",  "CHECKSUM", "CLASSIFY", "CLUSTERIP",   "CONNMARK", "CONNSECMARK", "CT",
        "DNAT",   "DNPT",     "DSCP",     "ECN",         "HL",       "HMARK",       "IDLETIMER",
        "LED",    "LOG",      "MARK",     "MASQUERADE",  "NETMAP",   "NFLOG",       "NFQUEUE",
        "NOTRACK", "RATEEST", "REDIRECT", "REJECT",      "SECMARK",  "SET",         "SNAT",
        "SNPT",   "SYNPROXY", "TCPMSS",   "TCPOPTSTRIP", "TEE",      "TOS",         "TPROXY",
        "TRACE",  "TTL",      "ULOG"};
    for (auto n : k_names)
        if (n == name) return true;
    return false;
}

}  // namespace lifeline::iptables
