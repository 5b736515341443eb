#include "run_command.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>
#include <future>

namespace bp = boost::process;

namespace lifeline::test {

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::vector<std::pair<std::string, std::string>>& env) {
    CommandResult result;
    if (argv.empty()) return result;
    boost::asio::io_context io;
    std::future<std::string> out;
    std::future<std::string> err;
    std::string exe = argv[0];
    std::vector<std::string> args(argv.begin() + 1, argv.end());
    if (!env.empty()) {
        // Boost 1.74's environment lookup (operator[], find) compares "NAME=" against each entry
        // without checking its length and reads past shorter ones (an ASan heap-buffer-overflow),
        // so extra variables are set by env(1), which then executes the command in place.
        std::vector<std::string> env_args;
        for (const auto& [k, v] : env) env_args.push_back(k + "=" + v);
        env_args.push_back(exe);
        args.insert(args.begin(), env_args.begin(), env_args.end());
        exe = "/usr/bin/env";
    }
    if (exe.find('/') == std::string::npos) exe = bp::search_path(exe).string();
    bp::child child(exe, bp::args(args), bp::std_in.close(), bp::std_out > out,
                    bp::std_err > err, io);
    io.run_for(timeout);
    if (!io.stopped()) {
        result.timed_out = true;
        child.terminate();
        io.run_for(std::chrono::seconds(5));
    }
    child.wait();
    if (!result.timed_out) result.exit_code = child.exit_code();
    if (out.wait_for(std::chrono::seconds(0)) == std::future_status::ready) result.out = out.get();
    if (err.wait_for(std::chrono::seconds(0)) == std::future_status::ready) result.err = err.get();
    return result;
}

std::string lifeline_bin() { return LIFELINE_BIN; }
std::string source_dir() { return LIFELINE_SOURCE_DIR; }

}  // namespace lifeline::test
