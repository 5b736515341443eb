#pragma once
/// Value parsers with OpenSSH 9.2's exact acceptance rules (strtonum, a2port, convtime,
/// scan_scaled, sscanf "%d", IPQoS names, log levels and facilities).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::sshd {

/// OpenBSD strtonum: decimal, leading blanks and a sign allowed, whole string consumed.
/// On failure returns nullopt and sets `error` to "invalid", "too small" or "too large".
std::optional<long long> strtonum(std::string_view s, long long min, long long max,
                                  const char** error);

/// sshd's atoi_err: a non-negative int; `error` is "missing" for an empty or absent value.
std::optional<int> atoi_err(const std::string* s, const char** error);

/// Looks up a TCP service name (getservbyname(name, "tcp")); nullopt when unknown.
using ServiceLookup = std::function<std::optional<int>(std::string_view)>;

/// sshd's a2port: 0..65535 or a service name; -1 when invalid.
int a2port(std::string_view s, const ServiceLookup& services);

/// sshd's convtime: seconds from `90`, `1h30m`, ...; -1 when invalid.
int convtime(std::string_view s);

/// scan_scaled: `1G`, `512K`, `1.5M`; nullopt and `error` ("Invalid argument" or
/// "Numerical result out of range") when invalid.
std::optional<long long> scan_scaled(std::string_view s, const char** error);

/// sscanf("%d") at `pos`: blanks, sign, digits. Advances `pos`; nullopt when no number.
std::optional<int> scan_int(std::string_view s, size_t& pos);

/// strtol(s, &end, base): the value and how many bytes were consumed (0 = none).
long long c_strtol(std::string_view s, int base, size_t* consumed);

/// IPQoS value: a DSCP/legacy name (case-insensitive) or an integer 0..255; -1 when invalid.
int parse_ipqos(std::string_view s);
/// The name `sshd -T` prints for an IPQoS value (`af21`, `lowdelay`, `0x05`).
std::string ipqos_name(int value);

/// LogLevel number (SILENT/QUIET=0 ... DEBUG3=7), -1 when unknown. Case-insensitive.
int log_level_number(std::string_view s);
/// The name `sshd -T` prints for a log level.
std::string_view log_level_name(int level);
/// SyslogFacility number, -1 when unknown. Case-insensitive.
int log_facility_number(std::string_view s);
std::string_view log_facility_name(int facility);
/// FingerprintHash digest number (MD5=0 ... SHA512=4), -1 when unknown.
int digest_number(std::string_view s);
std::string_view digest_name(int digest);

/// Parses /etc/services text into a lookup for TCP names (first entry of a name wins).
ServiceLookup make_service_lookup(std::string_view etc_services);

/// The rows of a system table file (/etc/services, /etc/hosts): `#` starts a comment, fields are
/// separated by blanks; rows without fields are skipped.
std::vector<std::vector<std::string_view>> table_rows(std::string_view text);
/// The TCP services of Debian 12's netbase, used when the host has no /etc/services.
ServiceLookup default_service_lookup();

}  // namespace lifeline::sshd
