// An import killed part-way (SIGKILL, as a power cut or an impatient operator would)
// leaves the store holding the previous extract, whole; the next import tidies up.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int64_t SizeOf(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

std::vector<std::string> Leftovers(const TempDir& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.path().c_str());
  while (dirent* e = readdir(d)) {
    if (std::string(e->d_name).find(".importing-") != std::string::npos) out.push_back(e->d_name);
  }
  closedir(d);
  return out;
}

}  // namespace

TEST_CASE("an import killed half-way leaves the previous extract whole", "[import][kill]") {
  TempDir dir;
  ImportReport first;
  Extract small = SmallCouncil();
  small["allocations.csv"] += "C1,CP,S1,key_worker,2024-01-01,\n";
  REQUIRE(ImportExtractText(dir, small, &first).ok());
  const std::string before = ReadAll(dir.File("store.db"));
  auto before_run = RunShipped(dir, "2024-03-01");
  REQUIRE(before_run.ok());
  const auto before_exceptions = Summaries(*before_run);

  // A large extract: enough supervision rows that the import takes a while.
  Extract big = SmallCouncil();
  std::string allocations = big["allocations.csv"], supervisions = big["supervisions.csv"];
  for (int c = 0; c < 2000; ++c) {
    allocations += "K" + std::to_string(c) + ",CIN,S" + std::to_string(1 + c % 2) + ",key_worker,2021-01-01,\n";
  }
  for (int i = 0; i < 600000; ++i) {
    supervisions += "X" + std::to_string(i) + ",S" + std::to_string(1 + i % 2) + ",M1,2023-0" +
                    std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + ",case,K" +
                    std::to_string(i % 2000) + ",\n";
  }
  big["allocations.csv"] = allocations;
  big["supervisions.csv"] = supervisions;
  const std::string folder = dir.File("big");
  REQUIRE(mkdir(folder.c_str(), 0700) == 0);
  for (const auto& [name, text] : big) dir.Write("big/" + name, text);

  pid_t pid = fork();
  if (pid == 0) {
    execl(OVERSIGHT_BINARY, OVERSIGHT_BINARY, "import", "--quiet", "--db",
          dir.File("store.db").c_str(), folder.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(pid > 0);
  // Kill it once the new snapshot is being written, well before it could finish.
  const std::string partial = dir.File("store.db.importing-" + std::to_string(pid));
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (SizeOf(partial) < 64 * 1024 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(SizeOf(partial) >= 64 * 1024);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));

  CHECK(ReadAll(dir.File("store.db")) == before);
  auto after_run = RunShipped(dir, "2024-03-01");
  REQUIRE(after_run.ok());
  CHECK(Summaries(*after_run) == before_exceptions);
  CHECK(Leftovers(dir).size() == 1);  // the killed import's half-written file

  // The next import removes what the killed one left and loads in full.
  ImportReport again;
  REQUIRE(ImportExtractText(dir, small, &again).ok());
  CHECK(Leftovers(dir).empty());
}
