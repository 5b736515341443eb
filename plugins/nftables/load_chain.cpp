// Chains and sets while loading: creation, merging into existing objects, and the checks of
// nft's chain_evaluate and the kernel (hook per family, priority names, device, policy only on
// base chains, no change of a base chain's hook or priority).
#include "load_impl.hpp"
#include "values.hpp"

namespace lifeline::nft::detail {
namespace {

bool family_has_hook(nf::Family family, std::string_view hook) {
    switch (family) {
        case nf::Family::ip:
        case nf::Family::ip6:
        case nf::Family::bridge:
            return hook == "prerouting" || hook == "input" || hook == "forward" ||
                   hook == "output" || hook == "postrouting";
        case nf::Family::inet:
            return hook == "prerouting" || hook == "input" || hook == "forward" ||
                   hook == "output" || hook == "postrouting" || hook == "ingress";
        case nf::Family::arp:
            return hook == "input" || hook == "output" || hook == "forward";
        case nf::Family::netdev:
            return hook == "ingress" || hook == "egress";
    }
    return false;
}

const char* family_name(nf::Family f) {
    switch (f) {
        case nf::Family::ip:
            return "ip";
        case nf::Family::ip6:
            return "ip6";
        case nf::Family::inet:
            return "inet";
        case nf::Family::arp:
            return "arp";
        case nf::Family::bridge:
            return "bridge";
        case nf::Family::netdev:
            return "netdev";
    }
    return "?";
}

bool same_hook(const HookSpec& a, int a_prio, const HookSpec& b, int b_prio) {
    return a.type == b.type && a.hook == b.hook && a_prio == b_prio && a.devices == b.devices;
}

void flatten(const Value& v, std::vector<const Value*>& out) {
    if (v.kind == Value::Kind::set) {
        for (const Value& item : v.items) flatten(item, out);
        return;
    }
    out.push_back(&v);
}

}  // namespace

bool Loader::check_hook(const LiveTable& t, const ChainDecl& decl, int& priority) {
    const HookSpec& h = *decl.hook;
    if (!family_has_hook(t.family, h.hook)) {
        error(h.hook_loc,
              std::string("The ") + family_name(t.family) + " family does not support this hook");
        return false;
    }
    if (h.priority_name.empty()) {
        priority = h.priority_offset;
    } else {
        auto base = named_priority(h.priority_name, t.family, h.hook);
        if (!base) {
            error(h.priority_loc, "invalid priority expression value in this context.");
            return false;
        }
        priority = *base + h.priority_offset;
    }
    bool needs_device =
        t.family == nf::Family::netdev || (t.family == nf::Family::inet && h.hook == "ingress");
    if (needs_device && h.devices.empty()) {
        error(h.loc, "Missing `device' in this chain definition");
        return false;
    }
    if (!needs_device && !h.devices.empty()) {
        error(h.loc, "This chain type cannot be bound to device");
        return false;
    }
    return true;
}

void Loader::add_chain(LiveTable& t, const ChainDecl& decl) {
    LiveChain* existing = t.chain(decl.name);
    int priority = 0;
    if (decl.hook && !check_hook(t, decl, priority)) return;
    if (!existing) {
        auto chain = std::make_unique<LiveChain>();
        chain->name = decl.name;
        chain->loc = decl.loc;
        chain->hook = decl.hook;
        chain->priority = priority;
        existing = chain.get();
        t.chain_index[decl.name] = t.chains.size();
        t.chains.push_back(std::move(chain));
    } else if (decl.hook) {
        if (!existing->hook ||
            !same_hook(*existing->hook, existing->priority, *decl.hook, priority)) {
            std::string was = existing->hook ? "a base chain at " + existing->hook->hook +
                                                   " priority " + std::to_string(existing->priority)
                                             : "a regular chain";
            error(decl.loc, "Could not process rule: Operation not supported", k_hook_change_id,
                  k_hook_change_slug,
                  "chain '" + decl.name + "' already exists as " + was +
                      "; the kernel refuses to change a chain's type, hook or priority");
            return;
        }
    }
    if (decl.policy) {
        if (!existing->hook) {
            error(decl.policy_loc, "Could not process rule: Operation not supported", "NFT001",
                  "ruleset-load-error", "a policy is only valid on a base chain");
            return;
        }
        existing->policy = *decl.policy;
        existing->policy_loc = decl.policy_loc;
    }
}

void Loader::add_set(LiveTable& t, const SetDecl& decl, bool create) {
    LiveSet* s = t.set(decl.name);
    if (s && create) {
        error(decl.loc, "Could not process rule: File exists");
        return;
    }
    if (!s) {
        auto set = std::make_unique<LiveSet>();
        set->name = decl.name;
        set->loc = decl.loc;
        set->is_map = decl.is_map;
        set->key_types = decl.key_types;
        set->data_type = decl.data_type;
        set->flags = decl.flags;
        s = set.get();
        t.set_index[decl.name] = t.sets.size();
        t.sets.push_back(std::move(set));
    }
    if (decl.elements) add_elements(*s, *decl.elements);
}

void Loader::add_elements(LiveSet& s, const Value& elements) {
    std::vector<const Value*> flat;
    flatten(elements, flat);
    for (const Value* v : flat) {
        const Value& key = v->kind == Value::Kind::mapping ? v->items[0] : *v;
        std::vector<const Value*> parts;
        if (key.kind == Value::Kind::concat) {
            for (const Value& p : key.items) parts.push_back(&p);
        } else {
            parts.push_back(&key);
        }
        for (size_t i = 0; i < parts.size(); ++i) {
            const Value& part = *parts[i];
            bool prefix = part.kind == Value::Kind::prefix;
            if ((prefix || part.kind == Value::Kind::range) && !(s.flags & k_set_interval)) {
                error(part.loc,
                      std::string("You must add 'flags interval' to your set declaration if you "
                                  "want to add ") +
                          (prefix ? "prefix" : "range") + " elements",
                      k_set_interval_id, k_set_interval_slug,
                      "add `flags interval;` to set '" + s.name + "'");
                return;
            }
            if (i < s.key_types.size() && is_modelled_datatype(s.key_types[i])) {
                Atoms atoms;
                if (auto e = convert(part, s.key_types[i], atoms)) {
                    error(e->loc, e->message);
                    return;
                }
            }
        }
        s.elements.push_back(v);
    }
}

void Loader::remove_elements(LiveSet& s, const Value& elements) {
    std::vector<const Value*> flat;
    flatten(elements, flat);
    for (const Value* gone : flat) {
        std::string text = gone->text + std::to_string(gone->number);
        for (auto it = s.elements.begin(); it != s.elements.end(); ++it) {
            if ((*it)->kind == gone->kind && (*it)->text + std::to_string((*it)->number) == text) {
                s.elements.erase(it);
                break;
            }
        }
    }
}

}  // namespace lifeline::nft::detail
