// The second translation unit of the escaping program.
#include "config.hpp"  // alone: the header needs nothing before it

std::string_view quote_from_other_unit() { return app::escaping::dev::config.quote; }
