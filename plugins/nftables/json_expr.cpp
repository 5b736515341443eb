// libnftables JSON expressions and statements written in nft syntax (json_render.hpp).
#include <string_view>

#include "json_render_impl.hpp"

namespace lifeline::nft::detail {
namespace {

using nlohmann::json;

[[noreturn]] void uncovered(std::string what) { throw Uncovered{std::move(what)}; }

const json& field(const json& obj, const char* name) {
    static const json k_null;
    if (!obj.is_object()) return k_null;
    auto it = obj.find(name);
    return it == obj.end() ? k_null : *it;
}

std::string text_of(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    uncovered("a non-scalar where a name or number belongs");
}

std::string join(const json& list, std::string_view sep, bool quote) {
    std::string out;
    for (const auto& item : list) out += (out.empty() ? "" : std::string(sep)) + json_expr(item, quote);
    return out;
}

/// An element of an anonymous set or a map: `value` or `key : data` (a two-item array).
std::string element(const json& e, bool quote) {
    if (e.is_array() && e.size() == 2) return json_expr(e[0], quote) + " : " + json_expr(e[1]);
    return json_expr(e, quote);
}

/// True when a match's left side is an interface name, whose strings nft prints quoted.
bool names_interface(const json& left) {
    const json& meta = field(left, "meta");
    if (meta.is_null()) return false;
    const json& key = field(meta, "key");
    return key == "iifname" || key == "oifname" || key == "ibrname" || key == "obrname" ||
           key == "ibridgename" || key == "obridgename";
}

std::string object_expr(const std::string& kind, const json& v, bool quote) {
    if (kind == "set") {
        if (!v.is_array()) return "{ " + element(v, quote) + " }";
        std::string out;
        for (const auto& e : v) out += (out.empty() ? "" : ", ") + element(e, quote);
        return "{ " + out + " }";
    }
    if (kind == "prefix") return json_expr(field(v, "addr")) + "/" + text_of(field(v, "len"));
    if (kind == "range" && v.is_array() && v.size() == 2)
        return json_expr(v[0], quote) + "-" + json_expr(v[1], quote);
    if (kind == "concat" && v.is_array()) return join(v, " . ", quote);
    if (kind == "payload") {
        if (v.contains("protocol"))
            return text_of(field(v, "protocol")) + " " + text_of(field(v, "field"));
        return "@" + text_of(field(v, "base")) + "," + text_of(field(v, "offset")) + "," +
               text_of(field(v, "len"));
    }
    if (kind == "meta") return "meta " + text_of(field(v, "key"));
    if (kind == "ct") {
        std::string out = "ct";
        if (v.contains("dir")) out += " " + text_of(field(v, "dir"));
        if (v.contains("family")) out += " " + text_of(field(v, "family"));
        return out + " " + text_of(field(v, "key"));
    }
    if (kind == "rt") {
        std::string out = "rt";
        if (v.contains("family")) out += " " + text_of(field(v, "family"));
        return out + " " + text_of(field(v, "key"));
    }
    if (kind == "fib") {
        const json& flags = field(v, "flags");
        std::string f = flags.is_array() ? join(flags, " . ", false) : text_of(flags);
        return "fib " + f + " " + text_of(field(v, "result"));
    }
    if (kind == "&" || kind == "|" || kind == "^" || kind == "<<" || kind == ">>") {
        if (!v.is_array() || v.size() != 2) uncovered("binary operation " + kind);
        const json& rhs = v[1];
        std::string r = rhs.is_array() ? "(" + join(rhs, " | ", false) + ")" : json_expr(rhs);
        return json_expr(v[0]) + " " + kind + " " + r;
    }
    if (kind == "accept" || kind == "drop" || kind == "continue" || kind == "return")
        return kind;
    if (kind == "jump" || kind == "goto") return kind + " " + text_of(field(v, "target"));
    if (kind == "elem") return json_expr(field(v, "val"), quote);
    if (kind == "map") return json_expr(field(v, "key")) + " map " + json_expr(field(v, "data"));
    uncovered("expression `" + kind + "`");
}

/// `limit rate [over] N[ unit]/per [burst B unit]`.
std::string limit(const json& v) {
    if (v.is_string()) uncovered("named limit");
    std::string unit = v.contains("rate_unit") ? text_of(field(v, "rate_unit")) : "packets";
    std::string out = "limit rate ";
    if (field(v, "inv") == true) out += "over ";
    out += text_of(field(v, "rate"));
    if (unit != "packets") out += " " + unit;
    out += "/" + text_of(field(v, "per"));
    // nft lists a packet limit's default burst (5) as nothing, so the texts compare equal.
    const json& burst = field(v, "burst");
    bool default_burst = unit == "packets" && burst == 5;
    if (burst.is_number() && burst.get<std::uint64_t>() > 0 && !default_burst) {
        out += " burst " + text_of(burst) + " ";
        out += unit == "packets" ? "packets"
                                 : (v.contains("burst_unit") ? text_of(field(v, "burst_unit")) : "bytes");
    }
    return out;
}

std::string nat(const std::string& kind, const json& v) {
    std::string out = kind;
    if (v.is_object() && v.contains("family") && (kind == "snat" || kind == "dnat"))
        out += " " + text_of(field(v, "family"));
    const json& addr = field(v, "addr");
    const json& port = field(v, "port");
    if (!addr.is_null()) out += " to " + json_expr(addr);
    if (!port.is_null()) out += (addr.is_null() ? " to :" : ":") + json_expr(port);
    const json& flags = field(v, "flags");
    if (flags.is_string()) out += " " + flags.get<std::string>();
    else if (flags.is_array()) out += " " + join(flags, ",", false);
    return out;
}

std::string reject(const json& v) {
    const json& type = field(v, "type");
    if (type.is_null()) return "reject";
    std::string t = text_of(type);
    if (t == "tcp reset") return "reject with tcp reset";
    const json& code = field(v, "expr");
    if (code.is_null()) return "reject";
    return "reject with " + t + " type " + json_expr(code);
}

std::string log(const json& v) {
    std::string out = "log";
    if (!v.is_object()) return out;
    if (v.contains("prefix")) out += " prefix " + json_string(text_of(field(v, "prefix")), true);
    if (v.contains("level")) out += " level " + text_of(field(v, "level"));
    if (v.contains("group")) out += " group " + text_of(field(v, "group"));
    return out;
}

}  // namespace

std::string json_string(const std::string& s, bool quote) {
    if (s == "\\*") return "*";  // the wildcard expression
    if (!s.empty() && s[0] == '@') return s;  // a set reference
    bool plain = !s.empty();
    for (char c : s) {
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == ':' || c == '/' || c == '-';
        plain = plain && word;
    }
    if (plain && !quote) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\n') uncovered("a string with a quote or newline");
        out += c;
    }
    return out + "\"";
}

std::string json_expr(const json& e, bool quote) {
    if (e.is_string()) return json_string(e.get<std::string>(), quote);
    if (e.is_number_unsigned() || e.is_number_integer()) return text_of(e);
    if (e.is_boolean()) return e.get<bool>() ? "exists" : "missing";
    if (e.is_array()) return join(e, ",", quote);
    if (e.is_object() && e.size() == 1) return object_expr(e.begin().key(), e.begin().value(), quote);
    uncovered("an expression of an unknown shape");
}

std::string json_statement(const json& s) {
    if (!s.is_object() || s.size() != 1) uncovered("a statement of an unknown shape");
    const std::string& kind = s.begin().key();
    const json& v = s.begin().value();
    if (kind == "match") {
        const json& left = field(v, "left");
        std::string op = field(v, "op").is_string() ? field(v, "op").get<std::string>() : "==";
        const json& right = field(v, "right");
        std::string lhs = json_expr(left), rhs = json_expr(right, names_interface(left));
        // "in" is nft's implicit operator (a flag test on bitmasks: `ct state established,
        // related`); "==" stays explicit (`tcp flags == syn` is equality) except before a set,
        // a range or a prefix, which nft lists without it.
        bool lookup = (right.is_object() && (right.contains("set") || right.contains("range") ||
                                              right.contains("prefix"))) ||
                      (right.is_string() && !right.get<std::string>().empty() &&
                       right.get<std::string>()[0] == '@');
        if (op == "in" || (op == "==" && lookup)) return lhs + " " + rhs;
        return lhs + " " + op + " " + rhs;
    }
    if (kind == "counter") {
        if (v.is_string()) uncovered("named counter");
        return "counter";
    }
    if (kind == "accept" || kind == "drop" || kind == "continue" || kind == "return" ||
        kind == "jump" || kind == "goto")
        return object_expr(kind, v, false);
    if (kind == "vmap") return json_expr(field(v, "key")) + " vmap " + json_expr(field(v, "data"));
    if (kind == "reject") return reject(v);
    if (kind == "log") return log(v);
    if (kind == "limit") return limit(v);
    if (kind == "quota") {
        if (v.is_string()) uncovered("named quota");
        std::string unit = v.contains("val_unit") ? text_of(field(v, "val_unit")) : "bytes";
        return std::string("quota ") + (field(v, "inv") == true ? "over " : "") +
               text_of(field(v, "val")) + " " + unit;
    }
    if (kind == "ct count")
        return std::string("ct count ") + (field(v, "inv") == true ? "over " : "") +
               text_of(field(v, "val"));
    if (kind == "mangle") return json_expr(field(v, "key")) + " set " + json_expr(field(v, "value"));
    if (kind == "notrack") return "notrack";
    if (kind == "snat" || kind == "dnat" || kind == "masquerade" || kind == "redirect")
        return nat(kind, v);
    if (kind == "set") {
        std::string set = text_of(field(v, "set"));
        if (set.empty() || set[0] != '@') set = "@" + set;
        return text_of(field(v, "op")) + " " + set + " { " + json_expr(field(v, "elem")) + " }";
    }
    if (kind == "meter")
        return "meter " + text_of(field(v, "name")) + " { " + json_expr(field(v, "key")) + " " +
               json_statement(field(v, "stmt")) + " }";
    if (kind == "queue") {
        const json& num = field(v, "num");
        return num.is_null() ? std::string("queue") : "queue num " + json_expr(num);
    }
    if (kind == "xt")
        uncovered("xt " + text_of(field(v, "type")) + " " + text_of(field(v, "name")) +
                  " (an iptables-nft rule: iptables-save shows it)");
    uncovered("statement `" + kind + "`");
}

}  // namespace lifeline::nft::detail
