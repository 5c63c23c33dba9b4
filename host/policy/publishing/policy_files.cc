// Reading a policy set's files into memory and writing them out into a folder.
#include "policy/publishing/policy_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace oversight {

namespace {

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

Status MakeFolder(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return Status::Ok();
  return Status::Error("cannot make the folder " + dir + ": " + std::strerror(errno));
}

// Writes `path` through a temporary file renamed over it, so a reader never sees half.
Status WriteAtomically(const std::string& path, const std::string& content) {
  if (Exists(path) && ReadWholeFile(path) == content) return Status::Ok();
  static std::atomic<unsigned> written{0};  // one temporary name per writer, threads included
  const std::string temp = path + ".tmp" + std::to_string(getpid()) + "-" + std::to_string(written++);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) return Status::Error("cannot write " + temp);
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    unlink(temp.c_str());
    return Status::Error("cannot write " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<PolicyFile> ReadOne(const std::string& kind, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read " + path);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return PolicyFile{kind, BaseName(path), bytes.str()};
}

}  // namespace

const PolicyFile* PolicyFiles::Find(const std::string& kind, const std::string& name) const {
  for (const PolicyFile& f : files) {
    if (f.kind == kind && f.name == name) return &f;
  }
  return nullptr;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Result<PolicyFiles> ReadPolicyFiles(const PolicyRunOptions& run) {
  auto plugins = ListPlugins(run.plugins_dir);
  if (!plugins.ok()) return plugins.status();
  PolicyFiles out;
  std::vector<std::pair<std::string, std::string>> wanted;
  for (const std::string& p : *plugins) wanted.push_back({"plugin", p});
  wanted.push_back({"settings", run.settings_path});
  if (!run.calendar_path.empty() && Exists(run.calendar_path)) wanted.push_back({"calendar", run.calendar_path});
  for (const auto& [kind, path] : wanted) {
    auto file = ReadOne(kind, path);
    if (!file.ok()) return file.status();
    // Whatever a draft's file is called, a version's settings are config/policy.lua.
    if (kind == "settings") file->name = "policy.lua";
    if (kind == "calendar") file->name = "bank_holidays.lua";
    out.files.push_back(std::move(file.value()));
  }
  return out;
}

Status WritePolicyFiles(const PolicyFiles& files, const std::string& dir, PolicyRunOptions* run) {
  if (Status s = MakeFolder(dir); !s.ok()) return s;
  if (Status s = MakeFolder(dir + "/plugins"); !s.ok()) return s;
  run->plugins_dir = dir + "/plugins";
  run->calendar_path.clear();
  for (const PolicyFile& f : files.files) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name[0] == '.') {
      return Status::Error("a policy file has no safe name: '" + f.name + "'");
    }
    const std::string path = (f.kind == "plugin" ? run->plugins_dir : dir) + "/" + f.name;
    if (Status s = WriteAtomically(path, f.content); !s.ok()) return s;
    if (f.kind == "settings") run->settings_path = path;
    if (f.kind == "calendar") run->calendar_path = path;
  }
  // Only this set's plugins: a plugin left there from elsewhere would run too.
  if (auto present = ListPlugins(run->plugins_dir); present.ok()) {
    for (const std::string& p : *present) {
      if (!files.Find("plugin", BaseName(p)) && unlink(p.c_str()) != 0) {
        return Status::Error("cannot remove " + p + ": " + std::strerror(errno));
      }
    }
  }
  return Status::Ok();
}

}  // namespace oversight
