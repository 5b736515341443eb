// Composition of the host-side scripts: the variables are checked (nothing is quoted, so only
// characters the shell takes literally get in), and every action's script parses with dash.
#include "host_script.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace lifeline::gate {
namespace {

ScriptVars good() { return {"g-20261124-1", "/var/lib/lifeline", 120, "2001:db8::7"}; }

TEST(GateHostScript, VariablesAreChecked) {
    ScriptVars v = good();
    EXPECT_EQ(check_vars(v), "");
    v.id = "a;rm -rf /";
    EXPECT_EQ(check_vars(v), "gate ID 'a;rm -rf /' must be 1-64 letters, digits or '-'");
    v = good();
    v.base = "/var/lib/$(id)";
    EXPECT_EQ(check_vars(v), "state directory '/var/lib/$(id)' must be an absolute path of "
                             "letters, digits, '/', '.', '_' or '-'");
    v.base = "relative/dir";
    EXPECT_NE(check_vars(v), "");
    v.base = "/var/lib/../../etc";
    EXPECT_NE(check_vars(v), "");
    v = good();
    v.window_s = 0;
    EXPECT_EQ(check_vars(v), "window 0 s is outside 1-86400");
    v = good();
    v.operator_address = "10.0.0.1 x";
    EXPECT_EQ(check_vars(v), "operator address '10.0.0.1 x' is not an IP address");
    std::string err;
    EXPECT_FALSE(host_script(v, HostAction::preflight, err));
    EXPECT_EQ(err, "operator address '10.0.0.1 x' is not an IP address");
}

TEST(GateHostScript, VariablesComeFirstAndOneActionLast) {
    std::string err;
    auto s = host_script(good(), HostAction::disarm, err);
    ASSERT_TRUE(s) << err;
    EXPECT_EQ(s->rfind("LL_ID=g-20261124-1\nLL_BASE=/var/lib/lifeline\nLL_WINDOW=120\n"
                       "LL_OPERATOR=2001:db8::7\n",
                       0),
              0u);
    EXPECT_EQ(s->substr(s->size() - 10), "ll_disarm\n");
    auto arm = host_script(good(), HostAction::arm, err);
    ASSERT_TRUE(arm);
    // The library travels twice: once to run, once (here-document) to be stored on the host.
    EXPECT_NE(arm->find("ll_install_scripts <<'__LIFELINE_GATE_LIB__'\n"), std::string::npos);
    EXPECT_EQ(arm->substr(arm->size() - 30), "\n__LIFELINE_GATE_LIB__\nll_arm\n");
}

TEST(GateHostScript, EveryActionParsesWithDash) {
    for (HostAction a : {HostAction::preflight, HostAction::arm, HostAction::extend,
                         HostAction::disarm, HostAction::rollback}) {
        std::string err;
        auto s = host_script(good(), a, err);
        ASSERT_TRUE(s);
        char path[] = "/tmp/lifeline-host-script-XXXXXX";
        int fd = ::mkstemp(path);
        ASSERT_GE(fd, 0);
        ::close(fd);
        std::ofstream(path) << *s;
        int rc = std::system(("/bin/sh -n " + std::string(path)).c_str());
        std::remove(path);
        EXPECT_EQ(rc, 0) << "action " << static_cast<int>(a);
    }
}

}  // namespace
}  // namespace lifeline::gate
