#pragma once
/// One host root of one repository state, read once and then asked about logins and
/// reachability: what `lifeline diff` compares between two states.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "address_set.hpp"
#include "app.hpp"
#include "lifeline/netfilter.hpp"
#include "lifeline/render.hpp"

namespace lifeline::cli {

/// Who can open a new connection to one of sshd's (family, port) listeners.
struct Reach {
    bool listening = false;
    nf::Packet packet;       ///< the new connection's first packet (source ignored)
    AddressSet accepted{4};  ///< sources whose connection is accepted all the way
    std::string unreadable;  ///< the family's firewall rules cannot be read: no answer
};

class HostView {
  public:
    /// Reads `root` through `fs` (its own sources: another state has the same paths) and
    /// collects the facts; `present` is false when the state has no such directory.
    HostView(App& app, const sys::FileSystem& fs, const std::string& root);
    HostView(const HostView&) = delete;
    HostView& operator=(const HostView&) = delete;

    bool present() const { return m_present; }
    const std::string& root() const { return m_host.root(); }
    const HostFacts& facts() const { return m_facts; }
    /// The `lifeline access` answer for one connection.
    AccessReport ask(const AccessQuery& query);
    /// Reachability of every (family, port) sshd listens on.
    std::map<std::pair<int, int>, Reach> reach() const;
    /// A repository-relative `file:line` for a host path of this root.
    std::string where(const std::string& file, int line) const;

  private:
    App& m_app;
    SourceManager m_sources;
    Host m_host;
    bool m_present;
    DiagnosticSink m_fact_errors;
    HostFacts m_facts;
};

/// The addresses of `intent`'s source network to ask about: one witness of every part the
/// firewall of `facts` treats differently (the documentation or first usable address of the
/// network when there is no firewall), for the intent's port or each of sshd's ports.
std::vector<net::IpAddress> probe_addresses(const HostFacts& facts, const AccessIntent& intent);

/// A one-line reason for an access verdict: the deciding layer, its reason and where it stands.
std::string explain(const AccessReport& report, const HostView& view);

}  // namespace lifeline::cli
