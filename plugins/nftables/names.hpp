#pragma once
/// Name tables nft resolves through the C library: services (ports) and IP protocols.

#include <optional>
#include <string_view>

namespace lifeline::nft {

/// The port of a service name or alias (Debian 12 /etc/services, TCP or UDP).
std::optional<int> service_port(std::string_view name);

/// The number of an IP protocol name or alias (Debian 12 /etc/protocols).
std::optional<int> protocol_number(std::string_view name);

}  // namespace lifeline::nft
