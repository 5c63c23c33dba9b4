// The column tables of ssd-extract.md.
#include "ssd/ssd_files.h"

#include <vector>

namespace oversight {

namespace {

using V = ValueType;
// SSD tables: every column named must be in the header; `value` says whether it may be empty.
ColumnSpec Ssd(const char* name, bool value, V type) { return {name, value, true, type, {}}; }
// The supplement follows data-contract.md: optional values may also leave their column out.
ColumnSpec Req(const char* name, V type) { return {name, true, true, type, {}}; }
ColumnSpec Opt(const char* name, V type) { return {name, false, false, type, {}}; }

FileSpec Table(const char* file, bool optional, std::vector<ColumnSpec> columns) {
  FileSpec spec{file, optional, std::move(columns)};
  spec.null_is_empty = true;
  return spec;
}

std::vector<FileSpec> MakeFiles() {
  const auto roles = ExtractFiles()[kWorkers].columns[ExtractFiles()[kWorkers].Column("role")].allowed;
  return {
      Table("ssd_department.csv", false,
            {Ssd("dept_team_id", true, V::kId), Ssd("dept_team_name", true, V::kText),
             Ssd("dept_team_parent_name", false, V::kText)}),
      Table("ssd_professionals.csv", false,
            {Ssd("prof_professional_id", true, V::kId), Ssd("prof_professional_name", true, V::kText),
             Ssd("prof_professional_job_title", true, V::kText),
             Ssd("prof_professional_department", true, V::kText),
             Ssd("prof_full_time_equivalency", true, V::kFte)}),
      {"workforce.csv", false,
       {Req("worker_id", V::kId), Req("email", V::kEmail), {"role", false, false, V::kEnum, roles},
        Opt("line_manager_id", V::kId), Req("start_date", V::kDate), Opt("end_date", V::kDate),
        Opt("asye_start", V::kDate)}},
      {"team_managers.csv", false, {Req("team_id", V::kId), Req("manager_id", V::kId)}},
      // Values are judged only for the involvements kept (ssd/involvements.cc).
      Table("ssd_involvements.csv", false,
            {Ssd("invo_involvements_id", false, V::kText), Ssd("invo_professional_id", false, V::kText),
             Ssd("invo_professional_role_id", false, V::kText), Ssd("invo_person_id", false, V::kText),
             Ssd("invo_involvement_start_date", false, V::kText),
             Ssd("invo_involvement_end_date", false, V::kText)}),
      Table("ssd_cp_plans.csv", true,
            {Ssd("cppl_person_id", true, V::kId), Ssd("cppl_cp_plan_start_date", true, V::kSqlServerDate),
             Ssd("cppl_cp_plan_end_date", false, V::kSqlServerDate)}),
      Table("ssd_cla_episodes.csv", true,
            {Ssd("clae_person_id", true, V::kId),
             Ssd("clae_cla_episode_start_date", true, V::kSqlServerDate),
             Ssd("clae_cla_episode_ceased_date", false, V::kSqlServerDate)}),
      Table("ssd_care_leavers.csv", true, {Ssd("clea_person_id", true, V::kId)}),
      Table("ssd_disability.csv", true,
            {Ssd("disa_person_id", true, V::kId), Ssd("disa_disability_code", false, V::kText)}),
  };
}

}  // namespace

const FileSpec& SsdFileSpec(int file) {
  static const std::vector<FileSpec> kFiles = MakeFiles();
  return kFiles[file];
}

}  // namespace oversight
