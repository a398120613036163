// Reads the settings of the env named by APP_ENV, with overrides from the
// process's environment, as a service of in-midst-my-life would at start.
#include <cstdlib>
#include <iostream>

#include "in_midst_my_life/settings.hpp"

namespace settings = in_midst_my_life::settings;

// The values of each env are constants, checked when the program is compiled.
static_assert(settings::prod::config.database.pool.max_ == 50);

int main() {
  const char* name = std::getenv("APP_ENV");
  std::optional<settings::Environment> env = settings::environment_from_string(name ? name : "");
  if (!env) {
    std::cerr << "APP_ENV must be dev, staging or prod\n";
    return 2;
  }
  settings::LoadResult loaded = settings::load(*env, [](const char* var) { return std::getenv(var); });
  for (const settings::LoadError& e : loaded.errors)
    std::cerr << e.name << "='" << e.value << "' refused: " << e.rule << "\n";
  if (!loaded.ok()) return 1;
  const settings::Settings& s = loaded.config;
  std::cout << s.domain << ": log level " << to_string(s.log_level) << ", database pool "
            << int(s.database.pool.min_) << ".." << int(s.database.pool.max_) << "\n";
  return 0;
}
