// `oversight import --from ssd` on the command line: the shipped mapping tables are found,
// a wrong --from is misuse, and an SSD import killed half-way leaves the previous extract
// whole, as the native import does.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "ssd_council.h"

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

std::string WriteFolder(const TempDir& dir, const std::string& name, const Extract& x) {
  REQUIRE(mkdir(dir.File(name).c_str(), 0700) == 0);
  for (const auto& [file, text] : x) dir.Write(name + "/" + file, text);
  return dir.File(name);
}

// Runs `oversight import --quiet --db DIR/store.db ARGS...`; its exit status.
int Import(const TempDir& dir, std::vector<std::string> args) {
  std::string cmd = std::string(OVERSIGHT_BINARY) + " import --quiet --db '" + dir.File("store.db") + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>'" + dir.File("stderr") + "'";
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("oversight import --from ssd reads an SSD export with the shipped tables", "[ssd]") {
  TempDir dir;
  const std::string folder = WriteFolder(dir, "ssd", SmallSsdCouncil());
  CHECK(Import(dir, {"--from", "ssd", folder}) == 0);
  CHECK(Allocations(dir) == std::vector<std::string>{"C1 CIN S1 key_worker 2023-01-01 -",
                                                     "C1 CIC I1 iro 2023-01-01 -"});
  CHECK(Import(dir, {"--from", "sql", folder}) == 2);
  CHECK_THAT(ReadAll(dir.File("stderr")), Catch::Contains("--from native|ssd"));
  // Without --from the folder is read as the native layout, which it is not.
  CHECK(Import(dir, {folder}) == 1);
  CHECK_THAT(ReadAll(dir.File("stderr")), Catch::Contains("teams.csv: required file is missing"));
  CHECK(Allocations(dir).size() == 2);
}

TEST_CASE("an SSD import killed half-way leaves the previous extract whole", "[ssd][kill]") {
  TempDir dir;
  ImportReport first;
  REQUIRE(ImportSsd(dir, SmallSsdCouncil(), &first).ok());
  const std::string before = ReadAll(dir.File("store.db"));

  Extract big = SmallSsdCouncil();
  for (int c = 0; c < 20000; ++c) {
    big["ssd_involvements.csv"] += "K" + std::to_string(c) + ",S1,CW,K" + std::to_string(c) + ",2021-01-01,NULL\n";
  }
  for (int i = 0; i < 600000; ++i) {
    big["supervisions.csv"] += "X" + std::to_string(i) + ",S1,M1,2023-0" + std::to_string(1 + i % 9) +
                               "-1" + std::to_string(i % 10) + ",case,K" + std::to_string(i % 20000) + ",\n";
  }
  const std::string folder = WriteFolder(dir, "big", big);
  pid_t pid = fork();
  if (pid == 0) {
    execl(OVERSIGHT_BINARY, OVERSIGHT_BINARY, "import", "--quiet", "--db", dir.File("store.db").c_str(),
          "--from", "ssd", folder.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(pid > 0);
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
  CHECK(Allocations(dir).size() == 2);
}
