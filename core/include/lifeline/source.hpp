#pragma once
/// Source files kept in memory so renderers can quote the offending line.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline {

/// The text of one file with a line index.
class SourceFile {
public:
    SourceFile(std::string path, std::string text);
    const std::string& path() const { return m_path; }
    const std::string& text() const { return m_text; }
    /// Number of lines (a final line without newline counts).
    int line_count() const { return static_cast<int>(m_line_starts.size()); }
    /// Line `n` (1-based) without its line terminator; empty when out of range.
    std::string_view line(int n) const;

private:
    std::string m_path;
    std::string m_text;
    std::vector<size_t> m_line_starts;
};

/// Owns every file read during a run; lookup by displayed path.
class SourceManager {
public:
    /// Adds (or replaces) a file and returns it; the reference stays valid for the manager's life.
    const SourceFile& add(std::string path, std::string text);
    const SourceFile* find(std::string_view path) const;
    /// Every file, ordered by path.
    std::vector<const SourceFile*> files() const;

private:
    std::map<std::string, std::unique_ptr<SourceFile>, std::less<>> m_files;
};

}  // namespace lifeline
