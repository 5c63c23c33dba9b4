// Pieces several dashboard pages share: a chart in its box with its legend, the link to a
// table's JSON, a short date for a chart's axis, and the status tag a compliance share gets
// against the targets.
#pragma once

#include <optional>
#include <string>

#include "web/team_view.h"

namespace oversight {

// A chart and its legend, then the table of the same figures (full width: tables are wide).
std::string ChartWithTable(const std::string& chart, const std::string& legend, const std::string& table);
// "The same as JSON: /api/..." under a table.
std::string AlsoJson(const std::string& href);
// "4 Mar" for a chart's axis, from an ISO date.
std::string ShortDate(const std::string& iso);
// A GOV.UK tag for a share against the targets: "Good" (green), "Poor" (red), or nothing
// between them or with no figure.
std::string TargetTag(std::optional<double> percent, const ComplianceTargets& targets);

}  // namespace oversight
