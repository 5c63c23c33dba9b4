// The files of an SSD extract (ssd-extract.md, "The files") as data: the SSD tables and
// the supplement's two own files, their columns and value types, and the order their
// errors are listed in (before the native supplement files: supervisions and after).
#pragma once

#include "extract/contract.h"

namespace oversight {

enum SsdFile {
  kSsdDepartment, kSsdProfessionals, kWorkforce, kTeamManagers, kSsdInvolvements,
  kSsdCpPlans, kSsdClaEpisodes, kSsdCareLeavers, kSsdDisability, kSsdFileCount
};

const FileSpec& SsdFileSpec(int file);
// Where the file's errors are listed among all others (ImportErrors order).
inline int SsdErrorOrder(int file) { return file - kSsdFileCount; }

// Column positions, by file, in the order SsdFileSpec lists them.
namespace ssd_col {
enum Department { kDeptId, kDeptName, kDeptParentName };
enum Professionals { kProfId, kProfName, kProfJobTitle, kProfDepartment, kProfFte };
enum Workforce { kWfWorker, kWfEmail, kWfRole, kWfLineManager, kWfStart, kWfEnd, kWfAsye };
enum TeamManagers { kTmTeam, kTmManager };
enum Involvements { kInvoId, kInvoProfessional, kInvoRole, kInvoPerson, kInvoStart, kInvoEnd };
enum Periods { kPeriodPerson, kPeriodStart, kPeriodEnd };  // CP plans and CLA episodes
enum CareLeavers { kCleaPerson };
enum Disability { kDisaPerson, kDisaCode };
}  // namespace ssd_col

}  // namespace oversight
