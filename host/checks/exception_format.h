// Writing exceptions for programs (one JSON record a line, policies.md) and for people
// (a table grouped by recipient that fits an 80-column terminal).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "checks/exception.h"
#include "store/organisation.h"

namespace oversight {

// A number as policies.md writes it: rounded to 2 places like printf("%.2f"), without
// trailing zeros ("14.8", "3.12", "70").
std::string FormatNumber2(double v);
std::string JsonString(const std::string& s);

void WriteJsonl(std::ostream& out, const Organisation& org, const std::vector<PolicyException>& e);
void WriteTable(std::ostream& out, const Organisation& org, const std::vector<PolicyException>& e);

}  // namespace oversight
