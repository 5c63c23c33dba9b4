// DraftFolder: a private temporary folder (mode 0700) holding a draft's or a version's
// files while they are checked or run; removed with everything in it when it goes out
// of scope. What-if drafts live only here: they are never versions.
#pragma once

#include <string>

#include "policy/publishing/policy_files.h"

namespace oversight {

class DraftFolder {
 public:
  DraftFolder();
  ~DraftFolder();
  DraftFolder(const DraftFolder&) = delete;
  DraftFolder& operator=(const DraftFolder&) = delete;

  bool ok() const { return !dir_.empty(); }
  const std::string& dir() const { return dir_; }
  // Writes NAME in the folder; its path, or empty when it could not be written.
  std::string Write(const std::string& name, const std::string& text);
  // Writes a policy set here (policy_files.h) and points `run` at it.
  Status Hold(const PolicyFiles& files, PolicyRunOptions* run);
  // A finding about files here in the words people use: "plugins/x.lua", "config/policy.lua".
  std::string Plain(std::string finding) const;

 private:
  std::string dir_;
};

}  // namespace oversight
