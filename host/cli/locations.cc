// Finding the shipped plugins and configuration.
#include "cli/locations.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

namespace oversight {

namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string ProgramDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string path(buf, static_cast<size_t>(n));
  return path.substr(0, path.rfind('/'));
}

std::string Find(const std::string& relative) {
  const std::string dir = ProgramDir();
  for (const std::string& candidate :
       {dir + "/../" + relative, dir + "/../share/oversight/" + relative,
        std::string(OVERSIGHT_SOURCE_DIR) + "/" + relative}) {
    char resolved[PATH_MAX];
    if (Exists(candidate)) return realpath(candidate.c_str(), resolved) ? std::string(resolved) : candidate;
  }
  return std::string(OVERSIGHT_SOURCE_DIR) + "/" + relative;
}

}  // namespace

std::string ShippedPluginsDir() { return Find("plugins"); }
std::string ShippedSettingsFile() { return Find("config/policy.lua"); }
std::string ShippedConfigFile() { return Find("config/oversight.properties"); }
std::string ShippedCalendarFile() { return Find("config/bank_holidays.lua"); }
std::string ShippedSsdJobTitlesFile() { return Find("config/ssd_job_titles.csv"); }
std::string ShippedSsdInvolvementRolesFile() { return Find("config/ssd_involvement_roles.csv"); }
std::string ShippedStaticDir() { return Find("host/web/assets/node_modules/govuk-frontend/dist/govuk"); }

}  // namespace oversight
