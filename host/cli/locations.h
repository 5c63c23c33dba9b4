// Where the shipped plugins and configuration are: beside the program (build/../plugins
// in a checkout, or an installed share folder), else the source tree it was built from.
#pragma once

#include <string>

namespace oversight {

std::string ShippedPluginsDir();
std::string ShippedSettingsFile();  // config/policy.lua
std::string ShippedConfigFile();    // config/oversight.properties
std::string ShippedCalendarFile();  // config/bank_holidays.lua
std::string ShippedSsdJobTitlesFile();          // config/ssd_job_titles.csv
std::string ShippedSsdInvolvementRolesFile();   // config/ssd_involvement_roles.csv
// govuk-frontend's built assets, installed by scripts/setup (npm) under host/web/assets.
std::string ShippedStaticDir();

}  // namespace oversight
