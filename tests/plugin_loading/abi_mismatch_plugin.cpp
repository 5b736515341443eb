// A plugin module built for a different plugin ABI: the loader must refuse it before calling
// lifeline_plugin_create (which would hand the core an object of an unknown layout).
#include <cstdlib>

#include "lifeline/plugin.hpp"

extern "C" __attribute__((visibility("default"))) int lifeline_plugin_abi() {
    return lifeline::k_plugin_abi_version + 1;
}

extern "C" __attribute__((visibility("default"))) lifeline::Plugin* lifeline_plugin_create() {
    // Reaching this means the loader ignored the ABI version: fail loudly.
    std::abort();
}
