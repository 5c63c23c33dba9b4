// libFuzzer target for the whole extract validation. The input is one file of an
// otherwise good extract (council-a from tests/data/reference, each file cut to its first
// 200 lines so that a run is quick); its first byte chooses which file. It runs through
// ImportExtract, the code path of `oversight import`, into a store in a folder on tmpfs.
// Whatever the bytes: no crash, hang or leak; either the extract loads with no errors,
// or it is rejected with errors each one line of the form `file:line: column: reason`
// with no control characters; notices are as clean; no temporary file is left behind.
// Built and run by scripts/fuzz-extract; not part of the test suite.
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "extract/contract.h"
#include "extract/import_errors.h"
#include "store/import.h"

using namespace oversight;

namespace {

struct Bench {
  std::string dir, extract;
  std::vector<std::string> originals;  // by file index
  int changed = -1;
};

void WriteFile(const std::string& path, const char* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
}

Bench& TheBench() {
  static Bench* bench = [] {
    auto* b = new Bench;
    char tmpl[] = "/dev/shm/extract-fuzz-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    b->dir = tmpl;
    std::atexit([] { (void)std::system(("rm -rf '" + TheBench().dir + "'").c_str()); });
    b->extract = b->dir + "/extract";
    if (std::system(("mkdir -p '" + b->extract + "'").c_str()) != 0) std::abort();
    for (const FileSpec& spec : ExtractFiles()) {
      std::ifstream in(std::string(OVERSIGHT_REFERENCE) + "/" + spec.file, std::ios::binary);
      std::string text, line;
      for (int n = 0; n < 200 && std::getline(in, line); ++n) text += line + "\n";
      b->originals.push_back(text);
      WriteFile(b->extract + "/" + spec.file, text.data(), text.size());
    }
    return b;
  }();
  return *bench;
}

bool Clean(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  return ValidUtf8(s);
}

// `file:line: column: reason` or `file: reason` (the file as a whole), on one line.
bool WellFormed(const ImportError& e) {
  const std::string text = FormatImportError(e);
  const std::string& file = ExtractFiles()[e.file_index].file;
  if (text.compare(0, file.size(), file) != 0 || !Clean(text)) return false;
  size_t at = file.size();
  if (text.compare(at, 1, ":") != 0) return false;
  ++at;
  if (e.line > 0) {
    size_t digits = text.find_first_not_of("0123456789", at);
    if (digits == at || digits == std::string::npos || text[digits] != ':') return false;
    at = digits + 1;
  }
  if (text.compare(at, 1, " ") != 0 || at + 1 >= text.size()) return false;
  return e.line >= 0 && !e.reason.empty();
}

bool LeftTemporaryFile(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  bool found = false;
  while (dirent* e = readdir(d)) found |= std::string(e->d_name).find(".importing-") != std::string::npos;
  closedir(d);
  return found;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Bench& bench = TheBench();
  const int file = data[0] % static_cast<int>(ExtractFiles().size());
  if (bench.changed >= 0) {
    const std::string& text = bench.originals[bench.changed];
    WriteFile(bench.extract + "/" + ExtractFiles()[bench.changed].file, text.data(), text.size());
  }
  bench.changed = file;
  WriteFile(bench.extract + "/" + ExtractFiles()[file].file,
            reinterpret_cast<const char*>(data + 1), size - 1);

  ImportOptions options;
  options.db_path = bench.dir + "/store.db";
  options.extract_dir = bench.extract;
  ImportReport report;
  Status s = ImportExtract(options, &report);
  if (s.ok() != report.errors.empty()) std::abort();  // a failure that is not a rejection
  for (const ImportError& e : report.errors.Sorted()) {
    if (!WellFormed(e)) std::abort();
  }
  for (const std::string& n : report.notices) {
    if (!Clean(n)) std::abort();
  }
  if (LeftTemporaryFile(bench.dir)) std::abort();
  return 0;
}
