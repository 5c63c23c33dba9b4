// The plugin process's arguments and its main.
#include "policy/plugin_process.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "policy/outcome_wire.h"
#include "policy/plugin_confinement.h"
#include "store/sqlite.h"

namespace oversight {

std::vector<std::string> PluginProcessArgs(const PolicyRunOptions& o, const std::string& plugin_path) {
  char seconds[64], cpu_seconds[64];
  std::snprintf(seconds, sizeof seconds, "%.17g", o.budget.seconds);
  std::snprintf(cpu_seconds, sizeof cpu_seconds, "%.17g", o.budget.cpu_seconds);
  return {kPluginProcessCommand,
          "--plugin=" + plugin_path,
          "--snapshot=" + o.snapshot_path,
          "--settings=" + o.settings_path,
          "--calendar=" + o.calendar_path,
          "--as-of=" + std::to_string(o.as_of),
          "--instructions=" + std::to_string(o.budget.instructions),
          "--memory=" + std::to_string(o.budget.memory_bytes),
          "--seconds=" + std::string(seconds),
          "--cpu-seconds=" + std::string(cpu_seconds),
          "--host-pid=" + std::to_string(getpid()),
          "--snapshot-id=" + o.snapshot_id,
          std::string("--force-enable=") + (o.force_enable ? "1" : "0"),
          std::string("--validate-settings=") + (o.validate_settings ? "1" : "0")};
}

namespace {

void WriteAll(const std::string& bytes) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = write(STDOUT_FILENO, p, left);
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

int Fail(const std::string& plugin, const std::string& why) {
  PluginOutcome o;
  o.path = plugin;
  o.state = PluginOutcome::State::kFailed;
  o.reason = why;
  WriteAll(EncodeOutcome(o));
  return 0;
}

}  // namespace

int RunPluginProcess(int argc, char** argv) {
  std::map<std::string, std::string> a;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) return Fail("", "plugin-process: bad argument " + arg);
    a[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
  }
  for (const char* key : {"plugin", "snapshot", "settings", "calendar", "as-of", "instructions", "memory", "seconds",
                          "cpu-seconds", "host-pid", "snapshot-id", "force-enable", "validate-settings"}) {
    if (!a.count(key)) return Fail(a["plugin"], std::string("plugin-process: --") + key + " is missing");
  }
  PolicyRunOptions o;
  o.snapshot_path = a["snapshot"];
  o.settings_path = a["settings"];
  o.calendar_path = a["calendar"];
  o.as_of = static_cast<Day>(std::strtol(a["as-of"].c_str(), nullptr, 10));
  o.budget.instructions = std::strtoll(a["instructions"].c_str(), nullptr, 10);
  o.budget.memory_bytes = static_cast<size_t>(std::strtoull(a["memory"].c_str(), nullptr, 10));
  o.budget.seconds = std::strtod(a["seconds"].c_str(), nullptr);
  o.budget.cpu_seconds = std::strtod(a["cpu-seconds"].c_str(), nullptr);
  ConfinePluginProcess(o.budget, static_cast<pid_t>(std::strtol(a["host-pid"].c_str(), nullptr, 10)));
  o.snapshot_id = a["snapshot-id"];
  o.force_enable = a["force-enable"] == "1";
  o.validate_settings = a["validate-settings"] == "1";
  // The organisation, as the host read it: the same snapshot (RunPluginHere checks its id).
  Organisation org;
  if (!o.validate_settings) {
    auto db = Database::Open(o.snapshot_path, Database::Mode::kReadOnly);
    if (!db.ok()) return Fail(a["plugin"], db.status().message());
    auto loaded = Organisation::Load(&*db);
    if (!loaded.ok()) return Fail(a["plugin"], loaded.status().message());
    org = std::move(loaded.value());
  }
  WriteAll(EncodeOutcome(RunPluginHere(org, o, a["plugin"])));
  return 0;
}

}  // namespace oversight
