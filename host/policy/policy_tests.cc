// Running plugin test cases in temporary stores.
#include "policy/policy_tests.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "checks/check_run.h"
#include "checks/exception_format.h"
#include "store/import.h"
#include "store/organisation.h"

namespace oversight {

namespace {

std::vector<std::string> Folders(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    struct stat st;
    if (name[0] != '.' && stat((dir + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) out.push_back(name);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

// Lines of a file without comments and blank lines, white space runs folded to one space.
std::vector<std::string> ReadLines(const std::string& path, bool* ok) {
  std::ifstream in(path);
  *ok = static_cast<bool>(in);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    line = Trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::istringstream words(line);
    std::string w, folded;
    while (words >> w) folded += (folded.empty() ? "" : " ") + w;
    out.push_back(folded);
  }
  return out;
}

struct TempFolder {
  std::string path;
  TempFolder() {
    char tmpl[] = "/tmp/oversight-policy-test-XXXXXX";
    if (mkdtemp(tmpl)) path = tmpl;
  }
  ~TempFolder() {
    if (path.empty()) return;
    for (const char* f : {"/store.db", "/store.db.state", "/store.db.state-wal", "/store.db.state-shm"}) {
      unlink((path + f).c_str());
    }
    rmdir(path.c_str());
  }
};

PolicyTestResult RunCase(const PolicyRunOptions& base, const std::string& plugin, const std::string& dir,
                         const std::string& name) {
  PolicyTestResult r;
  r.plugin = plugin;
  r.name = name;
  bool ok = false;
  auto as_of_lines = ReadLines(dir + "/as_of", &ok);
  auto day = ok && !as_of_lines.empty() ? ParseDate(as_of_lines[0]) : std::nullopt;
  if (!day) {
    r.error = dir + "/as_of: needs one date, YYYY-MM-DD";
    return r;
  }
  r.as_of = as_of_lines[0];
  auto expected = ReadLines(dir + "/expected", &ok);
  if (!ok) {
    r.error = dir + "/expected: missing (an empty file means no exceptions are expected)";
    return r;
  }
  TempFolder tmp;
  if (tmp.path.empty()) {
    r.error = "cannot make a temporary folder";
    return r;
  }
  ImportOptions import;
  import.db_path = tmp.path + "/store.db";
  import.extract_dir = dir;
  ImportReport report;
  if (Status s = ImportExtract(import, &report); !s.ok()) {
    std::ostringstream errors;
    report.errors.Print(errors, 5);
    r.error = "the test's extract does not import: " + (errors.str().empty() ? s.message() : errors.str());
    return r;
  }
  PolicyRunOptions options = base;
  options.snapshot_path = import.db_path;
  options.as_of = *day;
  options.only = {base.plugins_dir + "/" + plugin + ".lua"};
  options.force_enable = true;  // a plugin switched off is still tested
  auto run = RunChecks(options);
  if (!run.ok()) {
    r.error = run.status().message();
    return r;
  }
  for (const auto& p : run->plugins) {
    if (p.state == PluginOutcome::State::kFailed) r.error = "the plugin failed: " + p.reason;
    if (p.state == PluginOutcome::State::kDisabled) r.error = "the plugin is disabled by the settings";
  }
  if (!r.error.empty()) return r;
  std::multiset<std::string> got;
  for (const auto& e : run->exceptions) {
    auto num = [](const std::optional<double>& v) { return v ? FormatNumber2(*v) : std::string("-"); };
    got.insert(PolicyTestLine(e.code, run->org.worker(e.worker).id, e.case_id.value_or("-"),
                              e.due_date ? FormatDate(*e.due_date) : "-",
                              e.days_overdue ? std::to_string(*e.days_overdue) : "-", num(e.value), num(e.limit)));
  }
  std::multiset<std::string> want(expected.begin(), expected.end());
  for (const auto& w : want) {
    auto it = got.find(w);
    if (it == got.end()) {
      r.missing.push_back(w);
    } else {
      got.erase(it);
    }
  }
  r.unexpected.assign(got.begin(), got.end());
  r.passed = r.missing.empty() && r.unexpected.empty();
  return r;
}

}  // namespace

std::string PolicyTestLine(const std::string& code, const std::string& worker, const std::string& case_id,
                           const std::string& due, const std::string& overdue, const std::string& value,
                           const std::string& limit) {
  return code + " " + worker + " " + case_id + " " + due + " " + overdue + " " + value + " " + limit;
}

Result<std::vector<PolicyTestResult>> RunPolicyTests(const PolicyRunOptions& base, const std::string& filter) {
  auto plugins = ListPlugins(base.plugins_dir);
  if (!plugins.ok()) return plugins.status();
  std::vector<PolicyTestResult> results;
  const std::string tests = base.plugins_dir + "/tests";
  for (const std::string& path : *plugins) {
    std::string plugin = path.substr(path.rfind('/') + 1);
    plugin = plugin.substr(0, plugin.size() - 4);
    for (const std::string& name : Folders(tests + "/" + plugin)) {
      if (!filter.empty() && (plugin + "/" + name).find(filter) == std::string::npos) continue;
      results.push_back(RunCase(base, plugin, tests + "/" + plugin + "/" + name, name));
    }
  }
  return results;
}

namespace {

// The codes the `expected` files of a plugin's cases list (the first word of each line).
std::set<std::string> ExpectedCodes(const std::string& tests, int* cases) {
  std::set<std::string> codes;
  for (const std::string& name : Folders(tests)) {
    ++*cases;
    bool ok = false;
    for (const std::string& line : ReadLines(tests + "/" + name + "/expected", &ok)) {
      codes.insert(line.substr(0, line.find(' ')));
    }
  }
  return codes;
}

}  // namespace

Result<PolicyCoverage> MeasurePolicyCoverage(const PolicyRunOptions& base) {
  PolicyRunOptions o = base;
  o.validate_settings = true;  // load each plugin to read its codes; run no check()
  o.force_enable = true;
  o.only.clear();
  const Organisation nobody;
  PolicyCoverage coverage;
  for (const PluginOutcome& p : RunPlugins(nobody, o)) {
    PluginCoverage c;
    c.plugin = p.name;
    if (p.state == PluginOutcome::State::kFailed) c.error = p.reason;
    const std::set<std::string> expected = ExpectedCodes(base.plugins_dir + "/tests/" + p.name, &c.cases);
    // The codes it declares (codes = {...}); a plugin that declares none, those its rules name.
    std::set<std::string> codes;
    for (const auto& [code, d] : p.codes) codes.insert(code);
    if (codes.empty()) {
      for (const auto& [code, words] : p.rules) codes.insert(code);
    }
    for (const auto& code : codes) {
      c.codes.push_back(code);
      if (!expected.count(code)) c.uncovered.push_back(code);
    }
    coverage.codes += static_cast<int>(c.codes.size());
    coverage.covered += static_cast<int>(c.codes.size() - c.uncovered.size());
    coverage.plugins.push_back(std::move(c));
  }
  return coverage;
}

}  // namespace oversight
