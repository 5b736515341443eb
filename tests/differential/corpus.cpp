#include "corpus.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace lifeline::differential {

const char* const k_default_passwd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "sshd:x:102:65534::/run/sshd:/usr/sbin/nologin\n"
    "alice:x:1001:1001:Alice:/home/alice:/bin/bash\n"
    "bob:x:1002:1002:Bob:/home/bob:/bin/bash\n"
    "carol:x:1003:1003:Carol:/home/carol:/bin/sh\n"
    "deploy:x:1004:1004:Deploy:/srv/deploy:/bin/sh\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

const char* const k_default_group =
    "root:x:0:\n"
    "daemon:x:1:\n"
    "wheel:x:10:bob\n"
    "sudo:x:27:alice\n"
    "staff:x:50:alice,carol\n"
    "alice:x:1001:\n"
    "bob:x:1002:\n"
    "carol:x:1003:\n"
    "deploy:x:1004:\n"
    "sftponly:x:2000:deploy\n"
    "nogroup:x:65534:\n";

namespace {

/// Files of a case directory that describe the case instead of belonging to the host tree.
const std::vector<std::string> k_meta_files = {"connections", "expect", "no-host-keys",
                                               "README.md"};

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error(p.string() + ": cannot read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error(p.string() + ": cannot write");
}

Case load_case(const fs::path& dir) {
    Case c;
    c.name = dir.filename().string();
    c.source_dir = dir;
    c.specs.push_back("");
    if (fs::exists(dir / "connections")) {
        for (auto& s : parse_connections(read_file(dir / "connections"))) c.specs.push_back(s);
    }
    if (fs::exists(dir / "expect")) {
        try {
            c.expectations = parse_expectations(read_file(dir / "expect"));
        } catch (const std::exception& e) {
            throw std::runtime_error((dir / "expect").string() + ":" + e.what());
        }
    }
    c.host_keys = !fs::exists(dir / "no-host-keys");
    return c;
}

void copy_host_keys(const fs::path& from, const fs::path& ssh_dir) {
    fs::create_directories(ssh_dir);
    for (const auto& entry : fs::directory_iterator(from)) {
        fs::path to = ssh_dir / entry.path().filename();
        if (fs::exists(to)) continue;  // a case may bring its own key under that name
        fs::copy_file(entry.path(), to);
        bool is_private = entry.path().extension() != ".pub";
        fs::permissions(to, is_private ? fs::perms::owner_read | fs::perms::owner_write
                                       : fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read);
    }
}

}  // namespace

std::vector<std::string> parse_connections(const std::string& text) {
    std::vector<std::string> specs;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.pop_back();
        std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        specs.push_back(line.substr(first));
    }
    return specs;
}

std::vector<Case> load_hand_cases(const fs::path& cases_dir) {
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(cases_dir)) {
        if (entry.is_directory()) dirs.push_back(entry.path());
    }
    std::sort(dirs.begin(), dirs.end());
    std::vector<Case> cases;
    for (const auto& d : dirs) cases.push_back(load_case(d));
    return cases;
}

void materialize(const Case& c, const fs::path& root, const fs::path& host_key_dir) {
    fs::create_directories(root);
    if (c.generated) {
        for (const auto& [rel, content] : c.files) write_file(root / rel, content);
    } else {
        for (const auto& entry : fs::directory_iterator(c.source_dir)) {
            std::string name = entry.path().filename().string();
            if (std::find(k_meta_files.begin(), k_meta_files.end(), name) != k_meta_files.end())
                continue;
            fs::copy(entry.path(), root / name,
                     fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        }
    }
    fs::create_directories(root / "etc/ssh");
    if (c.host_keys) copy_host_keys(host_key_dir, root / "etc/ssh");
    if (!fs::exists(root / "etc/passwd")) write_file(root / "etc/passwd", k_default_passwd);
    if (!fs::exists(root / "etc/group")) write_file(root / "etc/group", k_default_group);
}

}  // namespace lifeline::differential
