#include "git.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>

namespace lifeline::cli::git {
namespace {

/// Listings of very large repositories still fit; anything bigger is refused, not truncated.
constexpr size_t k_max_listing = 512u * 1024 * 1024;

CommandOutput run_git(const std::string& top, std::vector<std::string> args) {
    std::vector<std::string> argv{"git"};
    if (!top.empty()) argv.insert(argv.end(), {"-C", top});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_capture(argv, k_max_listing);
}

std::string first_line(const std::string& s) {
    std::string line = s.substr(0, s.find('\n'));
    return line.empty() ? "git failed" : line;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

unsigned parse_mode(std::string_view octal) {
    unsigned mode = 0;
    std::from_chars(octal.data(), octal.data() + octal.size(), mode, 8);
    return mode;
}

/// Calls `row(fields, path)` for every NUL-terminated `FIELDS\tPATH` record.
template <class Row>
void for_each_record(std::string_view text, Row row) {
    while (!text.empty()) {
        size_t end = text.find('\0');
        std::string_view rec = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        size_t tab = rec.find('\t');
        if (tab == std::string_view::npos) continue;
        std::vector<std::string_view> fields;
        std::string_view head = rec.substr(0, tab);
        while (!head.empty()) {
            size_t sp = head.find(' ');
            fields.push_back(head.substr(0, sp));
            head = sp == std::string_view::npos ? std::string_view{} : head.substr(sp + 1);
        }
        row(fields, rec.substr(tab + 1));
    }
}

bool is_file_mode(unsigned mode) {
    // Gitlinks (submodules, 0160000) and trees have no content here.
    return (mode & 0170000) == 0100000 || (mode & 0170000) == 0120000;
}

}  // namespace

TreeListing parse_ls_files(std::string_view text) {
    TreeListing out;
    // MODE OBJECT STAGE\tPATH; a path in conflict has stages 1-3 and no stage 0 entry.
    for_each_record(text, [&](const std::vector<std::string_view>& f, std::string_view path) {
        if (f.size() != 3 || f[2] != "0") return;
        unsigned mode = parse_mode(f[0]);
        if (is_file_mode(mode)) out[std::string(path)] = {mode, std::string(f[1])};
    });
    return out;
}

TreeListing parse_ls_tree(std::string_view text) {
    TreeListing out;
    // MODE TYPE OBJECT\tPATH
    for_each_record(text, [&](const std::vector<std::string_view>& f, std::string_view path) {
        if (f.size() != 3 || f[1] != "blob") return;
        unsigned mode = parse_mode(f[0]);
        if (is_file_mode(mode)) out[std::string(path)] = {mode, std::string(f[2])};
    });
    return out;
}

std::optional<std::string> top_level(std::string& error) {
    auto r = run_git("", {"rev-parse", "--show-toplevel"});
    if (r.status != 0) {
        error = first_line(r.err);
        return std::nullopt;
    }
    return trimmed(r.out);
}

std::optional<TreeListing> list_index(const std::string& top, std::string& error) {
    auto r = run_git(top, {"ls-files", "-s", "-z", "--full-name"});
    if (r.status != 0 || r.truncated) {
        error = r.truncated ? "the index listing is too large" : first_line(r.err);
        return std::nullopt;
    }
    return parse_ls_files(r.out);
}

bool resolves(const std::string& top, const std::string& rev) {
    return run_git(top, {"rev-parse", "--verify", "--quiet", rev + "^{tree}"}).status == 0;
}

std::optional<std::vector<std::string>> staged_changes(const std::string& top, std::string& error) {
    auto r = run_git(top, {"diff-index", "--cached", "--no-renames", "--name-only", "-z",
                           "--end-of-options", "HEAD", "--"});
    if (r.status != 0 || r.truncated) {
        // Asked only when it failed, so a normal commit starts one git process fewer.
        if (!resolves(top, "HEAD")) return std::nullopt;
        error = r.truncated ? "the list of staged changes is too large" : first_line(r.err);
        return std::nullopt;
    }
    std::vector<std::string> paths;
    std::string_view text = r.out;
    while (!text.empty()) {
        size_t end = text.find('\0');
        if (end != 0) paths.emplace_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return paths;
}

std::optional<TreeListing> list_tree(const std::string& top, const std::string& rev,
                                     std::string& error) {
    if (!resolves(top, rev)) {
        error = "'" + rev + "' names no commit or tree";
        return std::nullopt;
    }
    // `--end-of-options` keeps a revision that starts with '-' from being read as an option.
    auto r = run_git(top, {"ls-tree", "-r", "-z", "--full-tree", "--end-of-options", rev});
    if (r.status != 0 || r.truncated) {
        error = r.truncated ? "the tree listing is too large" : first_line(r.err);
        return std::nullopt;
    }
    return parse_ls_tree(r.out);
}

std::optional<std::string> hooks_dir(const std::string& top, std::string& error) {
    auto r = run_git(top, {"rev-parse", "--git-path", "hooks"});
    if (r.status != 0) {
        error = first_line(r.err);
        return std::nullopt;
    }
    std::filesystem::path p(trimmed(r.out));
    if (p.is_relative()) p = std::filesystem::path(top) / p;
    return p.lexically_normal().string();
}

sys::ReadResult CatFile::read_blob(const std::string& object) const {
    sys::ReadResult r;
    if (m_process.running() && m_process.owner() != ::getpid()) m_process.abandon();
    if (!m_process.running() &&
        !m_process.start({"git", "-C", m_top, "cat-file", "--batch"}, r.error)) {
        return r;
    }
    std::string header;
    if (!m_process.write_all(object + "\n") || !m_process.read_line(header)) {
        m_process.close();
        r.error = "git cat-file --batch stopped";
        return r;
    }
    // "<object> blob <size>" then the content and a newline, or "<object> missing".
    size_t sp2 = header.rfind(' ');
    size_t sp1 = sp2 == std::string::npos ? sp2 : header.rfind(' ', sp2 - 1);
    if (sp1 == std::string::npos || header.compare(sp1 + 1, sp2 - sp1 - 1, "blob") != 0) {
        r.not_found = true;
        r.error = "git object " + object + " is missing";
        return r;
    }
    size_t size = 0;
    std::from_chars(header.data() + sp2 + 1, header.data() + header.size(), size);
    std::string text;
    bool too_large = size > sys::k_max_file_size;
    // A blob over the limit is still read through (and dropped) to keep the stream in step.
    if (!m_process.read_exact(size, too_large ? nullptr : &text) ||
        !m_process.read_exact(1, nullptr)) {
        m_process.close();
        r.error = "git cat-file --batch stopped";
        return r;
    }
    if (too_large) {
        r.error = "file too large";
        return r;
    }
    r.text = std::move(text);
    return r;
}

}  // namespace lifeline::cli::git
