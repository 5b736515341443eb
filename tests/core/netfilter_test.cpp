// The evaluator's semantics on hand-built graphs, each case from config-semantics §2.4, §2.5,
// §3.2 and §3.5 (the experiments there were run against the kernel).
#include <gtest/gtest.h>

#include <map>

#include "lifeline/netfilter.hpp"

using namespace lifeline;
using namespace lifeline::nf;

namespace {

Term port(std::uint32_t p) {
    Term t;
    t.field = Field::dport;
    t.values = {{p, p}};
    return t;
}

Term source(const char* cidr, bool negated = false) {
    Term t;
    t.field = Field::saddr;
    t.negated = negated;
    t.networks = {*net::parse_network(cidr)};
    return t;
}

Rule rule(std::vector<Term> terms, Verdict v, std::string target = {}, int line = 0) {
    Rule r;
    r.terms = std::move(terms);
    r.verdict = v;
    r.target = std::move(target);
    r.origin = {"/etc/test", line, 1, "rule"};
    return r;
}

Chain base(std::string name, int priority, Verdict policy, std::vector<Rule> rules) {
    Chain c;
    c.name = std::move(name);
    c.base = true;
    c.hook = Hook::input;
    c.priority = priority;
    c.policy = policy;
    c.rules = std::move(rules);
    return c;
}

Packet from(const char* addr, std::uint32_t dport = 22) {
    Packet p;
    p.saddr = *net::parse_ip(addr);
    p.family = p.saddr.family;
    p.dport = dport;
    return p;
}

Ruleset one_table(std::vector<Chain> chains, Family family = Family::inet) {
    Ruleset rs;
    Table t;
    t.family = family;
    t.name = "t";
    t.chains = std::move(chains);
    rs.tables.push_back(std::move(t));
    return rs;
}

}  // namespace

TEST(Netfilter, AcceptInOneBaseChainDoesNotStopDropInALaterOne) {
    // §3.5: table a (prio 0) accepts 22; table b (prio 10, policy drop) accepts only 2222.
    Ruleset rs = one_table({base("a", 0, Verdict::accept, {rule({port(22)}, Verdict::accept)}),
                            base("b", 10, Verdict::drop, {rule({port(2222)}, Verdict::accept)})});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1", 22)).outcome, Outcome::drop);
    EXPECT_EQ(evaluate(rs, from("10.0.0.1", 2222)).outcome, Outcome::accept);
}

TEST(Netfilter, LowerPriorityRunsFirst) {
    // §3.5: prio -10 accepts 2222, prio 0 drops it: dropped. Declaration order must not matter.
    Ruleset rs = one_table({base("late", 0, Verdict::accept, {rule({port(2222)}, Verdict::drop)}),
                            base("early", -10, Verdict::accept, {rule({port(2222)}, Verdict::accept)})});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1", 2222)).outcome, Outcome::drop);
}

TEST(Netfilter, GotoFallsThroughToTheBasePolicyNotTheNextRule) {
    // §3.7.5: a goto target falling off returns to the caller of the chain that jumped, here the
    // base chain's policy; a jump returns to the next rule.
    Chain user;
    user.name = "u";
    Ruleset via_goto = one_table({base("in", 0, Verdict::drop,
                                       {rule({}, Verdict::go_to, "u"), rule({port(22)}, Verdict::accept)}),
                                  user});
    EXPECT_EQ(evaluate(via_goto, from("10.0.0.1")).outcome, Outcome::drop);
    Ruleset via_jump = one_table({base("in", 0, Verdict::drop,
                                       {rule({}, Verdict::jump, "u"), rule({port(22)}, Verdict::accept)}),
                                  user});
    EXPECT_EQ(evaluate(via_jump, from("10.0.0.1")).outcome, Outcome::accept);
}

TEST(Netfilter, ReturnInABaseChainAppliesThePolicy) {
    Ruleset rs = one_table({base("in", 0, Verdict::drop,
                                 {rule({}, Verdict::ret), rule({port(22)}, Verdict::accept)})});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1")).outcome, Outcome::drop);
}

TEST(Netfilter, FamilyTablesSeeOnlyTheirFamily) {
    // §3.7.3: an `ip` table's drop does not touch IPv6.
    Ruleset rs = one_table({base("in", 0, Verdict::drop, {})}, Family::ip);
    EXPECT_EQ(evaluate(rs, from("10.0.0.1")).outcome, Outcome::drop);
    EXPECT_EQ(evaluate(rs, from("2001:db8::1")).outcome, Outcome::accept);
}

TEST(Netfilter, UndecidableTermThatCannotChangeTheOutcomeIsIgnored) {
    Term iface;
    iface.field = Field::iif;
    iface.interfaces = {{"eth0", false}};
    iface.text = "-i eth0";
    // Both branches accept: certain.
    Ruleset same = one_table({base("in", 0, Verdict::accept, {rule({iface}, Verdict::accept)})});
    EXPECT_EQ(evaluate(same, from("10.0.0.1")).outcome, Outcome::accept);
    // Accept only via eth0, else drop: unknown, never accept.
    Ruleset differs = one_table({base("in", 0, Verdict::drop, {rule({iface}, Verdict::accept)})});
    Evaluation e = evaluate(differs, from("10.0.0.1"));
    EXPECT_EQ(e.outcome, Outcome::unknown);
    EXPECT_NE(e.reason.find("eth0"), std::string::npos) << e.reason;
}

TEST(Netfilter, LoopbackPatternIsDecidedForRemoteSources) {
    Term lo;
    lo.field = Field::iif;
    lo.interfaces = {{"lo", false}};
    Ruleset rs = one_table({base("in", 0, Verdict::drop, {rule({lo}, Verdict::accept)})});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1")).outcome, Outcome::drop);
    EXPECT_EQ(evaluate(rs, from("127.0.0.1")).outcome, Outcome::accept);
}

TEST(Netfilter, RateLimitGivesTheFreshOutcomeAndTheRisk) {
    // ufw limit (§4.4): the first connection passes; a 6th within 30 s is rejected.
    Term recent;
    recent.field = Field::may_match;
    recent.likely = false;
    recent.text = "-m recent --update --seconds 30 --hitcount 6";
    Ruleset rs = one_table({base("in", 0, Verdict::drop,
                                 {rule({port(22), recent}, Verdict::reject, {}, 3),
                                  rule({port(22)}, Verdict::accept, {}, 4)})});
    Evaluation e = evaluate(rs, from("10.0.0.1"));
    EXPECT_EQ(e.outcome, Outcome::accept);
    ASSERT_EQ(e.risks.size(), 1u);
    EXPECT_EQ(e.risks[0].first, Outcome::reject);
    EXPECT_EQ(e.risks[0].second.origin.line, 3);
}

TEST(Netfilter, JumpToAMissingChainIsUnknown) {
    Ruleset rs = one_table({base("in", 0, Verdict::accept, {rule({}, Verdict::jump, "nope")})});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1")).outcome, Outcome::unknown);
}

TEST(Netfilter, JumpLoopIsUnknownNotAHang) {
    Chain a;
    a.name = "a";
    a.rules = {rule({}, Verdict::jump, "a")};
    Ruleset rs = one_table({base("in", 0, Verdict::accept, {rule({}, Verdict::jump, "a")}), a});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1")).outcome, Outcome::unknown);
}

TEST(Netfilter, PartitionSplitsAtEveryRuleEdgeWithWitnesses) {
    // drop 10.0.0.0/8 except 10.1.0.0/16, accept the rest.
    Ruleset rs = one_table({base("in", 0, Verdict::drop,
                                 {rule({source("10.1.0.0/16")}, Verdict::accept, {}, 1),
                                  rule({source("10.0.0.0/8")}, Verdict::drop, {}, 2),
                                  rule({}, Verdict::accept, {}, 3)})});
    auto parts = partition(rs, from("0.0.0.0"), *net::parse_network("10.0.0.0/7"));
    ASSERT_EQ(parts.size(), 3u);
    std::map<int, const Part*> by_line;
    for (const auto& p : parts) by_line[p.evaluation.trace.back().origin.line] = &p;
    ASSERT_EQ(by_line.size(), 3u);
    EXPECT_EQ(net::format_network(by_line[1]->networks.at(0)), "10.1.0.0/16");
    EXPECT_EQ(by_line[2]->evaluation.outcome, Outcome::drop);
    ASSERT_EQ(by_line[2]->networks.size(), 8u);  // 10/8 minus 10.1/16: 10.0/16, 10.2/15, …
    EXPECT_EQ(net::format_network(by_line[3]->networks.at(0)), "11.0.0.0/8");
    for (const auto& p : parts) {
        bool inside = false;
        for (const auto& n : p.networks) inside |= net::contains(n, p.witness);
        EXPECT_TRUE(inside) << net::format_ip(p.witness);
        EXPECT_EQ(evaluate(rs, [&] { Packet q = from("0.0.0.0"); q.saddr = p.witness; return q; }()).outcome,
                  p.evaluation.outcome);
    }
}

TEST(Netfilter, NatRedirectChangesThePortTheFilterSees) {
    Chain nat = base("pre", -100, Verdict::accept, {});
    nat.hook = Hook::prerouting;
    nat.nat = true;
    Rule redirect = rule({port(2222)}, Verdict::accept);
    redirect.effects.push_back({Effect::Kind::redirect_port, 22, 0});
    nat.rules.push_back(redirect);
    Ruleset rs = one_table({nat, base("in", 0, Verdict::drop, {rule({port(22)}, Verdict::accept)})});
    Evaluation e = evaluate(rs, from("10.0.0.1", 2222));
    EXPECT_EQ(e.outcome, Outcome::accept);
    EXPECT_EQ(e.port_seen, 22);
}

TEST(Netfilter, EqualPriorityRunsTheLaterRegisteredChainFirst) {
    // Measured in tests/fw_differential (nft-priority-tie): at equal priority the base chain
    // registered last runs first, so its drop wins over the earlier chain's reject.
    Ruleset rs = one_table({base("first", 0, Verdict::accept, {rule({port(22)}, Verdict::reject)}),
                            base("second", 0, Verdict::accept, {rule({port(22)}, Verdict::drop)})});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1")).outcome, Outcome::drop);
}

TEST(Netfilter, TheAnswerMustLeaveThroughOutput) {
    // §2.5: an OUTPUT policy drop without an established accept blocks the SYN-ACK, and a
    // reject's reset too: the client times out.
    Chain output = base("out", 0, Verdict::drop, {});
    output.hook = Hook::output;
    Ruleset closed = one_table({base("in", 0, Verdict::drop,
                                     {rule({port(22)}, Verdict::accept), rule({}, Verdict::reject)}),
                                output});
    Evaluation e = evaluate(closed, from("10.0.0.1"));
    EXPECT_EQ(e.outcome, Outcome::drop);
    EXPECT_EQ(e.stage, Stage::answer);
    EXPECT_EQ(evaluate(closed, from("10.0.0.1", 80)).outcome, Outcome::drop);
    Term est;
    est.field = Field::ct_state;
    est.bits = k_ct_established | k_ct_related;
    output.rules.push_back(rule({est}, Verdict::accept));
    Ruleset open = one_table({base("in", 0, Verdict::drop,
                                   {rule({port(22)}, Verdict::accept), rule({}, Verdict::reject)}),
                              output});
    EXPECT_EQ(evaluate(open, from("10.0.0.1")).outcome, Outcome::accept);
    EXPECT_EQ(evaluate(open, from("10.0.0.1", 80)).outcome, Outcome::reject);
}

TEST(Netfilter, IPv6NeedsNeighbourDiscovery) {
    // §2.7.6: an IPv6 input policy drop that accepts port 22 but no ICMPv6 blocks neighbour
    // discovery: nothing gets through (measured: ipt-v6-no-icmp).
    Term icmp6;
    icmp6.field = Field::l4proto;
    icmp6.values = {{58, 58}};
    Ruleset no_nd = one_table({base("in", 0, Verdict::drop, {rule({port(22)}, Verdict::accept)})});
    Evaluation e = evaluate(no_nd, from("2001:db8::1"));
    EXPECT_EQ(e.outcome, Outcome::drop);
    EXPECT_EQ(e.stage, Stage::neighbour);
    Ruleset nd = one_table({base("in", 0, Verdict::drop,
                                 {rule({icmp6}, Verdict::accept), rule({port(22)}, Verdict::accept)})});
    EXPECT_EQ(evaluate(nd, from("2001:db8::1")).outcome, Outcome::accept);
    // ufw's before6.rules accepts solicitations only with hop limit 255, as RFC 4861 sends them.
    Term type;
    type.field = Field::icmp_type;
    type.values = {{135, 136}};
    Term hl;
    hl.field = Field::hop_limit;
    hl.values = {{255, 255}};
    Ruleset ufw = one_table({base("in", 0, Verdict::drop,
                                  {rule({icmp6, type, hl}, Verdict::accept), rule({port(22)}, Verdict::accept)})});
    EXPECT_EQ(evaluate(ufw, from("2001:db8::1")).outcome, Outcome::accept);
}

TEST(Netfilter, TheClientsNextPacketsMustGetInToo) {
    // Measured in tests/fw_differential (fw-handshake): the handshake's ACK is ESTABLISHED and
    // has no SYN. An accept limited to NEW lets connect() succeed, then the ACK meets the reject
    // (the client gets ECONNREFUSED) or the policy drop (the login hangs).
    Term fresh;
    fresh.field = Field::ct_state;
    fresh.bits = k_ct_new;
    Ruleset rejecting = one_table(
        {base("in", 0, Verdict::accept, {rule({port(22), fresh}, Verdict::accept, {}, 1),
                                         rule({}, Verdict::reject, {}, 2)})});
    Evaluation e = evaluate(rejecting, from("10.0.0.1"));
    EXPECT_EQ(e.outcome, Outcome::reject);
    EXPECT_EQ(e.stage, Stage::handshake);
    ASSERT_FALSE(e.trace.empty());
    EXPECT_EQ(e.trace.back().origin.line, 2);
    Ruleset dropping =
        one_table({base("in", 0, Verdict::drop, {rule({port(22), fresh}, Verdict::accept)})});
    EXPECT_EQ(evaluate(dropping, from("10.0.0.1")).outcome, Outcome::drop);
    EXPECT_EQ(evaluate(dropping, from("10.0.0.1")).stage, Stage::handshake);
    // With an established accept the connection opens.
    Term est;
    est.field = Field::ct_state;
    est.bits = k_ct_established | k_ct_related;
    Ruleset open = one_table({base("in", 0, Verdict::drop,
                                   {rule({est}, Verdict::accept),
                                    rule({port(22), fresh}, Verdict::accept)})});
    EXPECT_EQ(evaluate(open, from("10.0.0.1")).outcome, Outcome::accept);
}

TEST(Netfilter, LaterPacketsOfARedirectedFlowSeeTheNewPort) {
    // conntrack applies the first packet's nat to the rest of the flow: the ACK of a connection
    // redirected from 2222 to 22 reaches the filter as port 22 although no nat chain runs for it.
    Chain nat = base("pre", -100, Verdict::accept, {});
    nat.hook = Hook::prerouting;
    nat.nat = true;
    Rule redirect = rule({port(2222)}, Verdict::accept);
    redirect.effects.push_back({Effect::Kind::redirect_port, 22, 0});
    nat.rules.push_back(redirect);
    Term fresh;
    fresh.field = Field::ct_state;
    fresh.bits = k_ct_new;
    // NEW to 2222 is accepted anywhere; 22 is accepted in any state; other packets are dropped.
    Ruleset rs = one_table({nat, base("in", 0, Verdict::drop,
                                      {rule({port(22)}, Verdict::accept)})});
    EXPECT_EQ(evaluate(rs, from("10.0.0.1", 2222)).outcome, Outcome::accept);
    Ruleset only_new = one_table({nat, base("in", 0, Verdict::drop,
                                            {rule({port(22), fresh}, Verdict::accept)})});
    Evaluation e = evaluate(only_new, from("10.0.0.1", 2222));
    EXPECT_EQ(e.outcome, Outcome::drop);
    EXPECT_EQ(e.stage, Stage::handshake);
}

TEST(Netfilter, ChainsBeforeConntrackSeeInvalid) {
    // Measured in tests/fw_differential (nft-before-conntrack, gen-s11-037): at prerouting
    // priority -300 the packet has no conntrack entry yet, so `ct state new` does not match and
    // `ct state invalid` matches every packet.
    Term fresh;
    fresh.field = Field::ct_state;
    fresh.bits = k_ct_new;
    Term invalid = fresh;
    invalid.bits = k_ct_invalid;
    Chain raw_new = base("raw", -300, Verdict::accept, {rule({port(22), fresh}, Verdict::drop)});
    raw_new.hook = Hook::prerouting;
    EXPECT_EQ(evaluate(one_table({raw_new}), from("10.0.0.1")).outcome, Outcome::accept);
    Chain raw_invalid =
        base("raw", -300, Verdict::accept, {rule({port(22), invalid}, Verdict::drop)});
    raw_invalid.hook = Hook::prerouting;
    EXPECT_EQ(evaluate(one_table({raw_invalid}), from("10.0.0.1")).outcome, Outcome::drop);
    // After conntrack (-150) the SYN is NEW; at exactly -200 the order is unknowable.
    Chain late = raw_new;
    late.priority = -150;
    EXPECT_EQ(evaluate(one_table({late}), from("10.0.0.1")).outcome, Outcome::drop);
    Chain tie = raw_new;
    tie.priority = -200;
    EXPECT_EQ(evaluate(one_table({tie}), from("10.0.0.1")).outcome, Outcome::unknown);
}

TEST(Netfilter, RedirectMakesTheDestinationAddressUnknown) {
    // Measured in tests/fw_differential (gen-s11-018): REDIRECT rewrites the destination to
    // the incoming interface's primary address, so a later `-d` rule can match although the
    // client addressed another one. The files do not say which address is primary.
    Chain nat = base("pre", -100, Verdict::accept, {});
    nat.hook = Hook::prerouting;
    nat.nat = true;
    Rule redirect = rule({port(80)}, Verdict::accept);
    redirect.effects.push_back({Effect::Kind::redirect_port, 3000, 0});
    nat.rules.push_back(redirect);
    Term to_b;
    to_b.field = Field::daddr;
    to_b.networks = {*net::parse_network("10.0.0.10/32")};
    Ruleset rs = one_table({nat, base("in", 0, Verdict::accept, {rule({to_b}, Verdict::drop)})});
    Packet p = from("10.1.1.1", 80);
    p.daddr = *net::parse_ip("10.0.0.1");
    EXPECT_EQ(evaluate(rs, p).outcome, Outcome::unknown);
    // Without the redirect the address is the one the client used.
    p.dport = 81;
    EXPECT_EQ(evaluate(rs, p).outcome, Outcome::accept);
}
