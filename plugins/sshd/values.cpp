#include "values.hpp"

#include <cctype>
#include <climits>
#include <cstdio>
#include <memory>
#include <unordered_map>

#include "keywords.hpp"
#include "lifeline/services.hpp"

namespace lifeline::sshd {

namespace {

bool c_isspace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool c_isdigit(char c) {
    return c >= '0' && c <= '9';
}

/// strtoll(s, &end, 10) with ERANGE reported.
struct StrtollResult {
    long long value = 0;
    size_t consumed = 0;
    bool overflow = false;
};
StrtollResult c_strtoll(std::string_view s) {
    StrtollResult r;
    size_t i = 0;
    while (i < s.size() && c_isspace(s[i])) ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i >= s.size() || !c_isdigit(s[i])) return r;
    unsigned long long acc = 0;
    const unsigned long long limit = neg ? 9223372036854775808ull : 9223372036854775807ull;
    for (; i < s.size() && c_isdigit(s[i]); ++i) {
        unsigned d = unsigned(s[i] - '0');
        if (!r.overflow && acc > (limit - d) / 10) r.overflow = true;
        if (!r.overflow) acc = acc * 10 + d;
    }
    r.consumed = i;
    if (r.overflow)
        r.value = neg ? LLONG_MIN : LLONG_MAX;
    else
        r.value = neg ? (long long)(0 - acc) : (long long)acc;
    return r;
}

struct NamedValue {
    std::string_view name;
    int value;
};

constexpr NamedValue k_ipqos[] = {
    {"none", INT_MAX},     {"af11", 0x28}, {"af12", 0x30}, {"af13", 0x38},     {"af21", 0x48},
    {"af22", 0x50},        {"af23", 0x58}, {"af31", 0x68}, {"af32", 0x70},     {"af33", 0x78},
    {"af41", 0x88},        {"af42", 0x90}, {"af43", 0x98}, {"cs0", 0x00},      {"cs1", 0x20},
    {"cs2", 0x40},         {"cs3", 0x60},  {"cs4", 0x80},  {"cs5", 0xa0},      {"cs6", 0xc0},
    {"cs7", 0xe0},         {"ef", 0xb8},   {"le", 0x04},   {"lowdelay", 0x10}, {"throughput", 0x08},
    {"reliability", 0x04},
};

constexpr NamedValue k_log_levels[] = {
    {"SILENT", 0},  {"QUIET", 0}, {"FATAL", 1},  {"ERROR", 2},  {"INFO", 3},
    {"VERBOSE", 4}, {"DEBUG", 5}, {"DEBUG1", 5}, {"DEBUG2", 6}, {"DEBUG3", 7},
};

constexpr NamedValue k_facilities[] = {
    {"DAEMON", 0}, {"USER", 1},   {"AUTH", 2},   {"AUTHPRIV", 3}, {"LOCAL0", 4},  {"LOCAL1", 5},
    {"LOCAL2", 6}, {"LOCAL3", 7}, {"LOCAL4", 8}, {"LOCAL5", 9},   {"LOCAL6", 10}, {"LOCAL7", 11},
};

constexpr NamedValue k_digests[] = {
    {"MD5", 0}, {"SHA1", 1}, {"SHA256", 2}, {"SHA384", 3}, {"SHA512", 4},
};

template <size_t N>
int lookup_ci(const NamedValue (&table)[N], std::string_view s) {
    for (const auto& e : table)
        if (iequals(e.name, s)) return e.value;
    return -1;
}

template <size_t N>
std::string_view name_of(const NamedValue (&table)[N], int v) {
    for (const auto& e : table)
        if (e.value == v) return e.name;
    return {};
}

}  // namespace

std::optional<long long> strtonum(std::string_view s, long long min, long long max,
                                  const char** error) {
    auto r = c_strtoll(s);
    const char* err = nullptr;
    if (r.consumed == 0 || r.consumed != s.size())
        err = "invalid";
    else if ((r.overflow && r.value == LLONG_MIN) || r.value < min)
        err = "too small";
    else if ((r.overflow && r.value == LLONG_MAX) || r.value > max)
        err = "too large";
    if (error) *error = err;
    if (err) return std::nullopt;
    return r.value;
}

std::optional<int> atoi_err(const std::string* s, const char** error) {
    if (!s || s->empty()) {
        if (error) *error = "missing";
        return std::nullopt;
    }
    auto v = strtonum(*s, 0, INT_MAX, error);
    if (!v) return std::nullopt;
    return int(*v);
}

int a2port(std::string_view s, const ServiceLookup& services) {
    if (auto v = strtonum(s, 0, 65535, nullptr)) return int(*v);
    if (services)
        if (auto p = services(s)) return *p;
    return -1;
}

int convtime(std::string_view s) {
    if (s.empty()) return -1;
    long long total = 0;
    size_t p = 0;
    while (p < s.size()) {
        auto r = c_strtoll(s.substr(p));
        if (r.consumed == 0 || r.value < 0) return -1;
        // strtol on LP64 is strtoll; overflow yields LONG_MAX, caught by the bound below.
        long long secs = r.value;
        long long mult = 1;
        size_t e = p + r.consumed;
        if (e < s.size()) {
            switch (s[e]) {
                case 's':
                case 'S':
                    break;
                case 'm':
                case 'M':
                    mult = 60;
                    break;
                case 'h':
                case 'H':
                    mult = 3600;
                    break;
                case 'd':
                case 'D':
                    mult = 86400;
                    break;
                case 'w':
                case 'W':
                    mult = 604800;
                    break;
                default:
                    return -1;
            }
            ++e;
        }
        if (secs > INT_MAX / mult) return -1;
        secs *= mult;
        if (total > INT_MAX - secs) return -1;
        total += secs;
        p = e;
    }
    return int(total);
}

std::optional<long long> scan_scaled(std::string_view s, const char** error) {
    static const char* k_inval = "Invalid argument";
    static const char* k_range = "Numerical result out of range";
    auto fail = [&](const char* e) -> std::optional<long long> {
        if (error) *error = e;
        return std::nullopt;
    };
    size_t p = 0;
    while (p < s.size() && (unsigned char)s[p] < 128 && c_isspace(s[p])) ++p;
    int sign = 0;
    while (p < s.size() && (s[p] == '-' || s[p] == '+')) {
        if (sign) return fail(k_inval);
        sign = s[p] == '-' ? -1 : 1;
        ++p;
    }
    const unsigned k_max_digits = 21;
    unsigned ndigits = 0, fract_digits = 0;
    long long whole = 0, fpart = 0;
    for (; p < s.size() && (c_isdigit(s[p]) || s[p] == '.'); ++p) {
        if (s[p] == '.') {
            if (fract_digits > 0) return fail(k_inval);
            fract_digits = 1;
            continue;
        }
        int d = s[p] - '0';
        if (fract_digits > 0) {
            if (fract_digits >= k_max_digits - 1) continue;
            fract_digits++;
            if (fpart > LLONG_MAX / 10) return fail(k_range);
            fpart *= 10;
            if (d > LLONG_MAX - fpart) return fail(k_range);
            fpart += d;
        } else {
            if (++ndigits >= k_max_digits) return fail(k_range);
            if (whole > LLONG_MAX / 10) return fail(k_range);
            whole *= 10;
            if (d > LLONG_MAX - whole) return fail(k_range);
            whole += d;
        }
    }
    if (sign) whole *= sign;
    if (p >= s.size()) return whole;
    static const char k_scale[] = "BKMGTPE";
    for (int i = 0; i < 7; ++i) {
        char c = s[p];
        if (c != k_scale[i] && c != char(std::tolower((unsigned char)k_scale[i]))) continue;
        if (p + 1 < s.size() && std::isalnum((unsigned char)s[p + 1])) return fail(k_inval);
        long long fact = 1LL << (10 * i);
        if (whole > LLONG_MAX / fact || whole < LLONG_MIN / fact) return fail(k_range);
        whole *= fact;
        while (fpart >= LLONG_MAX / fact || fpart <= LLONG_MIN / fact) {
            fpart /= 10;
            fract_digits--;
        }
        fpart *= fact;
        if (fract_digits > 0)
            for (unsigned k = 0; k + 1 < fract_digits; ++k) fpart /= 10;
        whole = sign == -1 ? whole - fpart : whole + fpart;
        return whole;
    }
    return fail(k_inval);
}

std::optional<int> scan_int(std::string_view s, size_t& pos) {
    size_t p = pos;
    while (p < s.size() && c_isspace(s[p])) ++p;
    auto r = c_strtoll(s.substr(p));
    if (r.consumed == 0) return std::nullopt;
    pos = p + r.consumed;
    // glibc's scanf converts through strtol and truncates to int.
    return int((long)r.value);
}

long long c_strtol(std::string_view s, int base, size_t* consumed) {
    size_t i = 0;
    while (i < s.size() && c_isspace(s[i])) ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (base == 16 || base == 0) {
        if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
            i + 2 < s.size() && std::isxdigit((unsigned char)s[i + 2])) {
            i += 2;
            base = 16;
        } else if (base == 0) {
            base = (i < s.size() && s[i] == '0') ? 8 : 10;
        }
    }
    size_t start = i;
    unsigned long long acc = 0;
    bool overflow = false;
    for (; i < s.size(); ++i) {
        int d;
        char c = s[i];
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'z')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'Z')
            d = c - 'A' + 10;
        else
            break;
        if (d >= base) break;
        if (acc > (ULLONG_MAX - unsigned(d)) / unsigned(base)) overflow = true;
        if (!overflow) acc = acc * unsigned(base) + unsigned(d);
    }
    if (i == start) {
        if (consumed) *consumed = 0;
        return 0;
    }
    if (consumed) *consumed = i;
    if (overflow || acc > (unsigned long long)LLONG_MAX) return neg ? LLONG_MIN : LLONG_MAX;
    return neg ? -(long long)acc : (long long)acc;
}

int parse_ipqos(std::string_view s) {
    for (const auto& e : k_ipqos)
        if (iequals(e.name, s)) return e.value;
    size_t used = 0;
    long long v = c_strtol(s, 0, &used);
    if (s.empty() || used != s.size() || v < 0 || v > 255) return -1;
    return int(v);
}

std::string ipqos_name(int value) {
    for (const auto& e : k_ipqos)
        if (e.value == value) return std::string(e.name);
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", value & 0xff);
    return buf;
}

int log_level_number(std::string_view s) {
    return lookup_ci(k_log_levels, s);
}
std::string_view log_level_name(int level) {
    return name_of(k_log_levels, level);
}
int log_facility_number(std::string_view s) {
    return lookup_ci(k_facilities, s);
}
std::string_view log_facility_name(int f) {
    return name_of(k_facilities, f);
}
int digest_number(std::string_view s) {
    return lookup_ci(k_digests, s);
}
std::string_view digest_name(int d) {
    return name_of(k_digests, d);
}

std::vector<std::vector<std::string_view>> table_rows(std::string_view text) {
    std::vector<std::vector<std::string_view>> rows;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        if (size_t hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        std::vector<std::string_view> f;
        size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && c_isspace(line[i])) ++i;
            size_t st = i;
            while (i < line.size() && !c_isspace(line[i])) ++i;
            if (i > st) f.push_back(line.substr(st, i - st));
        }
        if (!f.empty()) rows.push_back(std::move(f));
    }
    return rows;
}

ServiceLookup make_service_lookup(std::string_view text) {
    auto map = std::make_shared<std::unordered_map<std::string, int>>();
    for (const auto& f : table_rows(text)) {
        if (f.size() < 2) continue;
        std::string_view portproto = f[1];
        int port = -1;
        if (size_t slash = portproto.find('/'); slash != std::string_view::npos) {
            if (portproto.substr(slash + 1) != "tcp") continue;
            if (auto v = strtonum(portproto.substr(0, slash), 0, 65535, nullptr)) port = int(*v);
        } else if (auto v = strtonum(portproto, 0, 65535, nullptr)) {
            port = int(*v);  // the built-in table omits the protocol
        }
        if (port < 0) continue;
        for (size_t k = 0; k < f.size(); ++k)
            if (k != 1) map->emplace(std::string(f[k]), port);
    }
    return [map](std::string_view name) -> std::optional<int> {
        auto it = map->find(std::string(name));
        if (it == map->end()) return std::nullopt;
        return it->second;
    };
}

ServiceLookup default_service_lookup() {
    static const ServiceLookup k_lookup = make_service_lookup(k_debian_tcp_services);
    return k_lookup;
}

}  // namespace lifeline::sshd
