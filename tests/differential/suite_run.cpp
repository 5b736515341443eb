#include "suite_run.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <stdexcept>

#include "config_generator.hpp"
#include "rng.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;

namespace lifeline::differential {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

/// The first existing executable among `candidates`, else a PATH lookup of `name`.
std::string find_program(const std::string& name, const std::vector<std::string>& candidates) {
    for (const auto& c : candidates) {
        if (access(c.c_str(), X_OK) == 0) return c;
    }
    std::string path = env("PATH");
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find(':', start);
        std::string dir =
            path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string full = (dir.empty() ? "." : dir) + "/" + name;
        if (access(full.c_str(), X_OK) == 0) return full;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

/// Copies the machine's host keys (or freshly generated ones) into `dir`.
void prepare_host_keys(const fs::path& dir, const fs::path& work) {
    fs::create_directories(dir);
    int copied = 0;
    if (fs::exists("/etc/ssh")) {
        for (const auto& e : fs::directory_iterator("/etc/ssh")) {
            std::string n = e.path().filename().string();
            if (n.rfind("ssh_host_", 0) == 0 && n.find("_key") != std::string::npos) {
                fs::copy_file(e.path(), dir / n);
                ++copied;
            }
        }
    }
    if (copied > 0) return;
    // No host keys on this machine: generate a set (ssh-keygen -A writes DIR/etc/ssh/...).
    fs::path gen = work / "keygen";
    fs::create_directories(gen / "etc/ssh");
    auto r = test::run_command({"ssh-keygen", "-A", "-f", gen.string()}, std::chrono::seconds(60));
    if (r.exit_code != 0) throw std::runtime_error("ssh-keygen -A failed: " + r.err);
    for (const auto& e : fs::directory_iterator(gen / "etc/ssh")) {
        fs::copy_file(e.path(), dir / e.path().filename());
    }
}

std::vector<Case> build_corpus(const Settings& s) {
    std::vector<Case> all = load_hand_cases(SSHD_DIFF_CASES_DIR);
    for (int i = 0; i < s.generated; ++i) {
        all.push_back(generate_case(derive_seed(s.seed, static_cast<std::uint64_t>(i)), i));
    }
    if (s.filter.empty()) return all;
    std::regex re(s.filter);
    std::vector<Case> kept;
    for (auto& c : all) {
        if (std::regex_search(c.name, re)) kept.push_back(std::move(c));
    }
    return kept;
}

/// Removes the work directory at exit unless asked to keep it.
struct WorkDirGuard {
    fs::path path;
    bool keep = false;
    ~WorkDirGuard() {
        std::error_code ec;
        if (!path.empty() && !keep) fs::remove_all(path, ec);
    }
};

void run_everything(SuiteRun& run, WorkDirGuard& guard) {
    const Settings& s = run.settings;
    std::string sshd = find_program("sshd", {"/usr/sbin/sshd", "/usr/local/sbin/sshd"});
    std::string unshare = find_program("unshare", {"/usr/bin/unshare", "/bin/unshare"});
    std::string missing;
    if (geteuid() != 0)
        missing = "not running as root (needed for unshare --mount and sshd -T)";
    else if (sshd.empty())
        missing = "sshd not found (install openssh-server)";
    else if (unshare.empty())
        missing = "unshare not found (install util-linux)";
    if (!missing.empty()) {
        if (s.required)
            run.setup_error = "prerequisite missing in CI: " + missing;
        else
            run.skip_reason = missing;
        return;
    }
    if (access(s.subject.c_str(), X_OK) != 0) {
        run.setup_error = "the command under test is not executable: " + s.subject;
        return;
    }
    auto start = std::chrono::steady_clock::now();
    std::string tmp = env("TMPDIR").empty() ? "/tmp" : env("TMPDIR");
    std::string templ = tmp + "/lifeline-sshd-diff-XXXXXX";
    if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed in " + tmp);
    run.work_dir = templ;
    guard.path = run.work_dir;
    guard.keep = s.keep;
    prepare_host_keys(run.work_dir / "hostkeys", run.work_dir);
    run.cases = build_corpus(s);
    // A tree's etc/services or etc/hosts is bind-mounted over the host's file, which therefore
    // has to exist; the host is never modified, so such a case is dropped (with a note) instead.
    std::erase_if(run.cases, [&](const Case& c) {
        for (const char* f : {"services", "hosts"}) {
            if (!c.generated && fs::exists(c.source_dir / "etc" / f) &&
                !fs::exists(fs::path("/etc") / f)) {
                run.notes.push_back(c.name + ": dropped, this machine has no /etc/" + f +
                                    " to bind-mount the case's file over");
                return true;
            }
        }
        return false;
    });
    for (std::size_t i = 0; i < run.cases.size(); ++i) {
        const Case& c = run.cases[i];
        fs::path tree = run.work_dir / "trees" / c.name;
        materialize(c, tree, run.work_dir / "hostkeys");
        for (const auto& spec : c.specs) {
            run.jobs.push_back(Job{tree, spec});
            run.job_case.push_back(i);
        }
    }
    run.setup_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BatchConfig config;
    config.work_dir = run.work_dir;
    config.sshd = sshd;
    config.unshare = unshare;
    config.subject = s.subject;
    config.shards = s.shards;
    run.results = run_batches(config, run.jobs);
}

}  // namespace

Settings read_settings(const std::string& default_subject) {
    Settings s;
    if (!env("LIFELINE_SSHD_DIFF_SEED").empty())
        s.seed = std::stoull(env("LIFELINE_SSHD_DIFF_SEED"), nullptr, 0);
    if (!env("LIFELINE_SSHD_DIFF_COUNT").empty())
        s.generated = std::stoi(env("LIFELINE_SSHD_DIFF_COUNT"));
    s.filter = env("LIFELINE_SSHD_DIFF_FILTER");
    s.keep = !env("LIFELINE_SSHD_DIFF_KEEP").empty() && env("LIFELINE_SSHD_DIFF_KEEP") != "0";
    s.subject = env("LIFELINE_SSHD_DIFF_SUBJECT").empty() ? default_subject
                                                          : env("LIFELINE_SSHD_DIFF_SUBJECT");
    if (!env("LIFELINE_SSHD_DIFF_JOBS").empty())
        s.shards = std::max(1, std::stoi(env("LIFELINE_SSHD_DIFF_JOBS")));
    if (!env("LIFELINE_SSHD_DIFF_REPORT").empty()) s.report = env("LIFELINE_SSHD_DIFF_REPORT");
    s.required = !env("CI").empty() || !env("LIFELINE_SSHD_DIFF_REQUIRED").empty();
    return s;
}

const SuiteRun& suite_run() {
    static WorkDirGuard guard;
    static SuiteRun run = [] {
        SuiteRun r;
        r.settings = read_settings(test::lifeline_bin());
        try {
            run_everything(r, guard);
        } catch (const std::exception& e) {
            r.setup_error = e.what();
        }
        return r;
    }();
    return run;
}

std::size_t count_cases(const SuiteRun& run, bool generated) {
    std::size_t n = 0;
    for (const auto& c : run.cases) n += c.generated == generated ? 1 : 0;
    return n;
}

}  // namespace lifeline::differential
