// Caching the day's data; a team's caseloads as JSON and CSV; team and worker paths.
#include "web/team_view.h"

#include <Poco/URI.h>
#include <sys/stat.h>

#include <sstream>

#include "checks/exception_format.h"
#include "web/data_table.h"

namespace oversight {

std::string TeamPath(const std::string& team_id) {
  std::string encoded;
  Poco::URI::encode(team_id, "/?#[]@!$&'()*+,;=:", encoded);
  return "/teams/" + encoded;
}

std::string WorkerPath(const std::string& worker_id) {
  std::string encoded;
  Poco::URI::encode(worker_id, "/?#[]@!$&'()*+,;=:", encoded);
  std::string out;
  for (char c : encoded) out += c == '.' ? std::string("%2E") : std::string(1, c);
  return "/workers/" + out;
}

Result<std::shared_ptr<const DashboardData>> DashboardSource::Get(Day day) {
  struct stat st;
  if (stat(options_.snapshot_path.c_str(), &st) != 0) return Status::Error("no store: import an extract first");
  const long long mtime = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  std::lock_guard<std::mutex> lock(mu_);
  if (cached_ && cached_->day == day && cached_mtime_ == mtime) return cached_;
  PolicyRunOptions o = options_;
  o.as_of = day;
  auto run = RunChecks(o);
  if (!run.ok()) return run.status();
  auto settings = LoadCaseloadSettings(o.settings_path);
  if (!settings.ok()) return settings.status();
  auto data = std::make_shared<DashboardData>();
  data->day = day;
  data->run = std::move(run.value());
  Database* db = data->run.snapshot.get();  // the extract the checks read
  auto loads = WorkerLoads(data->run.org, db, *settings, day, data->run.asye);
  if (!loads.ok()) return loads.status();
  data->loads = std::move(loads.value());
  auto iros = LoadIroCaseloads(data->run.org, db, day);
  if (!iros.ok()) return iros.status();
  data->iro_caseloads = std::move(iros.value());
  for (const WorkerLoad& l : data->loads) {
    for (const HeldCase& c : l.cases) data->case_types[c.case_id] = c.case_type;
  }
  data->settings = *settings;
  cached_ = data;
  cached_mtime_ = mtime;
  return cached_;
}

void DashboardSource::Follow(const PolicyRunOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  if (options.plugins_dir == options_.plugins_dir && options.settings_path == options_.settings_path &&
      options.calendar_path == options_.calendar_path) {
    return;
  }
  options_.plugins_dir = options.plugins_dir;
  options_.settings_path = options.settings_path;
  options_.calendar_path = options.calendar_path;
  cached_.reset();
}

namespace {
const char* State(const WorkerLoad& l) {
  if (!l.employed) return "left";
  if (l.absent) return "away";
  return l.asye ? "asye" : "working";
}
}  // namespace

std::string CaseloadJson(const DashboardData& d, const Team& t) {
  const Organisation& org = d.run.org;
  std::string out = "{\"team_id\":" + JsonString(t.id) + ",\"as_of\":\"" + FormatDate(d.day) + "\",\"workers\":[";
  bool first = true;
  for (const WorkerLoad& l : d.loads) {
    const Worker& w = org.worker(l.worker);
    if (w.team != t.key) continue;
    out += std::string(first ? "" : ",") + "{\"worker_id\":" + JsonString(w.id) + ",\"name\":" + JsonString(w.name) +
           ",\"cases\":" + std::to_string(l.cases.size()) + ",\"weighted\":" + FormatNumber2(l.weighted) +
           ",\"cap\":" + FormatNumber2(l.cap) + ",\"headroom\":" + FormatNumber2(l.headroom()) + ",\"state\":\"" +
           State(l) + "\"}";
    first = false;
  }
  return out + "]}\n";
}

std::string CaseloadCsv(const DashboardData& d, const Team& t) {
  const Organisation& org = d.run.org;
  std::string out = "worker_id,name,cases,weighted,cap,headroom,state\r\n";
  for (const WorkerLoad& l : d.loads) {
    const Worker& w = org.worker(l.worker);
    if (w.team != t.key) continue;
    out += CsvField(w.id) + "," + CsvField(w.name) + "," + std::to_string(l.cases.size()) + "," + FormatNumber2(l.weighted) +
           "," + FormatNumber2(l.cap) + "," + FormatNumber2(l.headroom()) + "," + State(l) + "\r\n";
  }
  return out;
}

}  // namespace oversight
