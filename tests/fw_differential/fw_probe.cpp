/// fw_probe: the network end of the firewall differential suite (README.md).
///
///   fw_probe listen [--max-seconds N] PORT...    listen on v4+v6, accept and close; prints ready
///   fw_probe connect SRC DST PORT TIMEOUT_MS     prints connected, refused or timeout
///   fw_probe batch [--serial] TIMEOUT_MS         stdin lines `SRC DST PORT`; stdout lines
///                                                `RESULT DETAIL` in the same order
///   fw_probe layer JSON_FILE LAYER               one layer of `lifeline access --format json`
///
/// Exit: 0 done, 2 usage or a probe that could not run (bad address, bind failure).

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "layer_json.hpp"
#include "probe_net.hpp"

namespace {

constexpr int k_default_listen_seconds = 900;  // a forgotten listener still ends
constexpr int k_max_timeout_ms = 10000;

bool to_int(std::string_view s, int& value) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && ptr == s.data() + s.size();
}

int usage() {
    std::cerr << "usage: fw_probe listen [--max-seconds N] PORT...\n"
                 "       fw_probe connect SRC DST PORT TIMEOUT_MS\n"
                 "       fw_probe batch [--serial] TIMEOUT_MS < lines 'SRC DST PORT'\n"
                 "       fw_probe layer JSON_FILE LAYER\n";
    return 2;
}

bool valid_timeout(int ms) {
    return ms > 0 && ms <= k_max_timeout_ms;
}

int cmd_listen(const std::vector<std::string>& args) {
    int seconds = k_default_listen_seconds;
    std::vector<int> ports;
    for (size_t i = 0; i < args.size(); ++i) {
        int v = 0;
        if (args[i] == "--max-seconds" && i + 1 < args.size() && to_int(args[i + 1], v) && v > 0) {
            seconds = v;
            ++i;
        } else if (to_int(args[i], v) && v >= 1 && v <= 65535) {
            ports.push_back(v);
        } else {
            return usage();
        }
    }
    if (ports.empty()) return usage();
    return fwdiff::listen_on(ports, seconds);
}

int cmd_connect(const std::vector<std::string>& args) {
    int port = 0, ms = 0;
    if (args.size() != 4 || !to_int(args[2], port) || !to_int(args[3], ms) || !valid_timeout(ms))
        return usage();
    fwdiff::Probe probe;
    probe.source = args[0];
    probe.destination = args[1];
    probe.port = port;
    std::vector<fwdiff::Probe> probes{probe};
    fwdiff::run_probes(probes, ms, true);
    const auto& p = probes[0];
    if (p.result == fwdiff::ConnectResult::error) {
        std::cerr << "fw_probe: " << p.detail << '\n';
        return 2;
    }
    std::cout << fwdiff::to_string(p.result) << '\n';
    if (p.detail != "-") std::cerr << p.detail << '\n';
    return 0;
}

int cmd_batch(const std::vector<std::string>& args) {
    bool serial = false;
    int ms = 0;
    size_t i = 0;
    if (i < args.size() && args[i] == "--serial") serial = true, ++i;
    if (i + 1 != args.size() || !to_int(args[i], ms) || !valid_timeout(ms)) return usage();
    std::vector<fwdiff::Probe> probes;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        fwdiff::Probe p;
        if (!(in >> p.source >> p.destination >> p.port)) continue;
        probes.push_back(p);
    }
    fwdiff::run_probes(probes, ms, serial);
    for (const auto& p : probes)
        std::cout << fwdiff::to_string(p.result) << ' ' << p.detail << '\n';
    return 0;
}

int cmd_layer(const std::vector<std::string>& args) {
    if (args.size() != 2) return usage();
    std::ifstream in(args[0]);
    if (!in) {
        std::cerr << "fw_probe: cannot read " << args[0] << '\n';
        return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    return fwdiff::print_layer(text.str(), args[1], std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    std::string cmd = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    if (cmd == "listen") return cmd_listen(args);
    if (cmd == "connect") return cmd_connect(args);
    if (cmd == "batch") return cmd_batch(args);
    if (cmd == "layer") return cmd_layer(args);
    return usage();
}
