// DirConfigSource: std::filesystem underneath, every error turned into "absent".
#include "dir_source.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace lifeline::f2b::testing {

namespace fs = std::filesystem;

std::optional<std::string> DirConfigSource::read(const std::string& path) const {
    std::error_code ec;
    // configparser opens the path; a directory (e.g. `before =` left empty -> "dir/") fails.
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
}

std::vector<std::string> DirConfigSource::list(const std::string& dir) const {
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) names.push_back(it->path().filename().string());
    return names;
}

}  // namespace lifeline::f2b::testing
