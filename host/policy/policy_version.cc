// Hashing the plugin folder and the settings file.
#include "policy/policy_version.h"

#include <Poco/SHA2Engine.h>

#include <fstream>
#include <sstream>

#include "policy/plugin_run.h"

namespace oversight {

Result<std::string> PolicyVersion(const PolicyRunOptions& options) {
  auto plugins = ListPlugins(options.plugins_dir);
  if (!plugins.ok()) return plugins.status();
  std::vector<std::string> files = *plugins;
  files.push_back(options.settings_path);
  if (!options.calendar_path.empty()) files.push_back(options.calendar_path);
  Poco::SHA2Engine sha;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Error("cannot read " + path);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string name = path.substr(path.rfind('/') + 1);
    sha.update(name + "\n" + std::to_string(bytes.str().size()) + "\n" + bytes.str());
  }
  return Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 12);
}

}  // namespace oversight
