#include "batch.hpp"

#include <boost/filesystem/path.hpp>
#include <boost/process.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace lifeline::differential {
namespace {

/// Files of a tree's etc/ that are bind-mounted over the host's when the tree has them.
constexpr const char* k_etc_files = "passwd group services hosts";

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_script(const fs::path& p, const std::string& body) {
    std::ofstream out(p);
    out << body;
    if (!out) throw std::runtime_error(p.string() + ": cannot write");
}

std::string timeout_prefix(const BatchConfig& c) {
    // --foreground keeps the command in the batch's process group, so the group kill on the
    // overall timeout reaches it too.
    return "timeout --foreground -k 2 " + std::to_string(c.per_command_timeout_s) + " ";
}

/// The script of one sshd shard; runs inside its own private mount namespace.
std::string sshd_script(const BatchConfig& c, const std::vector<Job>& jobs,
                        const std::vector<std::size_t>& mine, const fs::path& results) {
    std::ostringstream s;
    s << "#!/bin/sh\n# sshd differential batch: runs inside `unshare --mount`\n"
      << "m() {\n  mount --bind \"$1/etc/ssh\" /etc/ssh || return 1\n"
      << "  for f in " << k_etc_files << "; do\n"
      << "    if [ -e \"$1/etc/$f\" ]; then mount --bind \"$1/etc/$f\" \"/etc/$f\" || return 1; "
         "fi\n"
      << "  done\n}\n"
      << "u() {\n  for f in " << k_etc_files << "; do\n"
      << "    if [ -e \"$1/etc/$f\" ]; then umount \"/etc/$f\"; fi\n  done\n"
      << "  umount /etc/ssh\n}\n"
      << "t() {\n  if [ -z \"$2\" ]; then " << timeout_prefix(c) << shell_quote(c.sshd)
      << " -T >\"$1.out\" 2>\"$1.err\"\n  else " << timeout_prefix(c) << shell_quote(c.sshd)
      << " -T -C \"$2\" >\"$1.out\" 2>\"$1.err\"\n  fi\n  echo $? >\"$1.rc\"\n}\n"
      << "cd /\n";
    // Jobs of one tree are consecutive: mount it once for all of them.
    std::size_t i = 0;
    while (i < mine.size()) {
        const fs::path& tree = jobs[mine[i]].tree;
        s << "if m " << shell_quote(tree.string()) << "; then\n";
        for (; i < mine.size() && jobs[mine[i]].tree == tree; ++i) {
            s << "  t " << shell_quote((results / ("s" + std::to_string(mine[i]))).string()) << ' '
              << shell_quote(jobs[mine[i]].spec) << '\n';
        }
        s << "else echo 'mount failed for " << tree.string() << "' >&2; fi\n"
          << "u " << shell_quote(tree.string()) << " 2>/dev/null\n";
    }
    return s.str();
}

/// The script of one shard of the command under test; runs in the host's namespace.
std::string subject_script(const BatchConfig& c, const std::vector<Job>& jobs,
                           const std::vector<std::size_t>& mine, const fs::path& results) {
    std::ostringstream s;
    std::string bin = shell_quote(c.subject);
    s << "#!/bin/sh\n# command under test: dump sshd --root TREE [-C SPEC]\n"
      << "l() {\n  if [ -z \"$3\" ]; then " << timeout_prefix(c) << bin
      << " dump sshd --root \"$2\" >\"$1.out\" 2>\"$1.err\"\n  else " << timeout_prefix(c) << bin
      << " dump sshd --root \"$2\" -C \"$3\" >\"$1.out\" 2>\"$1.err\"\n  fi\n"
      << "  echo $? >\"$1.rc\"\n}\ncd /\n";
    for (std::size_t idx : mine) {
        s << "l " << shell_quote((results / ("l" + std::to_string(idx))).string()) << ' '
          << shell_quote(jobs[idx].tree.string()) << ' ' << shell_quote(jobs[idx].spec) << '\n';
    }
    return s.str();
}

/// Splits jobs into shards, keeping the jobs of one tree together and the shards balanced.
std::vector<std::vector<std::size_t>> shard_jobs(const std::vector<Job>& jobs, int shards) {
    std::vector<std::vector<std::size_t>> out(static_cast<std::size_t>(shards));
    std::size_t i = 0;
    while (i < jobs.size()) {
        std::size_t smallest = 0;
        for (std::size_t k = 1; k < out.size(); ++k) {
            if (out[k].size() < out[smallest].size()) smallest = k;
        }
        const fs::path& tree = jobs[i].tree;
        for (; i < jobs.size() && jobs[i].tree == tree; ++i) out[smallest].push_back(i);
    }
    return out;
}

RunResult read_result(const fs::path& prefix) {
    RunResult r;
    fs::path rc = prefix.string() + ".rc";
    if (!fs::exists(rc)) return r;
    std::string code = read_all(rc);
    try {
        r.exit_code = std::stoi(code);
        r.present = true;
    } catch (const std::exception&) {
        return r;
    }
    r.out = read_all(prefix.string() + ".out");
    r.err = read_all(prefix.string() + ".err");
    return r;
}

/// Runs `sh script` in its own process group; kills the whole group after `timeout`.
bool run_group(const fs::path& script, const fs::path& log, std::chrono::seconds timeout) {
    bp::group group;
    bp::child child(bp::search_path("sh"), script.string(), bp::std_in.close(),
                    bp::std_out > boost::filesystem::path(log.string()), bp::std_err > bp::null,
                    group);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (child.running()) {
        if (std::chrono::steady_clock::now() > deadline) {
            group.terminate();
            child.wait();
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    child.wait();
    return true;
}

}  // namespace

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char ch : s) {
        if (ch == '\'')
            q += "'\\''";
        else
            q += ch;
    }
    return q + "'";
}

BatchResults run_batches(const BatchConfig& config, const std::vector<Job>& jobs) {
    fs::path scripts = config.work_dir / "scripts";
    fs::path results = config.work_dir / "results";
    fs::path logs = config.work_dir / "logs";
    for (const auto& d : {scripts, results, logs}) fs::create_directories(d);

    auto shards = shard_jobs(jobs, config.shards);
    std::ostringstream driver;
    driver << "#!/bin/sh\n# runs every batch at once and waits for all of them\n"
           << "export LC_ALL=C\nmkdir -p /run/sshd\ncd /\n";
    for (std::size_t k = 0; k < shards.size(); ++k) {
        std::string n = std::to_string(k);
        write_script(scripts / ("sshd-" + n + ".sh"),
                     sshd_script(config, jobs, shards[k], results));
        write_script(scripts / ("subject-" + n + ".sh"),
                     subject_script(config, jobs, shards[k], results));
        driver << shell_quote(config.unshare) << " --mount --propagation private /bin/sh "
               << shell_quote((scripts / ("sshd-" + n + ".sh")).string()) << " 2>"
               << shell_quote((logs / ("sshd-" + n + ".log")).string()) << " &\n"
               << "/bin/sh " << shell_quote((scripts / ("subject-" + n + ".sh")).string()) << " 2>"
               << shell_quote((logs / ("subject-" + n + ".log")).string()) << " &\n";
    }
    driver << "wait\n";
    write_script(scripts / "driver.sh", driver.str());

    BatchResults out;
    auto start = std::chrono::steady_clock::now();
    out.timed_out = !run_group(scripts / "driver.sh", logs / "driver.log", config.total_timeout);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto& entry : fs::directory_iterator(logs)) {
        std::string text = read_all(entry.path());
        if (!text.empty()) out.logs += entry.path().filename().string() + ":\n" + text;
    }
    out.sshd.reserve(jobs.size());
    out.subject.reserve(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        out.sshd.push_back(read_result(results / ("s" + std::to_string(i))));
        out.subject.push_back(read_result(results / ("l" + std::to_string(i))));
    }
    return out;
}

}  // namespace lifeline::differential
