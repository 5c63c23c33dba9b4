// Making, filling and removing a private temporary folder.
#include "policy/publishing/draft_folder.h"

#include <ftw.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

namespace oversight {

namespace {

int RemoveOne(const char* path, const struct stat*, int, struct FTW*) { return remove(path); }

void Replace(std::string* text, const std::string& from, const std::string& to) {
  for (size_t at = text->find(from); !from.empty() && at != std::string::npos; at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

}  // namespace

DraftFolder::DraftFolder() {
  char path[] = "/tmp/oversight-draft-XXXXXX";
  if (mkdtemp(path)) dir_ = path;
}

DraftFolder::~DraftFolder() {
  if (!dir_.empty()) nftw(dir_.c_str(), RemoveOne, 8, FTW_DEPTH | FTW_PHYS);
}

std::string DraftFolder::Write(const std::string& name, const std::string& text) {
  const std::string path = dir_ + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return out.flush() ? path : "";
}

Status DraftFolder::Hold(const PolicyFiles& files, PolicyRunOptions* run) {
  if (!ok()) return Status::Error("no temporary folder for the draft");
  return WritePolicyFiles(files, dir_, run);
}

std::string DraftFolder::Plain(std::string finding) const {
  const std::string folder = dir_.substr(dir_.rfind('/') + 1);
  Replace(&finding, dir_ + "/plugins/", "plugins/");
  Replace(&finding, dir_ + "/", "config/");
  Replace(&finding, folder + "/plugins/", "plugins/");  // as a plugin's short name shows it
  return finding;
}

}  // namespace oversight
