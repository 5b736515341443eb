// `nft -j list ruleset` written as nft table blocks (json_render.hpp).
#include "nftables/json_render.hpp"

#include <charconv>

#include "json_render_impl.hpp"

namespace lifeline::nft {
namespace {

using nlohmann::json;
using detail::json_expr;
using detail::json_statement;
using detail::json_string;
using detail::Uncovered;

std::string str(const json& obj, const char* name) {
    auto it = obj.find(name);
    if (it == obj.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number()) return it->dump();
    return {};
}

std::uint64_t handle_of(const json& obj) {
    auto it = obj.find("handle");
    return it != obj.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

/// One table's objects, in listing order.
struct TableParts {
    std::string family, name;
    bool dormant = false;
    std::vector<const json*> sets;    ///< {"set": …} / {"map": …} bodies, with is_map
    std::vector<bool> set_is_map;
    std::vector<const json*> chains;  ///< {"chain": …} bodies
};

class Writer {
  public:
    Writer(const std::map<RuleKey, std::string>* texts, const std::set<RuleKey>* force,
           const std::set<RuleKey>* leave_out)
        : m_texts(texts), m_force(force), m_leave_out(leave_out) {}

    void table(const TableParts& t, const std::vector<const json*>& rules) {
        line("table " + t.family + " " + t.name + " {");
        if (t.dormant) line("\tflags dormant");
        for (size_t i = 0; i < t.sets.size(); ++i) set(*t.sets[i], t.set_is_map[i]);
        for (const json* c : t.chains) chain(t, *c, rules);
        line("}");
    }

    std::string take_text() { return std::move(m_text); }
    std::vector<JsonRule> take_rules() { return std::move(m_rules); }

  private:
    void line(const std::string& text) {
        m_text += text;
        m_text += '\n';
        ++m_line;
    }

    void set(const json& s, bool is_map) {
        line(std::string("\t") + (is_map ? "map " : "set ") + str(s, "name") + " {");
        const json& type = s.contains("type") ? s["type"] : json();
        std::string t;
        if (type.is_array()) {
            for (const auto& part : type) t += (t.empty() ? "" : " . ") + part.get<std::string>();
        } else if (type.is_string()) {
            t = type.get<std::string>();
        }
        if (is_map) t += " : " + str(s, "map");
        line("\t\ttype " + t);
        if (s.contains("flags") && s["flags"].is_array() && !s["flags"].empty()) {
            std::string f;
            for (const auto& x : s["flags"]) f += (f.empty() ? "" : ",") + x.get<std::string>();
            line("\t\tflags " + f);
        }
        if (s.contains("elem")) {
            bool quote = type == "ifname";
            const json& elem = s["elem"];
            std::string items;
            auto one = [&](const json& e) {
                if (is_map && e.is_array() && e.size() == 2)
                    return json_expr(e[0], quote) + " : " + json_expr(e[1]);
                return json_expr(e, quote);
            };
            if (elem.is_array())
                for (const auto& e : elem) items += (items.empty() ? "" : ", ") + one(e);
            else
                items = one(elem);
            line("\t\telements = { " + items + " }");
        }
        line("\t}");
    }

    void chain(const TableParts& t, const json& c, const std::vector<const json*>& rules) {
        std::string name = str(c, "name");
        line("\tchain " + name + " {");
        if (c.contains("hook")) {
            std::string spec = "\t\ttype " + str(c, "type") + " hook " + str(c, "hook");
            if (c.contains("dev")) {
                const json& dev = c["dev"];
                if (dev.is_array()) {
                    std::string list;
                    for (const auto& d : dev) list += (list.empty() ? "" : ", ") + json_string(d.get<std::string>(), true);
                    spec += " devices = { " + list + " }";
                } else {
                    spec += " device " + json_string(str(c, "dev"), true);
                }
            }
            spec += " priority " + str(c, "prio") + ";";
            if (c.contains("policy")) spec += " policy " + str(c, "policy") + ";";
            line(spec);
        }
        for (const json* r : rules)
            if (str(*r, "family") == t.family && str(*r, "table") == t.name && str(*r, "chain") == name)
                rule(*r);
        line("\t}");
    }

    void rule(const json& r) {
        JsonRule out;
        out.key = {str(r, "family"), str(r, "table"), str(r, "chain"), handle_of(r)};
        if (m_leave_out && m_leave_out->count(out.key)) {
            out.missing = "neither its JSON nor its text listing reads as nft syntax";
            m_rules.push_back(std::move(out));
            return;
        }
        std::string text;
        try {
            if (m_force && m_force->count(out.key))
                throw Uncovered{"its JSON does not read back as nft syntax"};
            if (!r.contains("expr") || !r["expr"].is_array()) throw Uncovered{"no statements"};
            for (const auto& s : r["expr"]) text += (text.empty() ? "" : " ") + json_statement(s);
            if (r.contains("comment")) text += " comment " + json_string(str(r, "comment"), true);
        } catch (const Uncovered& u) {
            text = fallback(out, u.what);
        } catch (const json::exception& e) {
            text = fallback(out, std::string("unexpected JSON: ") + e.what());
        }
        if (!text.empty()) {
            line("\t\t" + text);
            out.line = m_line;
        }
        m_rules.push_back(std::move(out));
    }

    /// The rule's text from `nft -a list ruleset`, or "" (and `missing` set) without it.
    std::string fallback(JsonRule& rule, const std::string& why) {
        if (m_texts) {
            auto it = m_texts->find(rule.key);
            if (it != m_texts->end()) {
                rule.from_text = true;
                return it->second;
            }
        }
        rule.missing = why;
        return {};
    }

    const std::map<RuleKey, std::string>* m_texts;
    const std::set<RuleKey>* m_force;
    const std::set<RuleKey>* m_leave_out;
    std::string m_text;
    int m_line = 0;
    std::vector<JsonRule> m_rules;
};

}  // namespace

std::vector<const JsonRule*> RenderedRuleset::missing() const {
    std::vector<const JsonRule*> out;
    for (const auto& r : rules)
        if (r.line == 0) out.push_back(&r);
    return out;
}

std::map<RuleKey, std::string> rule_texts_by_handle(std::string_view listing) {
    std::map<RuleKey, std::string> out;
    std::string family, table, chain;
    size_t start = 0;
    while (start < listing.size()) {
        size_t end = listing.find('\n', start);
        if (end == std::string_view::npos) end = listing.size();
        std::string_view line = listing.substr(start, end - start);
        start = end + 1;
        size_t first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos) continue;
        line.remove_prefix(first);
        size_t mark = line.rfind(" # handle ");
        std::string_view body = mark == std::string_view::npos ? line : line.substr(0, mark);
        if (body.rfind("table ", 0) == 0) {
            // `table FAMILY NAME {`
            std::string_view rest = body.substr(6);
            size_t sp = rest.find(' ');
            family = std::string(rest.substr(0, sp));
            std::string_view name = rest.substr(sp + 1);
            table = std::string(name.substr(0, name.find(' ')));
            continue;
        }
        if (body.rfind("chain ", 0) == 0) {
            std::string_view rest = body.substr(6);
            chain = std::string(rest.substr(0, rest.find(' ')));
            continue;
        }
        if (mark == std::string_view::npos || body.back() == '{' || chain.empty()) continue;
        std::string_view number = line.substr(mark + 10);
        std::uint64_t handle = 0;
        auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), handle);
        if (ec != std::errc() || p != number.data() + number.size()) continue;
        out[{family, table, chain, handle}] = std::string(body);
    }
    return out;
}

RenderedRuleset render_json_ruleset(std::string_view text,
                                    const std::map<RuleKey, std::string>* texts,
                                    const std::set<RuleKey>* force_text,
                                    const std::set<RuleKey>* leave_out) {
    RenderedRuleset out;
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("nftables") ||
        !doc["nftables"].is_array()) {
        out.error = "not a libnftables JSON listing ({\"nftables\": [...]})";
        return out;
    }
    std::vector<TableParts> tables;
    std::vector<const json*> rules;
    auto find = [&](const json& obj) -> TableParts* {
        std::string family = str(obj, "family"), name = str(obj, "table");
        for (auto& t : tables)
            if (t.family == family && t.name == name) return &t;
        return nullptr;
    };
    for (const json& item : doc["nftables"]) {
        if (!item.is_object() || item.size() != 1) continue;
        const std::string& kind = item.begin().key();
        const json& body = item.begin().value();
        if (!body.is_object()) continue;
        if (kind == "table") {
            TableParts t{str(body, "family"), str(body, "name")};
            if (body.contains("flags")) t.dormant = body["flags"].dump().find("dormant") != std::string::npos;
            tables.push_back(std::move(t));
        } else if (kind == "chain" || kind == "set" || kind == "map") {
            TableParts* t = find(body);
            if (!t) continue;
            if (kind == "chain") {
                t->chains.push_back(&body);
            } else {
                t->sets.push_back(&body);
                t->set_is_map.push_back(kind == "map");
            }
        } else if (kind == "rule") {
            rules.push_back(&body);
        }
    }
    Writer w(texts, force_text, leave_out);
    try {
        for (const auto& t : tables) w.table(t, rules);
    } catch (const Uncovered& u) {
        // Outside a rule (a set element, a chain's device): the listing cannot be written.
        out.error = "cannot write " + u.what;
        return out;
    } catch (const json::exception& e) {
        out.error = std::string("unexpected JSON: ") + e.what();
        return out;
    }
    out.text = w.take_text();
    out.rules = w.take_rules();
    return out;
}

}  // namespace lifeline::nft
