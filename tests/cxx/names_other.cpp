// The second translation unit of the names program.
#include "config.hpp"  // alone: the header needs nothing before it

const app::names::Config& linux_from_other_unit() { return app::names::linux_::config; }
