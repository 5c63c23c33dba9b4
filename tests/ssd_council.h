// A small council as an SSD export (ssd-extract.md) and the means to import it and look
// at what was loaded, shared by the SSD import tests. Test code only.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "common/date.h"
#include "store/sqlite.h"
#include "test_support.h"

namespace oversight::test {

inline Day D(const char* iso) { return *ParseDate(iso); }

inline const char* kInvolvementsHeader =
    "invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_person_id,"
    "invo_involvement_start_date,invo_involvement_end_date\n";

// A small council as an SSD export: head of service H1 (Directorate), team manager M1 and
// social worker S1 (Family Safeguarding 1, named by its name and by its id), IRO I1.
inline Extract SmallSsdCouncil() {
  return {
      {"ssd_department.csv",
       "dept_team_id,dept_team_name,dept_team_parent_id,dept_team_parent_name\n"
       "T0,Directorate,NULL,NULL\n"
       "T1,Family Safeguarding 1,T0,Family Safeguarding\n"},
      {"ssd_professionals.csv",
       "prof_professional_id,prof_staff_id,prof_professional_name,prof_professional_job_title,"
       "prof_professional_department,prof_full_time_equivalency\n"
       "H1,X1,Worker H1,Head of Service,T0,1.0\n"
       "M1,X2,Worker M1,Team Manager,Family Safeguarding 1,1\n"
       "S1,X3,Worker S1,Social Worker,T1,0.8\n"
       "I1,X4,Worker I1,IRO,Directorate,0.5\n"},
      {"workforce.csv",
       "worker_id,email,role,line_manager_id,start_date,end_date,asye_start\n"
       "H1,h1@council.example,,,2020-01-01,,\n"
       "M1,m1@council.example,,H1,2020-01-01,,\n"
       "S1,s1@council.example,,M1,2020-01-01,,\n"
       "I1,i1@council.example,,H1,2020-01-01,,\n"},
      {"team_managers.csv", "team_id,manager_id\nT0,H1\nT1,M1\n"},
      {"ssd_involvements.csv", std::string(kInvolvementsHeader) +
                                   "V1,S1,CW,C1,2023-01-01,NULL\n"
                                   "V2,I1,IRO,C1,2023-01-01 00:00:00.000,1900-01-01\n"},
      {"supervisions.csv", "supervision_id,worker_id,supervisor_id,date,kind,case_id,recorded_date\n"},
  };
}

inline Status ImportSsd(const TempDir& dir, const Extract& extract, ImportReport* report) {
  static int counter = 0;
  std::string folder = dir.File("ssd" + std::to_string(++counter));
  std::string cmd = "mkdir -p '" + folder + "'";
  if (std::system(cmd.c_str()) != 0) return Status::Error("mkdir failed");
  for (const auto& [name, text] : extract) dir.Write(folder.substr(dir.path().size() + 1) + "/" + name, text);
  ImportOptions options;
  options.db_path = dir.File("store.db");
  options.extract_dir = folder;
  options.layout = ExtractLayout::kSsd;
  options.ssd_job_titles = RepoPath("config/ssd_job_titles.csv");
  options.ssd_involvement_roles = RepoPath("config/ssd_involvement_roles.csv");
  return ImportExtract(options, report);
}

inline std::vector<std::string> Rows(const TempDir& dir, const std::string& sql) {
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto q = db->Prepare(sql);
  REQUIRE(q.ok());
  std::vector<std::string> rows;
  while (q->Step()) rows.push_back(q->Text(0));
  return rows;
}

// Each allocation as "case type worker role start end" ("-" for an open end).
inline std::vector<std::string> Allocations(const TempDir& dir) {
  return Rows(dir,
              "SELECT a.case_id || ' ' || a.case_type || ' ' || w.worker_id || ' ' || a.role || ' ' || "
              "date(a.start_day * 86400, 'unixepoch') || ' ' || "
              "coalesce(date(a.end_day * 86400, 'unixepoch'), '-') "
              "FROM allocations a JOIN workers w ON w.wid = a.worker ORDER BY a.rowid");
}

inline std::vector<std::string> Errors(const ImportReport& report) {
  std::vector<std::string> out;
  for (const auto& e : report.errors.Sorted()) out.push_back(FormatImportError(e));
  return out;
}

// The single error a broken extract gives, as printed.
inline std::string OnlyError(Extract x) {
  TempDir dir;
  ImportReport report;
  CHECK_FALSE(ImportSsd(dir, x, &report).ok());
  auto errors = Errors(report);
  INFO(::Catch::Detail::stringify(errors));
  REQUIRE(errors.size() == 1);
  return errors[0];
}

inline void Replace(std::string* text, const std::string& from, const std::string& to) {
  size_t at = text->find(from);
  REQUIRE(at != std::string::npos);
  text->replace(at, from.size(), to);
}

}  // namespace oversight::test
