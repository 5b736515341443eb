#pragma once
/// The fail2ban layer of `lifeline access`: can an enabled jail ban the client from sshd's port?

#include "fail2ban/model.hpp"
#include "lifeline/access.hpp"
#include "lifeline/facts.hpp"

namespace lifeline::f2b {

/// `ignored` when every jail that can ban on the port ignores the client, `bannable` (at risk)
/// when one can, `not-applicable` when no enabled jail bans that port; unknown when
/// fail2ban-client would refuse the configuration.
LayerResult fail2ban_access(const AccessQuery& query, const Fail2banModel& model,
                            const HostFacts& facts, const Host& host);

}  // namespace lifeline::f2b
