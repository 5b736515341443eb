// SARIF 2.1.0 output (OASIS standard; README "Output formats"). One run per document. Lint: one
// result per diagnostic, the rules that results name as tool.driver.rules. Access: one result per
// layer that denies, cannot decide or can revoke the login, each carrying the whole access path
// as a code flow (one thread flow per layer, one location per trace step).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "lifeline/config.hpp"
#include "lifeline/render.hpp"

namespace lifeline {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* k_sarif_schema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* k_root_base = "ROOT";

const char* sarif_level(Severity s) {
    switch (s) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::info:
            break;
    }
    return "note";
}

/// Percent-encodes a path for a URI. ':' is encoded too, so a relative reference never reads as
/// a scheme; '/' separates segments and stays.
std::string uri_path(std::string_view path) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : path) {
        unsigned char u = static_cast<unsigned char>(c);
        bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                     std::string_view("-._~/!$&'()*+,;=@").find(c) != std::string_view::npos;
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += k_hex[u >> 4];
            out += k_hex[u & 15];
        }
    }
    return out;
}

std::string strip_trailing_slashes(std::string s) {
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

/// The part of a displayed path after `--root/`; empty when the path is not under the root.
std::string_view under_root(std::string_view path, const SarifContext& ctx) {
    std::string root = strip_trailing_slashes(ctx.root.empty() ? "/" : ctx.root);
    std::string prefix = root == "/" ? "/" : root + "/";
    if (path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix)
        return path.substr(prefix.size());
    return {};
}

/// The artifact location of a displayed path: relative to --root (base ROOT) when the path lies
/// under it, else an absolute file: URI, else a reference relative to the working directory.
json artifact_json(std::string_view path, const SarifContext& ctx) {
    if (std::string_view rel = under_root(path, ctx); !rel.empty())
        return {{"uri", uri_path(rel)}, {"uriBaseId", k_root_base}};
    if (!path.empty() && path.front() == '/') return {{"uri", "file://" + uri_path(path)}};
    return {{"uri", uri_path(path)}};
}

/// A trace or location "file" that is no file: empty, or a placeholder like "(default)".
bool is_file(std::string_view path) {
    return !path.empty() && path.front() != '(' && path != "-C";
}

/// SARIF counts columns in Unicode code points (run.columnKind); lifeline counts bytes. Bytes past
/// the end of the line (an exclusive end column) count one each.
int code_point_column(const SarifContext& ctx, const std::string& path, int line, int byte_col) {
    const SourceFile* file = ctx.sources ? ctx.sources->find(path) : nullptr;
    if (!file || line < 1 || line > file->line_count() || byte_col <= 1) return byte_col;
    std::string_view text = file->line(line);
    size_t n = std::min(static_cast<size_t>(byte_col - 1), text.size());
    int points = 0;
    for (size_t i = 0; i < n; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++points;
    return points + 1 + static_cast<int>(static_cast<size_t>(byte_col - 1) - n);
}

/// startLine/startColumn/endLine/endColumn; null for a whole-file location. End columns are
/// exclusive in both lifeline and SARIF; a missing one means "to the end of the line".
json region_json(const SourceLocation& l, const SarifContext& ctx) {
    if (l.line < 1) return nullptr;
    json r = {{"startLine", l.line}};
    if (l.column > 0) r["startColumn"] = code_point_column(ctx, l.path, l.line, l.column);
    int end_line = std::max(l.end_line, l.line);
    r["endLine"] = end_line;
    if (l.end_column > 0 && (end_line > l.line || l.end_column >= l.column))
        r["endColumn"] = code_point_column(ctx, l.path, end_line, l.end_column);
    return r;
}

json physical_json(const SourceLocation& l, const SarifContext& ctx) {
    json p = {{"artifactLocation", artifact_json(l.path, ctx)}};
    if (json region = region_json(l, ctx); !region.is_null()) p["region"] = std::move(region);
    return p;
}

/// The first paragraph under `## What it checks`, on one line (fullDescription).
std::string what_it_checks(std::string_view doc) {
    constexpr std::string_view k_heading = "## What it checks\n";
    size_t at = doc.find(k_heading);
    if (at == std::string_view::npos) return {};
    std::string out;
    size_t pos = at + k_heading.size();
    while (pos < doc.size()) {
        size_t nl = doc.find('\n', pos);
        std::string_view line = doc.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        if (line.empty() || line.front() == '#') break;
        if (!out.empty()) out += ' ';
        out += line;
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return out;
}

json rule_json(const RuleInfo& r) {
    json j = {{"id", r.id},
              {"name", r.slug},
              {"shortDescription", {{"text", r.summary}}},
              {"defaultConfiguration", {{"level", sarif_level(r.severity)}}}};
    if (std::string what = what_it_checks(r.doc); !what.empty())
        j["fullDescription"] = {{"text", what}, {"markdown", what}};
    if (!r.doc.empty()) j["help"] = {{"text", r.doc}, {"markdown", r.doc}};
    return j;
}

/// tool.driver.rules: one descriptor per rule ID that results name, in ID order, so results can
/// point at them by index. A rule no loaded plugin lists gets a descriptor from the diagnostic.
class RuleTable {
  public:
    explicit RuleTable(const SarifContext& ctx) : m_ctx(ctx) {}
    void add(const std::string& id, const std::string& slug, Severity s) {
        if (!m_seen.emplace(id, 0).second) return;
        auto known = std::find_if(m_ctx.rules.begin(), m_ctx.rules.end(),
                                  [&](const RuleInfo& r) { return r.id == id; });
        if (known != m_ctx.rules.end()) {
            m_descriptors[id] = rule_json(*known);
            return;
        }
        json j = {{"id", id}, {"defaultConfiguration", {{"level", sarif_level(s)}}}};
        if (!slug.empty()) j["name"] = slug;
        m_descriptors[id] = std::move(j);
    }
    void add_descriptor(const std::string& id, json descriptor) {
        if (m_seen.emplace(id, 0).second) m_descriptors[id] = std::move(descriptor);
    }
    /// Fixes the order; call before index().
    json finish() {
        json rules = json::array();
        for (auto& [id, d] : m_descriptors) {
            m_seen[id] = static_cast<int>(rules.size());
            rules.push_back(std::move(d));
        }
        return rules;
    }
    int index(const std::string& id) const { return m_seen.at(id); }

  private:
    const SarifContext& m_ctx;
    std::map<std::string, int> m_seen;
    std::map<std::string, json> m_descriptors;
};

json diagnostic_result(const Diagnostic& d, const RuleTable& rules, const SarifContext& ctx) {
    json r = {{"ruleId", d.rule_id},
              {"ruleIndex", rules.index(d.rule_id)},
              {"level", sarif_level(d.severity)},
              {"message", {{"text", d.message}}}};
    if (is_file(d.location.path))
        r["locations"] = json::array({{{"physicalLocation", physical_json(d.location, ctx)}}});
    json related = json::array();
    for (const auto& rel : d.related) {
        json rj = {{"id", related.size()}, {"message", {{"text", rel.message}}}};
        if (is_file(rel.location.path)) rj["physicalLocation"] = physical_json(rel.location, ctx);
        related.push_back(std::move(rj));
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    if (!d.help.empty()) r["properties"] = {{"help", d.help}};
    return r;
}

json run_json(json rules, json results, const SarifContext& ctx) {
    json driver = {{"name", "lifeline"},
                   {"version", std::string(k_version)},
                   {"semanticVersion", std::string(k_version)},
                   {"rules", std::move(rules)}};
    json run = {{"tool", {{"driver", std::move(driver)}}}, {"columnKind", "unicodeCodePoints"}};
    if (!ctx.root_absolute.empty() && ctx.root_absolute.front() == '/') {
        std::string uri = "file://" + uri_path(ctx.root_absolute);
        if (uri.back() != '/') uri += '/';
        run["originalUriBaseIds"] = {
            {k_root_base,
             {{"uri", uri},
              {"description", {{"text", "the directory standing for the host's / (--root)"}}}}}};
    }
    run["results"] = std::move(results);
    return run;
}

void write(json run, std::ostream& out) {
    json doc = {{"$schema", k_sarif_schema}, {"version", "2.1.0"}, {"runs", json::array({run})}};
    // Config files may hold any bytes; a SARIF document must be UTF-8.
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

// ---- access ----------------------------------------------------------------------------------

/// The access result kinds: rule ID suffix, name, short description, level.
struct AccessRule {
    const char* kind;
    const char* name;
    const char* summary;
    const char* level;
};
constexpr AccessRule k_access_rules[] = {
    {"denied", "login-denied", "A layer on the SSH access path refuses this login", "error"},
    {"unknown", "login-undecided", "A layer cannot decide whether this login gets through",
     "warning"},
    {"at-risk", "login-revocable",
     "A layer lets this login through now but can take it away by itself", "warning"},
    {"allowed", "login-allowed", "Every layer on the SSH access path lets this login through",
     "none"},
};

const AccessRule& access_rule(std::string_view kind) {
    for (const auto& r : k_access_rules)
        if (kind == r.kind) return r;
    return k_access_rules[1];
}

json access_descriptor(const AccessRule& r) {
    return {{"id", std::string("access/") + r.kind},
            {"name", r.name},
            {"shortDescription", {{"text", r.summary}}},
            {"defaultConfiguration", {{"level", r.level}}}};
}

/// A trace step names a place in a file when it has a line, or names a file under --root. Steps
/// such as "(default)" or a host path of a generated rule ("/lib/ufw/ufw-init", line 0) have
/// no place to point at: their file goes into the message.
bool step_in_file(const TraceStep& t, const SarifContext& ctx) {
    return is_file(t.file) && (t.line > 0 || !under_root(t.file, ctx).empty());
}

std::string step_text(const TraceStep& t, const SarifContext& ctx) {
    std::string text = t.text;
    if (!t.note.empty()) text += (text.empty() ? "" : " — ") + t.note;
    if (!t.file.empty() && !step_in_file(t, ctx)) text = t.file + ": " + text;
    return text;
}

json step_location(const TraceStep& t, const SarifContext& ctx) {
    json loc = {{"message", {{"text", step_text(t, ctx)}}}};
    if (step_in_file(t, ctx)) loc["physicalLocation"] = physical_json({t.file, t.line}, ctx);
    return loc;
}

std::string layer_summary(const LayerResult& l) {
    std::string s = l.layer + ": " + l.verdict;
    if (!l.reason.empty()) s += " — " + l.reason;
    return s;
}

/// The whole access path: one thread flow per layer, one location per trace step (a layer with
/// no trace gets one location holding its verdict, as a thread flow needs at least one).
json access_code_flow(const AccessReport& report, const std::string& headline,
                      const SarifContext& ctx) {
    json threads = json::array();
    for (const auto& l : report.layers) {
        json locations = json::array();
        for (const auto& t : l.trace) locations.push_back({{"location", step_location(t, ctx)}});
        if (locations.empty())
            locations.push_back({{"location", {{"message", {{"text", layer_summary(l)}}}}}});
        threads.push_back({{"id", l.layer},
                           {"message", {{"text", layer_summary(l)}}},
                           {"locations", std::move(locations)}});
    }
    return {{"message", {{"text", headline}}}, {"threadFlows", std::move(threads)}};
}

/// The step a layer's answer rests on: its last trace step at a line of a file.
const TraceStep* deciding_step(const LayerResult& l) {
    for (auto it = l.trace.rbegin(); it != l.trace.rend(); ++it)
        if (is_file(it->file) && it->line > 0) return &*it;
    return nullptr;
}

json layer_properties(const LayerResult& l) {
    json p = {{"layer", l.layer}, {"layerVerdict", l.verdict}};
    // Not "risk": the firewall's facts already use that name for each rate limit it met.
    if (l.at_risk && !l.risk.empty()) p["canRevoke"] = l.risk;
    for (const auto& [k, v] : l.facts) {
        if (!p.contains(k))
            p[k] = v;
        else if (p[k].is_array())
            p[k].push_back(v);
        else
            p[k] = json::array({p[k], v});
    }
    return p;
}

std::string layer_message(const std::string& endpoint, const LayerResult& l,
                          std::string_view kind) {
    std::string why = kind == "at-risk" && !l.risk.empty() ? l.risk : l.reason;
    std::string msg = endpoint + ": " +
                      (kind == "denied"    ? "denied by the " + l.layer + " layer"
                       : kind == "unknown" ? "the " + l.layer + " layer cannot decide"
                                           : "the " + l.layer + " layer can take the login away");
    return why.empty() ? msg : msg + ": " + why;
}

}  // namespace

void render_sarif(const std::vector<Diagnostic>& items, const SarifContext& ctx,
                  std::ostream& out) {
    RuleTable rules(ctx);
    for (const auto& d : items) rules.add(d.rule_id, d.slug, d.severity);
    json descriptors = rules.finish();
    json results = json::array();
    for (const auto& d : items) results.push_back(diagnostic_result(d, rules, ctx));
    write(run_json(std::move(descriptors), std::move(results), ctx), out);
}

void render_access_sarif(const AccessReport& report, const SarifContext& ctx, std::ostream& out) {
    const auto& q = report.query;
    std::string endpoint = format_endpoint(q.user, q.address, q.port);
    std::string headline = access_headline(report);
    json flow = access_code_flow(report, headline, ctx);

    // (kind, layer) pairs in path order; the verdict itself when no layer stands out.
    std::vector<std::pair<std::string, const LayerResult*>> found;
    for (const auto& l : report.layers) {
        const char* kind = l.denies ? "denied" : l.unknown ? "unknown" : l.at_risk ? "at-risk" : "";
        if (*kind) found.emplace_back(kind, &l);
    }
    if (found.empty())
        found.emplace_back(report.verdict == "allowed" ? "allowed" : "unknown", nullptr);

    RuleTable rules(ctx);
    for (const auto& [kind, layer] : found)
        rules.add_descriptor("access/" + kind, access_descriptor(access_rule(kind)));
    for (const auto& d : report.errors) rules.add(d.rule_id, d.slug, d.severity);
    json descriptors = rules.finish();

    json results = json::array();
    for (const auto& [kind, layer] : found) {
        const AccessRule& rule = access_rule(kind);
        json r = {
            {"ruleId", "access/" + kind},
            {"ruleIndex", rules.index("access/" + kind)},
            {"level", rule.level},
            {"message", {{"text", layer ? layer_message(endpoint, *layer, kind) : headline}}}};
        if (kind == "allowed") r["kind"] = "pass";
        if (const TraceStep* step = layer ? deciding_step(*layer) : nullptr)
            r["locations"] = json::array({step_location(*step, ctx)});
        r["codeFlows"] = json::array({flow});
        if (layer) r["properties"] = layer_properties(*layer);
        results.push_back(std::move(r));
    }
    for (const auto& d : report.errors) results.push_back(diagnostic_result(d, rules, ctx));

    json run = run_json(std::move(descriptors), std::move(results), ctx);
    json props = {
        {"user", q.user}, {"address", q.address}, {"port", q.port}, {"verdict", report.verdict}};
    if (std::string by = denying_layer(report); !by.empty()) props["deniedBy"] = by;
    run["properties"] = std::move(props);
    write(std::move(run), out);
}

}  // namespace lifeline
