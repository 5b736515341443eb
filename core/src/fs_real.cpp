#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lifeline/sys/fs.hpp"

namespace lifeline::sys {
namespace {

class RealFileSystem final : public FileSystem {
public:
    ReadResult read(const std::string& path) const override {
        ReadResult r;
        // O_NONBLOCK so that a FIFO planted in a host tree cannot hang us.
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            r.not_found = (errno == ENOENT || errno == ENOTDIR);
            r.error = std::strerror(errno);
            return r;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            r.error = S_ISDIR(st.st_mode) ? "Is a directory" : "not a regular file";
            ::close(fd);
            return r;
        }
        if (static_cast<std::uint64_t>(st.st_size) > k_max_file_size) {
            r.error = "file too large";
            ::close(fd);
            return r;
        }
        std::string text;
        text.resize(static_cast<size_t>(st.st_size));
        size_t got = 0;
        while (got < text.size()) {
            ssize_t n = ::read(fd, text.data() + got, text.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<size_t>(n);
        }
        text.resize(got);
        ::close(fd);
        r.text = std::move(text);
        return r;
    }

    std::optional<FileStat> stat(const std::string& path) const override {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return std::nullopt;
        FileStat fs;
        fs.type = S_ISREG(st.st_mode)   ? FileStat::Type::regular
                  : S_ISDIR(st.st_mode) ? FileStat::Type::directory
                                        : FileStat::Type::other;
        fs.mode = st.st_mode & 07777;
        fs.uid = st.st_uid;
        fs.gid = st.st_gid;
        fs.size = static_cast<std::uint64_t>(st.st_size);
        return fs;
    }

    std::optional<std::string> read_link(const std::string& path) const override {
        char buf[4096];
        ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
        if (n < 0 || n == static_cast<ssize_t>(sizeof buf)) return std::nullopt;
        return std::string(buf, static_cast<size_t>(n));
    }

    std::optional<std::vector<std::string>> list(const std::string& dir) const override {
        DIR* d = ::opendir(dir.c_str());
        if (!d) return std::nullopt;
        std::vector<std::string> names;
        while (struct dirent* e = ::readdir(d)) {
            std::string_view n = e->d_name;
            if (n == "." || n == "..") continue;
            names.emplace_back(n);
        }
        ::closedir(d);
        return names;
    }
};

}  // namespace

std::unique_ptr<FileSystem> make_real_file_system() { return std::make_unique<RealFileSystem>(); }

}  // namespace lifeline::sys
