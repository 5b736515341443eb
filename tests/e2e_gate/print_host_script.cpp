// Prints the host-side script lifeline composes (gate/host_script.hpp), so the host-scripts
// test runs exactly what the gate sends: print_host_script ID BASE WINDOW OPERATOR ACTION.
#include <iostream>
#include <map>
#include <string>

#include "host_script.hpp"

int main(int argc, char** argv) {
    using lifeline::gate::HostAction;
    if (argc != 6) {
        std::cerr << "usage: print_host_script ID BASE WINDOW OPERATOR ACTION\n";
        return 2;
    }
    const std::map<std::string, HostAction> actions{
        {"preflight", HostAction::preflight}, {"arm", HostAction::arm},
        {"extend", HostAction::extend},       {"disarm", HostAction::disarm},
        {"rollback", HostAction::rollback}};
    auto it = actions.find(argv[5]);
    if (it == actions.end()) {
        std::cerr << "unknown action " << argv[5] << '\n';
        return 2;
    }
    lifeline::gate::ScriptVars v{argv[1], argv[2], std::stoi(argv[3]), argv[4]};
    std::string error;
    auto script = lifeline::gate::host_script(v, it->second, error);
    if (!script) {
        std::cerr << error << '\n';
        return 2;
    }
    std::cout << *script;
    return 0;
}
