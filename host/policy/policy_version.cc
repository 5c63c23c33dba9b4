// Hashing the plugin folder and the settings file.
#include "policy/policy_version.h"

#include <Poco/SHA2Engine.h>

#include <fstream>
#include <sstream>

#include "policy/plugin_run.h"

namespace oversight {

Result<std::string> PolicyVersion(const std::string& plugins_dir, const std::string& settings_path) {
  auto plugins = ListPlugins(plugins_dir);
  if (!plugins.ok()) return plugins.status();
  std::vector<std::string> files = *plugins;
  files.push_back(settings_path);
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
