// A shared module that is not a lifeline plugin: it exports no lifeline_plugin_abi entry point.
extern "C" __attribute__((visibility("default"))) int not_a_lifeline_plugin() { return 42; }
