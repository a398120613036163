// The second translation unit of the types program: the header included
// again, its values and loader used from here, linked with types_main.cpp.
#include "config.hpp"  // first: the header needs nothing before it

#include <map>
#include <string>

namespace cfg = app::config;

const cfg::Config& prod_from_other_unit() { return cfg::config(cfg::Environment::prod); }

const std::string_view* zones_from_other_unit() { return cfg::prod::config.zones.data(); }

cfg::LoadResult load_from_other_unit(const std::map<std::string, std::string>& vars) {
  return cfg::load(cfg::Environment::prod, [&vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}
