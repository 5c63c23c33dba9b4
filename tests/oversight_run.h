// Runs the built `oversight` binary for a test: its exit status, stdout and stderr.
// Test code only (header-only, so that the tests' glob needs no new source).
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace oversight::test {

struct OversightRun {
  int status = -1;
  std::string out, err;
};

inline std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `oversight WORDS...` with `input` on stdin.
inline OversightRun RunOversight(const std::vector<std::string>& words, const std::string& input = "") {
  TempDir io;
  io.Write("in", input);
  pid_t pid = fork();
  if (pid == 0) {
    const int in = open(io.File("in").c_str(), O_RDONLY), out = creat(io.File("out").c_str(), 0600),
              err = creat(io.File("err").c_str(), 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(OVERSIGHT_BINARY)};
    for (const auto& w : words) argv.push_back(const_cast<char*>(w.c_str()));
    argv.push_back(nullptr);
    execv(OVERSIGHT_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, FileText(io.File("out")), FileText(io.File("err"))};
}

}  // namespace oversight::test
