#include "lifeline/plugin.hpp"

namespace {
class SshdPlugin final : public lifeline::Plugin {
public:
    const lifeline::PluginInfo& info() const override {
        static const lifeline::PluginInfo k_info{"sshd", "0.1.0", "OpenSSH sshd", {"sshd_config"}, {}};
        return k_info;
    }
    lifeline::LintStatus lint(const lifeline::LintRequest&, lifeline::DiagnosticSink&) override {
        return lifeline::LintStatus::absent;
    }
};
}  // namespace

LIFELINE_PLUGIN(SshdPlugin)
