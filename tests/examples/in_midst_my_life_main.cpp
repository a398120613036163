// The C++ header of examples/in-midst-my-life (tests/examples/in-midst-my-life/
// include/in_midst_my_life/settings.hpp), used as a program would use it.
//
// At compile time: values of each env, as main.strata sets them.
// At run time, `in_midst_my_life_main ENV` loads ENV's settings with the
// process environment as overrides (example_test.sh runs it with that env's
// api.env loaded, so every variable is one the loader must accept and must
// read back as the compiled-in value), fails on any refused override, and
// prints a few settings as NAME=VALUE lines for the script to compare with
// what bash read from the .env file.
#include "in_midst_my_life/settings.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace s = in_midst_my_life::settings;

// dev: local debugging.
static_assert(s::dev::config.app.stage == s::Stage::development);
static_assert(s::dev::config.app.scheme == s::Scheme::http);
static_assert(s::dev::config.logging.level == s::LogLevel::debug);
static_assert(s::dev::config.storage.kind == s::StorageKind::local);
static_assert(s::dev::config.storage.local.has_value() && !s::dev::config.storage.s3.has_value());
static_assert(s::dev::config.integrations.linkedin.mock);
static_assert(s::dev::config.features.debug_endpoints);

// staging: pre-production, the real job boards.
static_assert(s::staging::config.app.stage == s::Stage::staging);
static_assert(s::staging::config.app.domain == "staging.in-midst-my-life.dev");
static_assert(s::staging::config.storage.s3.has_value());
static_assert(s::staging::config.storage.s3->bucket == "in-midst-my-life-staging-uploads");
static_assert(!s::staging::config.integrations.indeed.mock);

// prod: the platform's numbers and hardening.
static_assert(s::prod::config.app.stage == s::Stage::production);
static_assert(s::prod::config.app.api_url == "https://api.in-midst-my-life.dev");
static_assert(s::prod::config.server.port == 3001 && s::prod::config.server.metrics_port == 9090);
static_assert(s::prod::config.orchestrator.metrics_port == 9091 && s::prod::config.web.port == 3000);
static_assert(s::prod::config.database.pool.max_ == 50);
static_assert(s::prod::config.redis.cluster.enabled);
static_assert(s::prod::config.security.jwt.access_token_ttl == std::chrono::minutes(15));
static_assert(s::prod::config.security.jwt.signing_key.name == "api-secrets");
static_assert(s::prod::config.storage.s3->server_side_encryption == s::S3Encryption::aws_kms);
static_assert(!s::prod::config.features.debug_endpoints);
static_assert(&s::config(s::Environment::prod) == &s::prod::config);

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "in_midst_my_life_main: %s\n", what);
    ++failures;
  }
}

std::string text(std::string_view v) { return std::string(v); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: in_midst_my_life_main dev|staging|prod\n");
    return 2;
  }
  const std::optional<s::Environment> env = s::environment_from_string(argv[1]);
  if (!env) {
    std::fprintf(stderr, "in_midst_my_life_main: no env `%s`\n", argv[1]);
    return 2;
  }
  const s::LoadResult r = s::load(*env, std::getenv);
  for (const s::LoadError& e : r.errors)
    std::fprintf(stderr, "refused %s=%s: expected %s\n", e.name.c_str(), e.value.c_str(), e.rule.c_str());
  if (!r.ok()) return 1;

  // With the env's own .env loaded, every override is the compiled-in value.
  const s::Settings& built = s::config(*env);
  const s::Settings& got = r.config;
  expect(got.app.stage == built.app.stage, "app.stage differs from the compiled-in value");
  expect(got.app.web_url == built.app.web_url, "app.web_url differs from the compiled-in value");
  expect(got.server.port == built.server.port, "server.port differs from the compiled-in value");
  expect(got.database.pool.max_ == built.database.pool.max_, "database.pool.max differs from the compiled-in value");
  expect(got.database.statement_timeout == built.database.statement_timeout, "database.statement_timeout differs");
  expect(got.redis.key_prefix == built.redis.key_prefix, "redis.key_prefix differs from the compiled-in value");
  expect(got.security.cors.allowed_origins == built.security.cors.allowed_origins, "security.cors.allowed_origins differs");
  expect(got.logging.level == built.logging.level, "logging.level differs from the compiled-in value");
  expect(got.logging.sample_rate == built.logging.sample_rate, "logging.sample_rate differs from the compiled-in value");
  expect(got.storage.kind == built.storage.kind, "storage.kind differs from the compiled-in value");
  if (failures > 0) return 1;

  std::printf("APP_STAGE=%s\n", text(s::to_string(got.app.stage)).c_str());
  std::printf("APP_WEB_URL=%s\n", text(got.app.web_url).c_str());
  std::printf("SERVER_PORT=%u\n", static_cast<unsigned>(got.server.port));
  std::printf("DATABASE_POOL_MAX=%u\n", static_cast<unsigned>(got.database.pool.max_));
  std::printf("REDIS_KEY_PREFIX=%s\n", text(got.redis.key_prefix).c_str());
  std::printf("LOGGING_LEVEL=%s\n", text(s::to_string(got.logging.level)).c_str());
  std::printf("STORAGE_KIND=%s\n", text(s::to_string(got.storage.kind)).c_str());
  return 0;
}
