// The column tables of data-contract.md.
#include "extract/contract.h"

namespace oversight {

int FileSpec::Column(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

ColumnSpec Req(const char* name, ValueType type, std::vector<std::string> allowed = {}) {
  return {name, true, true, type, std::move(allowed)};
}
// A column whose values may be empty; it may also be left out of the header.
ColumnSpec Opt(const char* name, ValueType type) { return {name, false, false, type, {}}; }

}  // namespace

const std::vector<FileSpec>& ExtractFiles() {
  using V = ValueType;
  static const std::vector<FileSpec> kFiles = {
      {"teams.csv", false,
       {Req("team_id", V::kId), Req("name", V::kText), Req("service", V::kText),
        Req("manager_id", V::kId)}},
      {"workers.csv", false,
       {Req("worker_id", V::kId), Req("name", V::kText), Req("email", V::kEmail),
        Req("role", V::kEnum,
            {"social_worker", "senior_practitioner", "family_support_worker", "iro",
             "team_manager", "service_manager", "head_of_service"}),
        Req("team_id", V::kId), Opt("line_manager_id", V::kId), Req("fte", V::kFte),
        Req("start_date", V::kDate), Opt("end_date", V::kDate), Opt("asye_start", V::kDate)}},
      {"allocations.csv", false,
       {Req("case_id", V::kId), Req("case_type", V::kEnum, {"CIN", "CP", "CIC", "CL", "CWD"}),
        Req("worker_id", V::kId), Req("role", V::kEnum, {"key_worker", "iro"}),
        Req("start_date", V::kDate), Opt("end_date", V::kDate)}},
      {"supervisions.csv", false,
       {Req("supervision_id", V::kId), Req("worker_id", V::kId), Req("supervisor_id", V::kId),
        Req("date", V::kDate),
        Req("kind", V::kEnum, {"case", "group", "personal", "wellbeing", "asye_review"}),
        // Required for case and group sessions: a Shape rule, checked by the importer.
        {"case_id", false, true, V::kId, {}}, Opt("recorded_date", V::kDate)}},
      {"absences.csv", true,
       {Req("worker_id", V::kId), Req("start_date", V::kDate), Req("end_date", V::kDate),
        Req("kind", V::kEnum, {"sickness", "annual_leave", "parental", "other"})}},
      {"cover.csv", true,
       {Req("manager_id", V::kId), Req("cover_id", V::kId), Req("start_date", V::kDate),
        Req("end_date", V::kDate)}},
      {"development_time.csv", true,
       {Req("worker_id", V::kId), Req("date", V::kDate), Req("hours", V::kHours)}},
  };
  return kFiles;
}

const std::vector<std::string>& AllowedValues(FileIndex file, const std::string& column) {
  const FileSpec& spec = ExtractFiles().at(file);
  return spec.columns.at(static_cast<size_t>(spec.Column(column))).allowed;
}

}  // namespace oversight
