// Loading a policy: finding packs and files, following `extends` depth first (each file once,
// cycles refused), then merging the layers in application order.

#include <algorithm>
#include <filesystem>

#include "policy_internal.hpp"

namespace lifeline {
namespace {

using namespace policy_detail;
namespace fs = std::filesystem;

/// Deeper chains are refused like cycles: a symlink loop can hide a cycle from path comparison.
constexpr int k_max_extends_depth = 32;

bool has_suffix(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class Loader {
  public:
    Loader(const PolicyInput& in, DiagnosticSink& out) : m_in(in), m_out(out) {}

    /// Loads the file `spec` names (relative to `from_dir`), after what it extends.
    void load(const PolicyValue& spec, const std::string& from_dir, bool from_pack, int depth) {
        bool by_name = is_pack_name(spec.value);
        std::optional<std::string> path = by_name ? find_pack(spec) : file_path(spec, from_dir);
        if (!path) return;
        std::string key = identity(*path);
        auto on_stack = std::find(m_stack.begin(), m_stack.end(), key);
        if (on_stack != m_stack.end() || depth > k_max_extends_depth) {
            report_cycle(spec, *path, on_stack);
            return;
        }
        if (std::find(m_done.begin(), m_done.end(), key) != m_done.end()) return;
        auto text = m_in.fs.read(*path);
        if (!text.text) {
            m_out.report(make_diagnostic(Pol::unreadable, where(spec, *path),
                                         "cannot read policy '" + *path + "': " + text.error));
            return;
        }
        const SourceFile& file = m_in.sources.add(*path, std::move(*text.text));
        LoadedLayer loaded{parse_layer(*path, file.text(), m_out), by_name || from_pack};
        m_stack.push_back(key);
        m_stack_paths.push_back(*path);
        std::string dir = fs::path(*path).parent_path().string();
        for (const auto& parent : loaded.layer.extends) load(parent, dir, loaded.pack, depth + 1);
        m_stack.pop_back();
        m_stack_paths.pop_back();
        m_done.push_back(key);
        m_layers.push_back(std::move(loaded));
    }

    std::vector<LoadedLayer>& layers() { return m_layers; }

  private:
    /// Where to report about `spec`: its `extends` entry, or the top-level file itself.
    static SourceLocation where(const PolicyValue& spec, const std::string& path) {
        return spec.origin.path.empty() ? SourceLocation{path, 0, 0} : spec.origin;
    }

    static std::string file_path(const PolicyValue& spec, const std::string& from_dir) {
        fs::path p(spec.value);
        if (p.is_relative() && !from_dir.empty()) p = fs::path(from_dir) / p;
        return p.lexically_normal().string();
    }

    /// The same file reached by two spellings has one identity (symlinks aside).
    static std::string identity(const std::string& path) {
        fs::path p(path);
        if (p.is_relative()) {
            std::error_code ec;
            fs::path cwd = fs::current_path(ec);
            if (!ec) p = cwd / p;
        }
        return p.lexically_normal().string();
    }

    std::optional<std::string> find_pack(const PolicyValue& spec) {
        std::vector<std::string> names;
        for (const auto& dir : m_in.pack_dirs) {
            std::string candidate = dir + "/" + spec.value + ".yaml";
            auto st = m_in.fs.stat(candidate);
            if (st && st->type == sys::FileStat::Type::regular) return candidate;
            for (const auto& entry : m_in.fs.list(dir).value_or(std::vector<std::string>{}))
                if (has_suffix(entry, ".yaml")) names.push_back(entry.substr(0, entry.size() - 5));
        }
        std::string dirs;
        for (const auto& d : m_in.pack_dirs) dirs += (dirs.empty() ? "" : ", ") + d;
        std::vector<std::string_view> candidates(names.begin(), names.end());
        std::sort(candidates.begin(), candidates.end());
        m_out.report(make_diagnostic(
            Pol::unreadable, where(spec, spec.value),
            "no policy pack '" + spec.value + "'" + did_you_mean(spec.value, candidates),
            "packs are NAME.yaml files in " +
                (dirs.empty() ? std::string("(no pack directory)") : dirs) +
                "; a file path needs a '/' or a .yaml suffix (./" + spec.value + ".yaml)"));
        return std::nullopt;
    }

    void report_cycle(const PolicyValue& spec, const std::string& path,
                      std::vector<std::string>::iterator on_stack) {
        if (on_stack == m_stack.end()) {
            m_out.report(make_diagnostic(
                Pol::extends_cycle, where(spec, path),
                "extends nesting deeper than " + std::to_string(k_max_extends_depth) + " files"));
            return;
        }
        std::string chain;
        for (size_t i = static_cast<size_t>(on_stack - m_stack.begin()); i < m_stack.size(); ++i)
            chain += m_stack_paths[i] + " -> ";
        m_out.report(make_diagnostic(Pol::extends_cycle, where(spec, path),
                                     "extends cycle: " + chain + path,
                                     "a policy cannot extend itself, directly or through others"));
    }

    const PolicyInput& m_in;
    DiagnosticSink& m_out;
    std::vector<std::string> m_stack;        ///< identities of the files being loaded
    std::vector<std::string> m_stack_paths;  ///< the same, as displayed
    std::vector<std::string> m_done;
    std::vector<LoadedLayer> m_layers;
};

}  // namespace

bool is_pack_name(std::string_view spec) {
    return !spec.empty() && spec.find('/') == std::string_view::npos &&
           !has_suffix(spec, ".yaml") && !has_suffix(spec, ".yml");
}

Policy load_policy(std::string_view spec, const PolicyInput& input, const RuleCatalog& catalog,
                   DiagnosticSink& out) {
    Loader loader(input, out);
    loader.load({std::string(spec), {}}, "", false, 0);
    return merge_layers(loader.layers(), catalog, input.fs, out);
}

}  // namespace lifeline
