#pragma once
/// The sshd layer's answer to "can USER log in from ADDRESS?" (reference §1.6–§1.9).

#include "lifeline/access.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/host.hpp"

namespace lifeline::sshd {

/// Walks listener, Match evaluation, account checks, Allow/Deny lists, PermitRootLogin and the
/// authentication methods the user can complete, recording each deciding line in the trace.
/// `today` is the current day since 1970-01-01 (account and password aging in etc/shadow).
/// Returns nullopt when the host has no sshd configuration.
std::optional<LayerResult> sshd_access(const AccessQuery& query, Host& host,
                                       DiagnosticSink& errors, long today);

}  // namespace lifeline::sshd
