// Errors nft 1.0.6 reports, with the position and message it reports them at: every case
// below was run through `unshare -n nft -c -f` and gave exactly this first error (the
// differential suite, tests/unit/nftables/nft_differential.cpp, re-checks the same files).
#include <gtest/gtest.h>

#include "nft_test_util.hpp"

namespace lifeline::nft::test {
namespace {

struct ErrorCase {
    const char* name;
    const char* text;
    const char* first_error;  // "LINE:COL: RULE message"
};

const ErrorCase k_cases[] = {
    {"policy_on_regular_chain", R"nft(table inet t {
  chain c { policy drop; }
}
)nft",
     "2:13: NFT001 Could not process rule: Operation not supported"},
    {"jump_to_missing_chain", R"nft(table inet t {
  chain c { type filter hook input priority 0; jump nope; }
}
)nft",
     "2:53: NFT001 Could not process rule: No such file or directory"},
    {"unknown_tcp_field", R"nft(table inet t {
  chain c { type filter hook input priority 0; tcp dprot 22 accept; }
}
)nft",
     "2:52: NFT001 syntax error, unexpected string"},
    {"redefinition", R"nft(define A = 22
define A = 23
)nft",
     "2:8: NFT001 redefinition of symbol 'A'"},
    {"unknown_variable", R"nft(table inet t {
  chain c { type filter hook input priority 0; tcp dport $NOPE accept; }
}
)nft",
     "2:59: NFT001 unknown identifier 'NOPE'"},
    {"missing_set", R"nft(table inet t {
  chain c { type filter hook input priority 0; ip saddr @nope accept; }
}
)nft",
     "2:57: NFT001 No such file or directory"},
    {"device_outside_hook", R"nft(table inet t {
  chain c { type filter hook ingress device lo priority 0; }
  chain d { type filter hook input priority filter - 5; device lo; }
}
)nft",
     "3:57: NFT001 syntax error, unexpected device"},
    {"hook_priority_changed", R"nft(table inet t {
  chain a { type filter hook input priority 0; }
}
table inet t {
  chain a { type filter hook input priority 10; }
}
)nft",
     "5:9: NFT007 Could not process rule: Operation not supported"},
    {"add_element_prefix_without_interval", R"nft(table inet t {
  set s { type ipv4_addr; }
}
add element inet t s { 10.0.0.0/8 }
)nft",
     "4:24: NFT006 You must add 'flags interval' to your set declaration if you want to add prefix "
     "elements"},
    {"range_without_interval", R"nft(table inet t {
  set s { type inet_service; elements = { 22-25 } }
}
)nft",
     "2:43: NFT006 You must add 'flags interval' to your set declaration if you want to add range "
     "elements"},
    {"blank_line_in_set", R"nft(table inet t {
  chain a { tcp dport {
    22,

    23,


    24 } accept
  }
}
)nft",
     "4:1: NFT001 syntax error, unexpected newline, expecting comma or '}'"},
    {"comma_list_of_ports", R"nft(table inet t {
  chain a { tcp dport 22,23 accept; }
}
)nft",
     "2:23: NFT001 Basetype of type internet network service is not bitmask"},
    {"ip6_in_ip_table", R"nft(table ip t {
  chain a { ip6 saddr ::1 accept; }
}
)nft",
     "2:13: NFT001 conflicting protocols specified: ip vs. ip6"},
    {"closing_braces_on_one_line", R"nft(table inet t { chain a { accept } }
)nft",
     "1:33: NFT001 syntax error, unexpected '}', expecting newline or semicolon"},
    {"set_type_before_brace", R"nft(table inet t { set s { type ipv4_addr } }
)nft",
     "1:39: NFT001 syntax error, unexpected '}', expecting newline or semicolon or ."},
    {"jump_to_chain_of_later_block", R"nft(table inet t {
  chain a { jump b; }
}
table inet t {
  chain b { }
}
)nft",
     "2:18: NFT001 Could not process rule: No such file or directory"},
    {"set_of_later_block", R"nft(table inet t {
  chain a { ip saddr @s accept; }
}
table inet t {
  set s { type ipv4_addr; }
}
)nft",
     "2:22: NFT001 No such file or directory"},
    {"policy_twice", R"nft(table inet t {
  chain a { type filter hook input priority 0; policy drop; policy accept; }
}
)nft",
     "2:61: NFT001 you cannot set chain policy twice"},
    {"slash_after_table_name", R"nft(table inet t / 
)nft",
     "1:14: NFT001 syntax error, unexpected /, expecting end of file or newline or semicolon"},
    {"equals_sign_as_command", R"nft(table inet t { chain c { tcp dport 22 accept ; } ; } ; =
)nft",
     "1:56: NFT001 syntax error, unexpected '='"},
    {"concatenation_without_expression", R"nft(table inet t { chain c { tcp dport . accept ; } ; }
)nft",
     "1:38: NFT001 syntax error, unexpected accept"},
    {"quoted_table_name", R"nft(table inet "t" { }
)nft",
     "1:12: NFT001 syntax error, unexpected quoted string, expecting string"},
    {"wildcard_as_port", R"nft(table inet t { chain c { tcp dport eth* accept ; } ; }
)nft",
     "1:36: NFT001 Could not resolve service: Servname not supported for ai_socktype"},
    {"rule_in_missing_table", R"nft(add rule inet t c accept
)nft",
     "1:15: NFT001 Could not process rule: No such file or directory"},
    {"rule_in_missing_chain", R"nft(table inet t
add rule inet t c accept
)nft",
     "2:17: NFT001 Could not process rule: No such file or directory"},
    {"delete_missing_chain", R"nft(table inet t { chain c { } ; }
delete chain inet t d
)nft",
     "2:21: NFT001 Could not process rule: No such file or directory"},
    {"delete_missing_table", R"nft(delete table inet nope
)nft",
     "1:19: NFT001 Could not process rule: No such file or directory"},
    {"delete_referenced_chain", R"nft(table inet t { chain c { jump d; }; chain d { }; }
delete chain inet t d
)nft",
     "2:21: NFT001 Could not process rule: Device or resource busy"},
    {"create_existing_table", R"nft(table inet t
create table inet t
)nft",
     "2:19: NFT001 Could not process rule: File exists"},
    {"port_out_of_range", R"nft(table inet t { chain c { tcp dport 70000 accept; }; }
)nft",
     "1:36: NFT001 Service out of range"},
    {"bad_ipv4_address", R"nft(table inet t { chain c { ip saddr 10.0.0.256 accept; }; }
)nft",
     "1:35: NFT001 Could not resolve hostname: Name or service not known"},
    {"bad_ct_state", R"nft(table inet t { chain c { ct state establised accept; }; }
)nft",
     "1:35: NFT001 Could not parse conntrack state"},
    {"bad_protocol_name", R"nft(table inet t { chain c { meta l4proto foo accept; }; }
)nft",
     "1:39: NFT001 Could not resolve protocol name"},
    {"bad_nfproto", R"nft(table inet t { chain c { meta nfproto ipv5 accept; }; }
)nft",
     "1:39: NFT001 Could not parse netfilter protocol"},
    {"bad_tcp_flag", R"nft(table inet t { chain c { tcp flags syn,foo accept; }; }
)nft",
     "1:40: NFT001 Could not parse TCP flag"},
    {"ipv6_address_after_ip", R"nft(table inet t { chain c { ip saddr 2001:db8::1 accept; }; }
)nft",
     "1:35: NFT001 Could not resolve hostname: Address family for hostname not supported"},
    {"set_type_mismatch",
     R"nft(table inet t { set s { type ipv4_addr; elements = { 1.2.3.4 } }; chain c { ip6 saddr @s accept; }; }
)nft",
     "1:86: NFT001 datatype mismatch, expected IPv6 address, expression has type IPv4 address"},
    {"jump_to_base_chain",
     R"nft(table inet t { chain c { type filter hook input priority 0; }; chain d { jump c; }; }
)nft",
     "1:79: NFT001 Could not process rule: Operation not supported"},
    {"hook_not_in_family", R"nft(table ip t { chain c { type filter hook ingress priority 0; }; }
)nft",
     "1:41: NFT001 The ip family does not support this hook"},
};

class NftErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(NftErrors, FirstErrorAsNftReportsIt) {
    const ErrorCase& c = GetParam();
    auto errors = errors_of(c.text);
    ASSERT_FALSE(errors.empty()) << c.name;
    EXPECT_EQ(errors.front(), c.first_error) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Nft106, NftErrors, ::testing::ValuesIn(k_cases),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

}  // namespace
}  // namespace lifeline::nft::test
