// Imports of extracts that are hostile by their shape rather than their values: a FIFO,
// a device or a folder in place of a CSV file, values and records too large to hold, an
// import that runs out of memory. Each is refused promptly with an error that names the
// file (`file:line: column: reason`), the store keeps what it had, and no half-built
// `store.db.importing-PID` is left behind.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "extract/import_errors.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

using Strings = std::vector<std::string>;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Strings Leftovers(const TempDir& dir) {
  Strings out;
  DIR* d = opendir(dir.path().c_str());
  REQUIRE(d != nullptr);
  while (dirent* e = readdir(d)) {
    if (std::string(e->d_name).find(".importing-") != std::string::npos) out.push_back(e->d_name);
  }
  closedir(d);
  return out;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

struct Run {
  bool finished = false;  // exited by itself within the time allowed
  int exit_code = -1;
  std::string stderr_text;
};

// `oversight import --quiet --db dir/store.db FOLDER` as an operator would run it, killed
// if it has not finished in a generous minute. Outside AddressSanitizer (which needs a
// vast address space) its memory is capped at 2 GiB, so that an import that hoards
// memory fails instead of taking the machine's.
Run ImportWithBinary(const TempDir& dir, const std::string& folder) {
  const std::string err = dir.File("stderr.txt");
  pid_t pid = fork();
  if (pid == 0) {
    if (!kAddressSanitizer) {
      rlimit cap{2ull << 30, 2ull << 30};
      setrlimit(RLIMIT_AS, &cap);
    }
    if (!freopen(err.c_str(), "w", stderr)) _exit(126);
    execl(OVERSIGHT_BINARY, OVERSIGHT_BINARY, "import", "--quiet", "--db",
          dir.File("store.db").c_str(), folder.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(pid > 0);
  Run run;
  int status = 0;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      run.stderr_text = ReadFile(err);
      return run;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  run.finished = true;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.stderr_text = ReadFile(err);
  return run;
}

// Whether `body` returns true in a child process whose address space may grow by `room`
// bytes at most (not under AddressSanitizer).
template <typename Body>
bool WithMemoryCap(size_t room, Body body) {
  pid_t pid = fork();
  if (pid == 0) {
    std::ifstream statm("/proc/self/statm");
    unsigned long pages = 0;
    statm >> pages;
    rlim_t cap = pages * sysconf(_SC_PAGESIZE) + room;
    rlimit limit{cap, cap};
    setrlimit(RLIMIT_AS, &limit);
    _exit(body() ? 0 : 1);
  }
  REQUIRE(pid > 0);
  int status = 0;
  waitpid(pid, &status, 0);
  INFO("the child's wait status: " << status);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A good import into dir/store.db, then SmallCouncil() in dir/NAME with `file` replaced
// by what `place` puts at the path it is given.
template <typename Place>
std::string ExtractWith(const TempDir& dir, const std::string& name, const std::string& file,
                        Place place) {
  ImportReport first;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &first).ok());
  const std::string folder = dir.File(name);
  REQUIRE(mkdir(folder.c_str(), 0700) == 0);
  for (const auto& [f, text] : SmallCouncil()) dir.Write(name + "/" + f, text);
  unlink((folder + "/" + file).c_str());
  place(folder + "/" + file);
  return folder;
}

// The import is refused at once with `expected` on stderr, the store is unchanged and
// nothing is left behind.
void CheckRefused(const TempDir& dir, const std::string& folder, const std::string& expected) {
  const std::string before = ReadFile(dir.File("store.db"));
  Run run = ImportWithBinary(dir, folder);
  INFO("stderr:\n" << run.stderr_text);
  CHECK(run.finished);
  CHECK(run.exit_code == 1);
  CHECK(run.stderr_text.find(expected) != std::string::npos);
  CHECK((ReadFile(dir.File("store.db")) == before));
  CHECK(Leftovers(dir).empty());
}

// Every error of an import of `x`, formatted.
Strings Errors(const Extract& x, bool* loaded) {
  TempDir dir;
  ImportReport report;
  *loaded = ImportExtractText(dir, x, &report).ok();
  Strings out;
  for (const auto& e : report.errors.Sorted()) out.push_back(FormatImportError(e));
  CHECK(Leftovers(dir).empty());
  return out;
}

const std::string kWorkerLine = "S2,NAME,s2@council.example,social_worker,T1,M1,1.0,2020-01-01,,";

// SmallCouncil() with worker S2's name (workers.csv line 5) set to `name`.
Extract WithS2Name(const std::string& name) {
  Extract x = SmallCouncil();
  std::string& w = x["workers.csv"];
  w.replace(w.find("S2,"), std::string::npos, kWorkerLine.substr(0, 3) + name + kWorkerLine.substr(7) + "\n");
  return x;
}

}  // namespace

TEST_CASE("a FIFO as an extract file is refused at once, naming the file", "[import][hostile]") {
  for (const std::string file : {"teams.csv", "cover.csv"}) {
    TempDir dir;
    std::string folder = ExtractWith(dir, "fifo", file, [](const std::string& path) {
      REQUIRE(mkfifo(path.c_str(), 0600) == 0);
    });
    CheckRefused(dir, folder, file + ": is a FIFO (named pipe), not a regular file: refused");
  }
}

TEST_CASE("a symlink to a device as an extract file is refused, naming the file", "[import][hostile]") {
  for (const std::string device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    TempDir dir;
    std::string folder = ExtractWith(dir, "device", "supervisions.csv", [&](const std::string& path) {
      REQUIRE(symlink(device.c_str(), path.c_str()) == 0);
    });
    INFO(device);
    CheckRefused(dir, folder, "supervisions.csv: is a character device, not a regular file: refused");
  }
}

TEST_CASE("a folder as an extract file is refused, naming the file", "[import][hostile]") {
  TempDir dir;
  std::string folder = ExtractWith(dir, "folder", "workers.csv", [](const std::string& path) {
    REQUIRE(mkdir(path.c_str(), 0700) == 0);
  });
  CheckRefused(dir, folder, "workers.csv: is a folder, not a regular file: refused");
}

TEST_CASE("a symlink to a regular file is read like the file", "[import][hostile]") {
  TempDir dir;
  dir.Write("elsewhere.csv", SmallCouncil()["teams.csv"]);
  std::string target = dir.File("elsewhere.csv");
  std::string folder = ExtractWith(dir, "linked", "teams.csv", [&](const std::string& path) {
    REQUIRE(symlink(target.c_str(), path.c_str()) == 0);
  });
  Run run = ImportWithBinary(dir, folder);
  INFO("stderr:\n" << run.stderr_text);
  CHECK(run.exit_code == 0);
  CHECK(Leftovers(dir).empty());
}

TEST_CASE("a value of more than 64 KiB is an error on its line and column", "[import][hostile]") {
  bool loaded = false;
  CHECK(Errors(WithS2Name(std::string(65536, 'n')), &loaded).empty());
  CHECK(loaded);
  // Far over the limit, and quoted across lines: the next record's line is still right.
  for (const std::string& name : {std::string(65537, 'n'), std::string(20 << 20, 'n'),
                                  "\"" + std::string(300000, '\n') + "\""}) {
    Extract x = WithS2Name(name);
    x["workers.csv"] += "S3,Worker Three,s3@council.example,social_worker,T1,M1,2,2020-01-01,,\n";
    const int64_t next_line = 6 + static_cast<int64_t>(std::count(name.begin(), name.end(), '\n'));
    Strings errors = Errors(x, &loaded);
    CHECK_FALSE(loaded);
    CHECK(errors == Strings{"workers.csv:5: name: the value is longer than 65536 bytes, the most one value may hold",
                            "workers.csv:" + std::to_string(next_line) + ": fte: '2' is not a number with 0 < fte <= 1"});
  }
}

TEST_CASE("a record of more than 1 MiB is an error on its line", "[import][hostile]") {
  // Extra columns (ignored, with a notice) of values within the limit make a long record.
  const std::string value(60000, 'x');
  Extract base = SmallCouncil();
  std::string& teams = base["teams.csv"];
  std::string header = teams.substr(0, teams.find('\n')), rows = teams.substr(teams.find('\n') + 1);
  std::string extra_header, extra_row;
  for (int i = 0; i < 17; ++i) {
    extra_header += ",extra" + std::to_string(i);
    extra_row += "," + value;
  }
  // T0's record as written: "T0,Directorate,Directorate,H1", 17 values, a last one.
  const size_t t0 = std::string("T0,Directorate,Directorate,H1").size() + extra_row.size() + 1;
  const size_t fill = (1u << 20) - t0;  // the last value that makes T0's record 1 MiB
  auto teams_with = [&](size_t extra) {
    std::string last = extra_row + "," + std::string(fill + extra, 'y');
    return header + extra_header + ",extra17\n" + "T0,Directorate,Directorate,H1" + last + "\n" +
           "T1,Team One,Family Safeguarding,M1" + extra_row + ",z\n";
  };
  bool loaded = false;
  Extract exact = base;
  exact["teams.csv"] = teams_with(0);
  CHECK(Errors(exact, &loaded).empty());
  CHECK(loaded);
  Extract over = base;
  over["teams.csv"] = teams_with(1);
  CHECK(Errors(over, &loaded) ==
        Strings{"teams.csv:2: extra17: the record is longer than 1048576 bytes, the most one record may hold"});
  CHECK_FALSE(loaded);
}

TEST_CASE("an import that runs out of memory fails cleanly and leaves nothing behind", "[import][hostile]") {
  if (kAddressSanitizer) {
    WARN("skipped under AddressSanitizer, which aborts when memory runs out instead of throwing");
    return;
  }
  // Half a million workers: far more memory than the cap leaves the import.
  Extract x = SmallCouncil();
  std::string& workers = x["workers.csv"];
  workers.reserve(24u << 20);
  for (int i = 0; i < 500000; ++i) workers += "W" + std::to_string(i) + ",n,,,,,,,,\n";
  TempDir dir;
  CHECK(WithMemoryCap(96u << 20, [&] {
    ImportReport report;
    Status s = ImportExtractText(dir, x, &report);
    return !s.ok() && s.message().find("out of memory") != std::string::npos && Leftovers(dir).empty();
  }));
  CHECK(Leftovers(dir).empty());
}

TEST_CASE("millions of errors are all counted in bounded memory", "[import][hostile]") {
  if (kAddressSanitizer) {
    WARN("skipped under AddressSanitizer, whose shadow memory a capped address space cannot hold");
    return;
  }
  // Three million lines of one byte that is not UTF-8: two errors each.
  Extract x = SmallCouncil();
  std::string& workers = x["workers.csv"];
  const int kLines = 3000000;
  workers.reserve(workers.size() + 2 * kLines);
  for (int i = 0; i < kLines; ++i) workers += "\xFF\n";
  TempDir dir;
  CHECK(WithMemoryCap(128u << 20, [&] {
    ImportReport report;
    Status s = ImportExtractText(dir, x, &report);
    std::ostringstream printed;
    report.errors.Print(printed);
    const std::string& text = printed.str();
    return !s.ok() && report.errors.size() == 2u * kLines &&
           text.rfind("workers.csv:6: bytes that are not valid UTF-8\n"
                      "workers.csv:6: the record has 1 fields; the header has 10\n", 0) == 0 &&
           text.find("\n... and " + std::to_string(2 * kLines - 1000) + " more errors\n") != std::string::npos;
  }));
  CHECK(Leftovers(dir).empty());
}

TEST_CASE("values quoted in errors and notices cannot steer a terminal or run on", "[import][hostile]") {
  Extract x = SmallCouncil();
  // An escape sequence in a date, a line break in a quoted email, an escape sequence
  // and a C1 control (CSI) in an unknown column's name, a long reference.
  x["workers.csv"] = "worker_id,name,email,role,team_id,line_manager_id,fte,start_date,end_date,asye_start,\"x\x1b]0;\xC2\x9B\"\n" +
                     x["workers.csv"].substr(x["workers.csv"].find('\n') + 1);
  std::string& w = x["workers.csv"];
  w.replace(w.find("S2,"), std::string::npos,
            "S2,Two,\"s2@council\nexample\",social_worker,T1," + std::string(300, 'L') +
                ",1.0,2020-01-\x1b[2J,,,x\n");
  for (auto* line : {"H1,", "M1,", "S1,"}) {
    size_t at = w.find(line);
    w.insert(w.find('\n', at), ",x");
  }
  bool loaded = false;
  Strings errors = Errors(x, &loaded);
  CHECK_FALSE(loaded);
  CHECK(errors == Strings{
      "workers.csv:5: email: holds a control character (a line break?): not an email address local@domain",
      "workers.csv:5: line_manager_id: id is longer than 64 bytes",
      "workers.csv:5: start_date: '2020-01-\\x1B[2J' is not a real date written YYYY-MM-DD",
      "workers.csv:5: line_manager_id: no worker with worker_id '" + std::string(100, 'L') + "...' (300 bytes)"});
  TempDir dir;
  ImportReport report;
  ImportExtractText(dir, x, &report);
  CHECK(report.notices == Strings{"workers.csv: column 'x\\x1B]0;\\xC2\\x9B' is not in the contract; ignored"});
}
