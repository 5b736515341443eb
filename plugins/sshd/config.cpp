#include "config.hpp"

#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "diag.hpp"
#include "include_glob.hpp"
#include "match_line.hpp"
#include "options.hpp"
#include "startup.hpp"
#include "values.hpp"

namespace lifeline::sshd {

std::string_view Directive::name() const {
    return keyword ? keyword->name : std::string_view(written);
}

const std::string& Directive::path() const {
    static const std::string k_empty;
    return file ? file->path() : k_empty;
}

Config::Config() = default;
Config::~Config() = default;
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;

bool Config::fatal() const {
    for (const auto& e : errors)
        if (e.severity == Severity::error) return true;
    return false;
}

namespace {

constexpr int k_max_depth = 16;
// Bounded work on hostile input: Include can re-read a file many times.
constexpr size_t k_max_directives = 1'000'000;
// Did-you-mean costs an edit distance per known keyword: only for the first unknown keywords.
constexpr int k_max_suggestions = 100;
// sshd reads lines of any length; lifeline refuses absurd ones to keep memory bounded.
constexpr size_t k_max_line = 1 << 20;

struct CacheItem {
    std::string selector;
    std::string host_path;  ///< empty for a "matched nothing" placeholder
    const SourceFile* file = nullptr;
};

class Loader {
  public:
    Loader(Host& host, Config& cfg) : m_host(host), m_cfg(cfg) {
        auto services = host.fs().read(host.path("/etc/services"));
        m_services = services.text ? make_service_lookup(*services.text) : default_service_lookup();
    }

    void run(const SourceFile* main) {
        parse_file(main, 0, -1, {});
        // Directives pile up in a deque (no big reallocations while including); the Config
        // gets them in one exactly-sized vector.
        m_cfg.directives.reserve(m_directives.size());
        for (auto& d : m_directives) m_cfg.directives.push_back(std::move(d));
        m_directives.clear();
    }
    const ServiceLookup& services() const { return m_services; }

  private:
    const std::vector<LogicalLine>& lines_of(const SourceFile* f) {
        auto it = m_lines.find(f);
        if (it == m_lines.end()) it = m_lines.emplace(f, split_lines(f->text())).first;
        return it->second->lines;
    }

    void report(const RuleRef& rule, const SourceFile* f, Position p, std::string msg,
                std::string help = {}, int length = 0) {
        m_cfg.errors.push_back(make_diagnostic(rule, f->path(), p.line, p.column, std::move(msg),
                                               std::move(help), length ? p.column + length : 0));
    }

    void parse_file(const SourceFile* f, int depth, int inherited,
                    const std::vector<IncludeStep>& chain) {
        int current = inherited;
        for (const LogicalLine& ln : lines_of(f)) {
            if (m_aborted) return;
            process_line(f, ln, depth, current, inherited, chain);
        }
    }

    void process_line(const SourceFile* f, const LogicalLine& ln, int depth, int& current,
                      int inherited, const std::vector<IncludeStep>& chain);
    /// Parses an included file at `depth`, refusing (as sshd does) past k_max_depth.
    void include_file(const SourceFile* f, const Directive& d, const Arg& a, int depth, int current,
                      const std::vector<IncludeStep>& chain) {
        if (depth > k_max_depth) {
            m_cfg.errors.push_back(make_diagnostic(k_include_too_deep, d.path(), d.line, a.column,
                                                   "Too many recursive configuration includes"));
            m_aborted = true;
            return;
        }
        parse_file(f, depth, current, chain);
    }
    void process_include(size_t index, const LogicalLine& ln, int depth, int current,
                         const std::vector<IncludeStep>& chain);
    const SourceFile* load_included(const std::string& host_path, const Directive& d, const Arg& a);

    Host& m_host;
    Config& m_cfg;
    ServiceLookup m_services;
    std::unordered_map<const SourceFile*, std::unique_ptr<LineTable>> m_lines;
    std::vector<CacheItem> m_cache;
    std::deque<Directive> m_directives;
    bool m_aborted = false;
    int m_suggestions = 0;
};

void Loader::process_line(const SourceFile* f, const LogicalLine& ln, int depth, int& current,
                          int inherited, const std::vector<IncludeStep>& chain) {
    std::string_view view = strip_trailing(ln.text);
    size_t pos = 0;
    auto kw = strdelim(view, pos);
    if (!kw) return;
    if (kw->text.empty()) kw = strdelim(view, pos);
    if (!kw || kw->text.empty() || kw->text[0] == '#') return;
    if (m_directives.size() >= k_max_directives) {
        report(k_include_too_deep, f, ln.at(kw->column),
               "configuration too large (more than 1000000 directives after Include expansion)");
        m_aborted = true;
        return;
    }
    if (view.size() > k_max_line) {
        report(k_malformed_line, f, ln.at(kw->column), "line too long (over 1 MiB)");
        return;
    }
    Directive d;
    d.written = kw->text;
    d.file = f;
    Position kp = ln.at(kw->column);
    d.line = kp.line;
    d.column = kp.column;
    d.sshd_line = ln.number;
    d.block = current;
    d.include_chain = chain;
    d.keyword = find_keyword(d.written);
    if (pos == std::string_view::npos || pos >= view.size()) {
        report(k_malformed_line, f, kp, "no argument after keyword \"" + d.written + "\"", {},
               int(d.written.size()));
        d.broken = true;
        m_directives.push_back(std::move(d));
        return;
    }
    d.raw = std::string(view.substr(pos));
    d.raw_column = ln.at(int(pos)).column;
    if (!d.keyword) {
        std::string help;
        if (m_suggestions++ < k_max_suggestions) {
            auto near = suggest_keywords(d.written);
            if (!near.empty()) help = "did you mean '" + std::string(near.front()) + "'?";
        }
        report(k_unknown_keyword, f, kp, "Bad configuration option: " + d.written, help,
               int(d.written.size()));
        d.broken = true;
    }
    ArgSplit split = split_args(d.raw, int(pos));
    if (!split.ok) {
        report(k_malformed_line, f, ln.at(split.error_column), "invalid quotes", {}, 1);
        d.broken = true;
    }
    for (const Token& t : split.args)
        d.args.push_back({t.text, ln.at(t.column).column, ln.at(t.end_column).column});
    size_t index = m_directives.size();
    m_directives.push_back(std::move(d));
    Directive& stored = m_directives.back();
    if (stored.broken) return;
    if (stored.keyword->op == Op::match) {
        MatchBlock b;
        b.file = f;
        b.line = stored.line;
        b.column = stored.column;
        b.text = stored.raw;
        b.parent = inherited;
        b.directive = int(index);
        for (auto& e : parse_match_line(ln, pos, m_services, b))
            m_cfg.errors.push_back(
                make_diagnostic(e.rule, f->path(), stored.line, e.column, e.message));
        m_cfg.blocks.push_back(std::move(b));
        current = int(m_cfg.blocks.size()) - 1;
        stored.block = current;
    } else if (stored.keyword->op == Op::include) {
        process_include(index, ln, depth, current, chain);
    }
}

const SourceFile* Loader::load_included(const std::string& host_path, const Directive& d,
                                        const Arg& a) {
    auto st = m_host.fs().stat(m_host.path(host_path));
    if (st && st->type == sys::FileStat::Type::directory) {
        // fopen(3) opens a directory and reading it yields nothing: an empty file to sshd.
        if (const SourceFile* f = m_host.sources().find(m_host.path(host_path))) return f;
        return &m_host.sources().add(m_host.path(host_path), "");
    }
    std::string error;
    const SourceFile* f = m_host.load(host_path, &error);
    if (!f) {
        m_cfg.errors.push_back(make_diagnostic(k_config_unreadable, d.path(), d.line, a.column,
                                               host_path + ": " + error));
    }
    return f;
}

void Loader::process_include(size_t index, const LogicalLine& ln, int depth, int current,
                             const std::vector<IncludeStep>& chain) {
    (void)ln;
    // A copy: the recursion below appends to m_directives.
    const Directive d = m_directives[index];
    std::vector<IncludeStep> inner = chain;
    inner.push_back({d.file, d.line, d.column});
    int value = 0;
    for (const Arg& a : d.args) {
        if (m_aborted) return;
        if (a.text.empty()) {
            m_cfg.errors.push_back(make_diagnostic(k_malformed_line, d.path(), d.line, a.column,
                                                   "keyword " + d.written + " empty argument"));
            return;
        }
        ++value;
        IncludeRecord rec;
        rec.file = d.file;
        rec.line = d.line;
        rec.column = a.column;
        rec.pattern = a.text;
        rec.resolved_pattern =
            (a.text[0] == '/' || a.text[0] == '~') ? a.text : "/etc/ssh/" + a.text;
        rec.block = current;
        bool found = false;
        std::vector<std::pair<std::string, const SourceFile*>> cached;
        for (const CacheItem& item : m_cache) {
            if (item.selector != rec.resolved_pattern) continue;
            found = true;
            if (item.file) cached.emplace_back(item.host_path, item.file);
        }
        if (found) {
            for (const auto& [path, file] : cached) {
                rec.matched_host_paths.push_back(path);
                include_file(file, d, a, depth + 1, current, inner);
                if (m_aborted) break;
            }
            m_cfg.includes.push_back(std::move(rec));
            continue;
        }
        auto paths = glob_host(m_host, rec.resolved_pattern);
        if (paths.empty()) m_cache.push_back({rec.resolved_pattern, {}, nullptr});
        size_t rec_index = m_cfg.includes.size();
        rec.matched_host_paths = paths;
        m_cfg.includes.push_back(std::move(rec));
        for (const std::string& path : paths) {
            const SourceFile* f = load_included(path, d, a);
            if (!f) continue;
            include_file(f, d, a, depth + 1, current, inner);
            if (m_aborted) return;
            m_cache.push_back({m_cfg.includes[rec_index].resolved_pattern, path, f});
        }
    }
    if (value == 0) {
        m_cfg.errors.push_back(make_diagnostic(k_malformed_line, d.path(), d.line, d.column,
                                               d.written + " missing filename argument"));
    }
}

Config finish(Host& host, Config cfg, const SourceFile* main) {
    Loader loader(host, cfg);
    if (main) loader.run(main);
    cfg.services = loader.services();
    run_startup_pass(cfg, host, loader.services());
    // A file included twice reports its problems twice; keep one of each.
    std::vector<Diagnostic> unique;
    std::unordered_set<std::string> seen;
    for (auto& e : cfg.errors) {
        std::string key = e.rule_id + '\n' + e.location.path + '\n' +
                          std::to_string(e.location.line) + ':' +
                          std::to_string(e.location.column) + '\n' + e.message;
        if (seen.insert(std::move(key)).second) unique.push_back(std::move(e));
    }
    cfg.errors = std::move(unique);
    return cfg;
}

}  // namespace

Config load_config(Host& host, std::string_view main_host_path) {
    Config cfg;
    std::string error;
    bool not_found = false;
    const SourceFile* main = host.load(main_host_path, &error, &not_found);
    cfg.main_path = host.path(main_host_path);
    cfg.main_found = main != nullptr;
    if (!main) {
        cfg.errors.push_back(make_diagnostic(k_config_unreadable, cfg.main_path, 0, 0,
                                             cfg.main_path + ": " + error));
    }
    return finish(host, std::move(cfg), main);
}

Config load_config_file(Host& host, const std::string& real_path) {
    Config cfg;
    cfg.main_path = real_path;
    const SourceFile* main = host.sources().find(real_path);
    if (!main) {
        auto r = host.fs().read(real_path);
        if (r.text)
            main = &host.sources().add(real_path, std::move(*r.text));
        else
            cfg.errors.push_back(
                make_diagnostic(k_config_unreadable, real_path, 0, 0, real_path + ": " + r.error));
    }
    cfg.main_found = main != nullptr;
    return finish(host, std::move(cfg), main);
}

}  // namespace lifeline::sshd
