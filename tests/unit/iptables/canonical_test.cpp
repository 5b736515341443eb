// iptables-save's canonical output (config-semantics §2.2) parses to the same model as the
// input forms it normalises.

#include <gtest/gtest.h>

#include "iptables/lexer.hpp"
#include "iptables/parser.hpp"

namespace lifeline::iptables {
namespace {

Rule rule_of(const std::string& spec) {
    Rule rule;
    auto error = parse_rule(split_arguments(spec).tokens, 0, 4, rule);
    EXPECT_FALSE(error) << spec << ": " << error->message;
    return rule;
}

TEST(IptablesCanonical, SavedOptionOrderParses) {
    auto r = rule_of(
        "-s 192.0.2.0/24 -d 198.51.100.1/32 -i eth0 -p tcp -f -m tcp --dport 22 "
        "-m comment --comment \"allow ssh\" -j ACCEPT");
    EXPECT_EQ(net::format_network(r.source->networks.at(0)), "192.0.2.0/24");
    EXPECT_EQ(net::format_network(r.destination->networks.at(0)), "198.51.100.1/32");
    EXPECT_EQ(r.in_interface->name, "eth0");
    EXPECT_EQ(r.fragment, true);
    ASSERT_EQ(r.matches.size(), 2u);
    EXPECT_EQ(r.matches[1].comment, "allow ssh");
    EXPECT_EQ(r.target->name, "ACCEPT");
}

TEST(IptablesCanonical, AddressInputAndSavedFormsAgree) {
    EXPECT_EQ(net::format_network(rule_of("-s 1.2.3.4").source->networks.at(0)),
              net::format_network(rule_of("-s 1.2.3.4/32").source->networks.at(0)));
    EXPECT_EQ(net::format_network(rule_of("-s 10.1.2.3/8").source->networks.at(0)), "10.0.0.0/8");
    EXPECT_TRUE(rule_of("! -s 10.0.0.0/8").source->negated);
}

TEST(IptablesCanonical, ImplicitMatchAndServiceNamesAgreeWithSavedForm) {
    auto input = rule_of("-p tcp --dport ssh").matches.at(0);
    auto saved = rule_of("-p tcp -m tcp --dport 22").matches.at(0);
    EXPECT_EQ(input.name, saved.name);
    EXPECT_EQ(input.dports->ranges, saved.dports->ranges);
    EXPECT_TRUE(rule_of("-p tcp -m tcp ! --dport 22").matches.at(0).dports->negated);
    EXPECT_TRUE(rule_of("-p tcp ! --dport 22").matches.at(0).dports->negated);
}

TEST(IptablesCanonical, SynIsSavedAsTcpFlags) {
    auto syn = *rule_of("-p tcp --syn").matches.at(0).tcp_flags;
    auto saved = *rule_of("-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN").matches.at(0).tcp_flags;
    EXPECT_EQ(syn.mask, saved.mask);
    EXPECT_EQ(syn.comp, saved.comp);
}

TEST(IptablesCanonical, StateListOrderDoesNotMatter) {
    EXPECT_EQ(rule_of("-m conntrack --ctstate ESTABLISHED,RELATED").matches.at(0).state->states,
              rule_of("-m conntrack --ctstate RELATED,ESTABLISHED").matches.at(0).state->states);
}

TEST(IptablesCanonical, RecentWithSavedDefaults) {
    auto m = rule_of(
                 "-p tcp -m tcp --dport 22 -m recent --set --name DEFAULT "
                 "--mask 255.255.255.255 --rsource")
                 .matches.at(1);
    EXPECT_EQ(m.name, "recent");
    EXPECT_TRUE(m.may_match);
    ASSERT_EQ(m.options.size(), 4u);
    EXPECT_EQ(m.options[2].values.at(0).text, "255.255.255.255");
}

}  // namespace
}  // namespace lifeline::iptables
