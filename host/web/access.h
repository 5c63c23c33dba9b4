// Who may see what on the dashboard (cli.md, "The dashboard"): admin and hr see every
// team; a manager sees the teams whose manager is in the line-management tree under
// their worker, that worker included, and may sign in only while that worker is employed.
// A worker's page follows their team; their absences only their managers see (anyone
// above them in the line-management tree), never HR or admins.
#pragma once

#include "store/organisation.h"
#include "web/users.h"

namespace oversight {

bool MaySeeTeam(const Organisation& org, const User& user, const Team& team);
bool MaySeeWorker(const Organisation& org, const User& user, const Worker& worker);
bool MaySeeAbsences(const Organisation& org, const User& user, const Worker& worker);
bool MaySignIn(const Organisation& org, const User& user, Day today);

}  // namespace oversight
