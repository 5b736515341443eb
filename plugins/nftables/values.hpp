#pragma once
/// Typed values: what a value written in a rule means for the datatype of the expression it
/// is compared with (addresses, ports, protocols, conntrack states, TCP flags, interfaces,
/// marks), with nft's error messages for values it would refuse.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast.hpp"
#include "lifeline/net.hpp"
#include "lifeline/netfilter.hpp"

namespace lifeline::nft {

/// A value nft would refuse, with nft's message.
struct TypeError {
    Loc loc;
    std::string message;
};

/// The elements of a value of one datatype, flattened.
struct Atoms {
    std::vector<nf::Range> ranges;       ///< numbers, ports, protocols, bit values, families
    std::vector<net::Network> networks;  ///< ipv4_addr / ipv6_addr
    std::vector<nf::Interface> interfaces;
    std::vector<std::string> names;  ///< fib_addrtype and other symbolic values
    /// Some element cannot be known from the file (a host name nft resolves through DNS).
    std::string unresolved;
};

/// The datatypes this file converts; others are accepted as written and stay unmodelled.
bool is_modelled_datatype(std::string_view datatype);

/// Converts `value` (a single value, range, prefix, `{ set }` or `a, b` list; variables are
/// already expanded) to atoms of `datatype`. Bitmask datatypes (ct_state, tcp_flag) give one
/// range per element whose bits are OR-ed (`a|b`, `a,b` inside one element). Named set
/// references are not resolved here.
std::optional<TypeError> convert(const Value& value, std::string_view datatype, Atoms& out);

/// nft's numbering of conntrack states mapped to nf::CtState bits.
std::uint32_t ct_bits_from_nft(std::uint64_t nft_bits);

/// Evaluates a constant integer expression (numbers with | & ^ << >>); nullopt otherwise.
std::optional<std::uint64_t> constant_integer(const Value& value);

/// nft's description of a datatype in "datatype mismatch" messages ("IPv4 address").
std::string datatype_description(std::string_view datatype);

}  // namespace lifeline::nft
