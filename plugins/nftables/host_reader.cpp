#include "host_reader.hpp"

#include "glob.hpp"

namespace lifeline::nft {

inline constexpr const char* k_config_path = "/etc/nftables.conf";

HostSourceReader::HostSourceReader(Host& host, std::optional<std::string> explicit_file)
    : m_host(host), m_explicit(std::move(explicit_file)) {}

std::optional<SourceReader::File> HostSourceReader::read(const std::string& host_path,
                                                         std::string& error) {
    if (m_explicit && host_path == *m_explicit) {
        if (const SourceFile* f = m_host.sources().find(host_path))
            return File{host_path, f->text()};
        sys::ReadResult r = m_host.fs().read(host_path);
        if (!r.text) {
            error = r.error;
            return std::nullopt;
        }
        const SourceFile& f = m_host.sources().add(host_path, std::move(*r.text));
        return File{host_path, f.text()};
    }
    const SourceFile* f = m_host.load(host_path, &error);
    if (!f) return std::nullopt;
    return File{f->path(), f->text()};
}

std::vector<std::string> HostSourceReader::glob(const std::string& pattern) {
    GlobFs fs;
    fs.list = [this](const std::string& dir) { return m_host.fs().list(m_host.path(dir)); };
    fs.kind = [this](const std::string& path) {
        auto st = m_host.fs().stat(m_host.path(path));
        if (!st) return 0;
        return st->type == sys::FileStat::Type::directory ? 2 : 1;
    };
    return glob_paths(pattern, fs);
}

HostConfig read_host_config(Host& host, const std::string& explicit_file, const std::string& cwd) {
    HostConfig out;
    out.host_path = explicit_file.empty() ? k_config_path : explicit_file;
    if (explicit_file.empty()) {
        out.present = host.fs().stat(host.path(k_config_path)).has_value();
    } else {
        out.present = host.fs().stat(explicit_file).has_value();
    }
    if (!out.present) return out;
    HostSourceReader reader(
        host, explicit_file.empty() ? std::nullopt : std::optional<std::string>(explicit_file));
    ParseOptions options;
    options.cwd = cwd;
    out.doc = parse_file(reader, out.host_path, options);
    if (out.doc.commands.empty() && !out.doc.errors.empty() &&
        out.doc.errors.front().location.line == 0) {
        out.errors = out.doc.errors;  // the file itself cannot be read
        out.failure = out.errors.front().message;
        return out;
    }
    out.loaded = load(out.doc);
    out.errors = all_errors(out.doc, *out.loaded);
    if (!out.errors.empty()) {
        const Diagnostic& e = out.errors.front();
        out.failure = e.location.path + ":" + std::to_string(e.location.line) +
                      ": nft rejects the file (" + e.message + "); nothing of it is applied";
    } else if (!out.loaded->unmodelled.empty()) {
        const auto& [loc, what] = out.loaded->unmodelled.front();
        out.failure = out.doc.files[loc.file].display_path + ":" + std::to_string(loc.line) +
                      ": `" + what + "` depends on the rules already loaded; the result is unknown";
    }
    return out;
}

}  // namespace lifeline::nft
