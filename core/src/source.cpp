#include "lifeline/source.hpp"

namespace lifeline {

SourceFile::SourceFile(std::string path, std::string text)
    : m_path(std::move(path)), m_text(std::move(text)) {
    m_line_starts.push_back(0);
    for (size_t i = 0; i < m_text.size(); ++i) {
        if (m_text[i] == '\n' && i + 1 < m_text.size()) m_line_starts.push_back(i + 1);
    }
    if (m_text.empty()) m_line_starts.clear();
}

std::string_view SourceFile::line(int n) const {
    if (n < 1 || n > line_count()) return {};
    size_t start = m_line_starts[static_cast<size_t>(n - 1)];
    size_t end = m_text.find('\n', start);
    if (end == std::string::npos) end = m_text.size();
    std::string_view v(m_text.data() + start, end - start);
    if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
    return v;
}

const SourceFile& SourceManager::add(std::string path, std::string text) {
    auto file = std::make_unique<SourceFile>(path, std::move(text));
    auto& slot = m_files[std::move(path)];
    slot = std::move(file);
    return *slot;
}

const SourceFile* SourceManager::find(std::string_view path) const {
    auto it = m_files.find(path);
    return it == m_files.end() ? nullptr : it->second.get();
}

std::vector<const SourceFile*> SourceManager::files() const {
    std::vector<const SourceFile*> out;
    out.reserve(m_files.size());
    for (const auto& [path, file] : m_files) out.push_back(file.get());
    return out;
}

}  // namespace lifeline
