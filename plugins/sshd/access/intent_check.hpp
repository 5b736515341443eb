#pragma once
/// Declared logins against sshd: every `--access` / must_login intent must be admitted by the
/// sshd layer from every part of its source network, and every must_not_login intent refused.

#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/facts.hpp"
#include "lifeline/host.hpp"
#include "lifeline/rule.hpp"

namespace lifeline::sshd {

struct Config;

/// Addresses of `sources` that the configuration may treat differently: the first address,
/// and for every address pattern and CIDR in Match Address lines and Allow/Deny `user@host`
/// entries that overlaps `sources`, an address inside the overlap and one of `sources` outside
/// it.
std::vector<net::IpAddress> witness_addresses(const Config& cfg, const net::Network& sources);

/// Reports SSHD057 (a must_login intent denied or not provable) and SSHD058 (a must_not_login
/// intent admitted). `today`: days since 1970-01-01.
void check_intents(Host& host, const Config& cfg, const HostFacts& facts, long today,
                   const RuleInfo& denied_rule, const RuleInfo& admitted_rule,
                   DiagnosticSink& out);

}  // namespace lifeline::sshd
